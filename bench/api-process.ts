import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const READY_WITHIN_MS = 30 * 60_000;

/** Kilobytes the API process holds: now (VmRSS) and at its peak since start (VmHWM). */
function memoryOf(pid: number): { rssKb: number; hwmKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** The API's highest RSS sampled over a phase, and the kernel's high-water mark since it started, in MB. */
export interface MemoryPeak { peakRssMb: number; hwmMb: number }

/** The built API as a child process, its memory sampled every 100 ms and read per phase. */
export class ApiProcess {
  private peakKb = 0;
  private readonly sampler: NodeJS.Timeout;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.sampler = setInterval(() => this.sample(), 100);
  }

  /** `beside`: a standalone projector the API's readiness waits on; if it exits, the API will never be ready. */
  static async start(environment: Record<string, string>, port: number, beside?: ProjectorProcess): Promise<ApiProcess> {
    const { child, errors } = started('api', { ...environment, PORT: String(port) });
    const api = new ApiProcess(child, `http://127.0.0.1:${port}/graphql`);
    // Ready once its read models have caught up with the store, which after a migration that resets them is a rebuild.
    const deadline = Date.now() + READY_WITHIN_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}): ${errors()}`);
      const gone = beside?.exited();
      if (gone) {
        await api.stop();
        throw new Error(gone);
      }
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return api;
      } catch {
        // Not listening yet.
      }
      await new Promise((done) => setTimeout(done, 200));
    }
    await api.stop();
    throw new Error(`the API was not ready within ${READY_WITHIN_MS / 60_000} minutes: ${errors()}`);
  }

  private sample(): void {
    if (this.child.pid === undefined || this.child.exitCode !== null) return;
    try {
      this.peakKb = Math.max(this.peakKb, memoryOf(this.child.pid).rssKb);
    } catch {
      // The process is exiting.
    }
  }

  /** The highest RSS sampled since the last call, and the kernel's high-water mark, in MB. */
  takePeak(): MemoryPeak {
    this.sample();
    const hwm = this.child.pid === undefined ? 0 : memoryOf(this.child.pid).hwmKb;
    const peak = { peakRssMb: this.peakKb / 1024, hwmMb: hwm / 1024 };
    this.peakKb = 0;
    return peak;
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    await stopped(this.child);
  }
}

/** The built standalone projector (`apps/projector`) as a child process: the read models on PostgreSQL, beside an API with PROJECTOR=off. */
export class ProjectorProcess {
  private constructor(private readonly process: ReturnType<typeof started>) {}

  static start(environment: Record<string, string>): ProjectorProcess {
    return new ProjectorProcess(started('projector', environment));
  }

  /** Why it is gone, if it exited. */
  exited(): string | undefined {
    const { child, errors } = this.process;
    return child.exitCode === null ? undefined : `the standalone projector exited (${child.exitCode}): ${errors()}`;
  }

  stop(): Promise<void> {
    return stopped(this.process.child);
  }
}

/** An app of the built product (`dist/apps/<app>/src/main.js`) in a process of its own, with the last of what it printed on stderr. */
function started(app: 'api' | 'projector', environment: Record<string, string>): { child: ChildProcess; errors: () => string } {
  const root = resolve(__dirname, '..', '..');
  // As the product starts them (package.json's `start` and `start:projector`, the Dockerfile, docker-compose.yml): the
  // API's JavaScript heap bounded, the projector's young generation larger.
  const flags = app === 'api' ? ['--max-old-space-size=256'] : ['--max-semi-space-size=32'];
  const child = spawn(process.execPath, [...flags, '-r', 'tsconfig-paths/register', resolve(root, `dist/apps/${app}/src/main.js`)], {
    cwd: root,
    env: { ...process.env, ...environment, TS_NODE_BASEURL: resolve(root, 'dist') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4_000)));
  child.stdout?.resume();
  return { child, errors: () => errors };
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** One GraphQL request as a bearer of `token`; a GraphQL error is thrown with its code. */
export async function graphql<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new Error(`${body.errors[0].extensions?.code ?? 'ERROR'}: ${body.errors[0].message}`);
  return body.data as T;
}
