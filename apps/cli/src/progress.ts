import { SingleBar } from 'cli-progress';

export interface Progress {
  /** `done` of the total; `detail` is shown after the figures (rows read, events/s). */
  update(done: number, detail: string): void;
  stop(): void;
}

/**
 * A bar on a terminal; elsewhere (CI, a pipe, a log file) a plain line at most every second, so a log
 * shows the import moving without a screenful of control characters.
 */
export function progressOf(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {detail}`, stream, hideCursor: true });
    bar.start(total, 0, { detail: '' });
    return { update: (done, detail) => bar.update(done, { detail }), stop: () => bar.stop() };
  }
  let shown = 0;
  let last: { done: number; detail: string } | undefined;
  const line = (done: number, detail: string) => stream.write(`${label}: ${total > 0 ? Math.floor((done / total) * 100) : 100}% ${detail}\n`);
  return {
    update(done, detail) {
      last = { done, detail };
      if (Date.now() - shown < 1_000) return;
      shown = Date.now();
      last = undefined;
      line(done, detail);
    },
    stop: () => last && line(last.done, last.detail),
  };
}
