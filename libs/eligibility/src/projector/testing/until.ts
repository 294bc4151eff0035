import { setTimeout as sleep } from 'node:timers/promises';

/** Waits, polling, until `condition` holds; fails naming `what` after `timeoutMs`. A bound on waiting, not a timing. */
export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms waiting until ${what}`);
    await sleep(10);
  }
}
