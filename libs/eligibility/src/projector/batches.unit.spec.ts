import type { RecordedEvent } from '@club-ledger/event-store';
import { batches } from './batches';

const event = (position: number): RecordedEvent => ({
  id: `e${position}`, stream: 'deal-1', revision: BigInt(position), position: BigInt(position), type: 'DealOpened', data: {},
  metadata: { actor: 'a', correlationId: 'c', causationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' }, recordedAt: new Date(0),
});

/** A feed that delivers `bursts` of positions, each burst at once, `gapMs` after the previous one. */
async function* feed(bursts: number[][], gapMs: number): AsyncGenerator<RecordedEvent> {
  for (const [n, burst] of bursts.entries()) {
    if (n > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    for (const position of burst) yield event(position);
  }
}

async function sizes(bursts: number[][], { gapMs, lingerMs }: { gapMs: number; lingerMs: number }): Promise<number[][]> {
  const seen: number[][] = [];
  for await (const batch of batches(feed(bursts, gapMs), 100, lingerMs)) seen.push(batch.map((recorded) => Number(recorded.position)));
  return seen;
}

describe('batches of the feed', () => {
  it('applies a lone live event as soon as it arrives, each in a batch of its own', async () => {
    expect(await sizes([[1], [2], [3]], { gapMs: 20, lingerMs: 200 })).toEqual([[1], [2], [3]]);
  });

  it('under load, lets the events still on their way join the batch instead of waiting for the next one', async () => {
    expect(await sizes([[1, 2], [3], [4], [5]], { gapMs: 5, lingerMs: 200 })).toEqual([[1, 2], [3, 4, 5]]);
  });

  it('without a linger, applies what is at hand and no more', async () => {
    expect(await sizes([[1, 2], [3], [4], [5]], { gapMs: 20, lingerMs: 0 })).toEqual([[1, 2], [3], [4], [5]]);
  });
});
