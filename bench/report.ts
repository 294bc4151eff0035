import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Progress lines: one per update on a terminal would scroll, so a line at most every two seconds per step. */
export class Report {
  private readonly last = new Map<string, number>();

  progress(step: string, done: number): void {
    const now = Date.now();
    if (now - (this.last.get(step) ?? 0) < 2_000) return;
    this.last.set(step, now);
    process.stdout.write(`  ${step}: ${done.toLocaleString('en-US')}\n`);
  }

  phase(line: string): void {
    process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  }
}

export interface Target { phase: string; figure: string; value: number; unit: string; target: string; met: boolean | null }

export function machine() {
  const cores = cpus();
  return { cpu: cores[0]?.model ?? 'unknown', cores: cores.length, ramGb: Math.round((totalmem() / 2 ** 30) * 10) / 10, node: process.version, platform: process.platform };
}

const round = (value: number) => (Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100);

/** Writes `bench/results/<date>-<scale>[-<store>].json` and `.md`, and returns their paths. */
export function writeResults(name: string, figures: Record<string, unknown>, targets: Target[]): string[] {
  const folder = resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const json = resolve(folder, `${name}.json`);
  const markdown = resolve(folder, `${name}.md`);
  writeFileSync(json, `${JSON.stringify({ ...figures, targets }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`);
  const header = figures.machine as ReturnType<typeof machine>;
  const lines = [
    `# Benchmark ${name}`,
    '',
    `${header.cpu}, ${header.cores} cores, ${header.ramGb} GB RAM, Node ${header.node}; store: ${String(figures.store)}; scale: ${String(figures.scale)}.`,
    'Targets are those of the large scale, shown at every scale.',
    '',
    '| phase | figure | value | target | met? |',
    '|---|---|---:|---|---|',
    ...targets.map((t) => `| ${t.phase} | ${t.figure} | ${round(t.value).toLocaleString('en-US')} ${t.unit} | ${t.target} | ${t.met === null ? '—' : t.met ? 'yes' : 'no'} |`),
    '',
  ];
  writeFileSync(markdown, lines.join('\n'));
  return [json, markdown];
}
