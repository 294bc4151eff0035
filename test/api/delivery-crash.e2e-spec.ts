import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_JWT_SECRET, startChatReceiver, startMailServer, tokenFor, pgliteStore, builtProduct, ROOT } from '@club-ledger/test-support';

jest.setTimeout(240_000);

const contributors = Array.from({ length: 6 }, (_, n) => `pm-${n}`);

/** The compiled API in a process of its own, on a PGlite folder, answering on the port it reports. */
async function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', 'dist/apps/api/src/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_BASEURL: 'dist', PORT: '0', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  for (let waited = 0; !/listening on (\S+)\/graphql/.test(output); waited += 50) {
    if (child.exitCode !== null || waited > 60_000) throw new Error(`The API did not start: ${output}`);
    await sleep(50);
  }
  const base = /listening on (\S+)\/graphql/.exec(output)![1].replace('[::1]', '127.0.0.1');
  return { child, base };
}

async function gql(base: string, who: string, roles: string[], query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(who, roles)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- shaped by each query
  expect(body.errors).toBeUndefined();
  return body.data!;
}

// The child runs the compiled output, as a deployment would; compiling once here keeps it current.
beforeAll(builtProduct, 300_000);

describe('deliveries when the API is killed mid-send', () => {
  it('loses none: a kill -9 while the chat hook holds a post leaves it to be sent after the restart', async () => {
    const mail = await startMailServer();
    const chat = await startChatReceiver();
    const env = { ...pgliteStore('crash'), AUTH_JWT_SECRET: TEST_JWT_SECRET, SMTP_URL: mail.url, CHAT_WEBHOOK_URL: chat.url };
    try {
      // The first post hangs until the process is gone: it is mid-send when the process dies.
      chat.answer(['hang']);
      const first = await startApi(env);
      for (const id of ['rep-1', ...contributors]) {
        await gql(first.base, 'hr', ['HR'], `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, {
          input: { id, name: `Person ${id}`, email: `${id}@example.com`, department: id === 'rep-1' ? 'Sales' : 'Product Management' },
        });
      }
      await gql(first.base, 'rep-1', [], `mutation($input: OpenDealInput!) { openDeal(input: $input) { id } }`, {
        input: { id: 'd-1', name: 'Acme renewal', account: 'Acme', ownerId: 'rep-1', type: 'RENEWAL', amount: '1000.00', products: [], openedOn: '2026-02-01' },
      });
      await gql(first.base, 'rep-1', [], `mutation { closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-03-02" }) { id } }`);
      const posted = chat.nextPost();
      for (const contributorId of contributors) {
        await gql(first.base, 'rep-1', [], `mutation($input: CreditContributionInput!) { creditContribution(input: $input) { id } }`, {
          input: { dealId: 'd-1', contributorId, kind: 'POC_SUPPORT', note: 'Ran the proof of concept' },
        });
      }
      await posted;
      first.child.kill('SIGKILL');
      await once(first.child, 'exit');
      expect(chat.accepted.length).toBeLessThan(contributors.length);

      const second = await startApi(env);
      try {
        const everyone = (texts: string[]) => contributors.every((id) => texts.some((text) => text.includes(`${id}@example.com`)));
        for (let waited = 0; !everyone(chat.accepted.map((message) => message.text)) || !everyone(mail.received.map((message) => message.to.join())); waited += 100) {
          if (waited > 90_000) throw new Error(`Not every delivery arrived: chat ${JSON.stringify(chat.accepted)}, mail to ${mail.received.map((m) => m.to)}`);
          await sleep(100);
        }
        // A message arrives before its delivery is marked: the outbox records DELIVERED once the server has accepted it.
        const undelivered = async () => {
          const { deliveries } = await gql(second.base, 'admin', ['ADMIN'], `{ deliveries(first: 100) { totalCount nodes { channel status } } }`);
          expect(deliveries.totalCount).toBe(contributors.length * 2);
          return deliveries.nodes.filter((delivery: { status: string }) => delivery.status !== 'DELIVERED');
        };
        let left = await undelivered();
        for (let waited = 0; left.length > 0 && waited < 30_000; waited += 200) {
          await sleep(200);
          left = await undelivered();
        }
        expect(left).toEqual([]);
      } finally {
        second.child.kill('SIGTERM');
        await once(second.child, 'exit');
      }
    } finally {
      await chat.close();
      await mail.close();
    }
  });
});
