import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The whole message as sent: headers and body. */
  raw: string;
}

/** A real SMTP server in this process, receiving what nodemailer sends: no authentication, no TLS. */
export async function startMailServer(): Promise<{ url: string; received: ReceivedMail[]; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  // A sender killed mid-session resets its connection (the kill -9 tests do it): a mail server notes it and goes on.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** How the chat receiver answers the next post: accept it, refuse it with a 500, or never answer. */
export type ChatAnswer = 'accept' | 'fail' | 'hang';

/**
 * A local HTTP receiver standing in for a Slack-compatible incoming webhook. It answers posts as told, in turn, then
 * accepts; it keeps what it accepted, and counts every post it was sent.
 */
export async function startChatReceiver(): Promise<{
  url: string;
  accepted: { text: string }[];
  posts: () => number;
  /** Answers the next posts so, in turn; with `matching`, only posts whose body contains it. */
  answer(answers: ChatAnswer[], matching?: string): void;
  /** Resolves when the next post arrives (before it is answered). */
  nextPost(): Promise<void>;
  close(): Promise<void>;
}> {
  const accepted: { text: string }[] = [];
  const answers: { answer: ChatAnswer; matching?: string }[] = [];
  const hanging = new Set<ServerResponse>();
  const waiting: (() => void)[] = [];
  let posts = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    // A poster killed while its post hangs resets the connection: the receiver goes on.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      posts += 1;
      waiting.splice(0).forEach((resolve) => resolve());
      const next = answers.findIndex(({ matching }) => matching === undefined || body.includes(matching));
      const answer = next < 0 ? 'accept' : answers.splice(next, 1)[0].answer;
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      if (answer === 'fail') {
        response.writeHead(500).end('internal_error');
        return;
      }
      accepted.push(JSON.parse(body) as { text: string });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/club`,
    accepted,
    posts: () => posts,
    answer: (next, matching) => answers.push(...next.map((answer) => ({ answer, matching }))),
    nextPost: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        hanging.forEach((response) => response.destroy());
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
