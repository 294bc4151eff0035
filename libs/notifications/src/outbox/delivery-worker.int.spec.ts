import { randomUUID } from 'node:crypto';
import { sqlEngines, startChatReceiver, startMailServer } from '@club-ledger/test-support';
import type { SqlClient } from '@club-ledger/kernel';
import { chatSender } from '../channels/chat';
import { emailSender } from '../channels/email';
import type { DeliveryChannel } from '../channels/channel';
import { readDeliveries, retryDelivery } from '../delivery.queries';
import { recordNotices } from '../record-notices';
import { migrateNotifications } from '../schema';
import { DeliveryWorker, type DeliveryOutcome } from './delivery-worker';

const start = new Date('2026-06-01T09:00:00.000Z');

describe.each(sqlEngines('delivery worker'))('the delivery worker on $name', ({ name, open }) => {
  jest.setTimeout(60_000);
  let sql: SqlClient;
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  let chat: Awaited<ReturnType<typeof startChatReceiver>>;
  let now: Date;
  let outcomes: [DeliveryChannel, DeliveryOutcome][];

  beforeAll(async () => {
    sql = await open();
    await migrateNotifications(sql);
    mail = await startMailServer();
    chat = await startChatReceiver();
    process.stdout.write(`delivery worker: running against ${name}\n`);
  });
  afterAll(async () => {
    await chat.close();
    await mail.close();
    await sql.close();
  });
  beforeEach(async () => {
    now = start;
    outcomes = [];
    mail.received.length = 0;
    chat.accepted.length = 0;
    await sql.query(`TRUNCATE notification_people, notifications, notification_reads, deliveries CASCADE`);
    await sql.query(`INSERT INTO notification_people (employee_id, name, email, department) VALUES ('pm-1', 'Priya Shah', 'priya@example.com', 'PM')`);
  });

  const worker = (channels: DeliveryChannel[] = ['EMAIL', 'CHAT']) =>
    new DeliveryWorker({
      sql,
      senders: {
        ...(channels.includes('EMAIL') && { EMAIL: emailSender(mail.url, 'Club Ledger <ledger@example.com>') }),
        ...(channels.includes('CHAT') && { CHAT: chatSender(chat.url) }),
      },
      clock: { now: () => now },
      maxAttempts: 3,
      timeoutMs: 500,
      baseDelayMs: 1_000,
      onOutcome: (channel, outcome) => outcomes.push([channel, outcome]),
    });
  const notify = (channels = { email: true, chat: true }) =>
    sql.transaction((tx) =>
      recordNotices(tx, [{ id: randomUUID(), recipient: 'pm-1', kind: 'CREDITED', at: start.toISOString(), text: 'Dahlia Wolf credited you for POC support on Acme', link: '/deals/d-1' }], { ...channels, hrEmail: null }, start),
    );
  const deliveries = async () => (await readDeliveries(sql, { status: null, offset: 0, limit: 50 })).nodes;
  const later = (ms: number) => (now = new Date(now.getTime() + ms));

  it('mails the notification through SMTP and posts it to chat naming the person by email', async () => {
    await notify();
    expect(await worker().deliverDue()).toBe(2);
    expect(mail.received).toHaveLength(1);
    expect(mail.received[0]).toMatchObject({ from: 'ledger@example.com', to: ['priya@example.com'] });
    expect(mail.received[0].raw).toContain('Subject: Dahlia Wolf credited you for POC support on Acme');
    expect(chat.accepted).toEqual([{ text: '<mailto:priya@example.com|priya@example.com> Dahlia Wolf credited you for POC support on Acme (/deals/d-1)' }]);
    expect((await deliveries()).map(({ channel, status, attempts }) => ({ channel, status, attempts })).sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { channel: 'CHAT', status: 'DELIVERED', attempts: 1 },
      { channel: 'EMAIL', status: 'DELIVERED', attempts: 1 },
    ]);
    expect(outcomes.sort()).toEqual([['CHAT', 'DELIVERED'], ['EMAIL', 'DELIVERED']]);
  });

  it('tries a refused post again after a wait that doubles each time', async () => {
    await notify({ email: false, chat: true });
    const chatOnly = worker(['CHAT']);
    chat.answer(['fail', 'fail']);
    expect(await chatOnly.deliverDue()).toBe(1);
    expect(await deliveries()).toMatchObject([{ status: 'PENDING', attempts: 1, lastError: 'The chat webhook answered 500: internal_error' }]);
    later(999);
    expect(await chatOnly.deliverDue()).toBe(0);
    later(1);
    expect(await chatOnly.deliverDue()).toBe(1);
    later(1_999);
    expect(await chatOnly.deliverDue()).toBe(0);
    later(1);
    expect(await chatOnly.deliverDue()).toBe(1);
    expect(await deliveries()).toMatchObject([{ status: 'DELIVERED', attempts: 3, lastError: null }]);
    expect(chat.accepted).toHaveLength(1);
    expect(outcomes).toEqual([['CHAT', 'RETRY'], ['CHAT', 'RETRY'], ['CHAT', 'DELIVERED']]);
  });

  it('gives up on a hook that never answers after its attempts, keeps it FAILED, and sends it when asked to retry', async () => {
    await notify({ email: false, chat: true });
    const chatOnly = worker(['CHAT']);
    chat.answer(['hang', 'hang', 'hang']);
    for (const wait of [0, 1_000, 2_000]) {
      later(wait);
      expect(await chatOnly.deliverDue()).toBe(1);
    }
    const [failed] = await deliveries();
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(failed.lastError).toMatch(/^timed out/);
    later(60 * 60_000);
    expect(await chatOnly.deliverDue()).toBe(0);
    expect(await retryDelivery(sql, failed.id, now)).toMatchObject({ status: 'PENDING' });
    expect(await chatOnly.deliverDue()).toBe(1);
    expect(await deliveries()).toMatchObject([{ status: 'DELIVERED', attempts: 4 }]);
    expect(outcomes).toEqual([['CHAT', 'RETRY'], ['CHAT', 'RETRY'], ['CHAT', 'FAILED'], ['CHAT', 'DELIVERED']]);
  });

  it('fails, and keeps, a delivery whose channel this deployment no longer has', async () => {
    await notify({ email: true, chat: false });
    const chatOnly = worker(['CHAT']);
    for (const wait of [0, 1_000, 2_000]) {
      later(wait);
      await chatOnly.deliverDue();
    }
    expect(await deliveries()).toMatchObject([{ channel: 'EMAIL', status: 'FAILED', attempts: 3, lastError: 'The EMAIL channel is not configured' }]);
  });
});
