import type { SqlClient, SqlExecutor } from '@club-ledger/kernel';

/**
 * A real SqlClient that fails one chosen statement, as a crash at that point would: the statement
 * throws and its transaction rolls back. Used to prove that recovery loses and repeats nothing.
 */
export class FaultySql implements SqlClient {
  readonly engine: SqlClient['engine'];
  private fault: { match: RegExp; skip: number } | undefined;
  faultsInjected = 0;

  constructor(private readonly inner: SqlClient) {
    this.engine = inner.engine;
  }

  /** The statement matching `match`, after `skip` matching ones have gone through, throws once. */
  failOnce(match: RegExp, skip = 0): void {
    this.fault = { match, skip };
  }

  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.guard(text, () => this.inner.query<Row>(text, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      work({ query: <Row>(text: string, params?: readonly unknown[]) => this.guard(text, () => tx.query<Row>(text, params)) }),
    );
  }

  migrate(folder: string, table: string): Promise<void> {
    return this.inner.migrate(folder, table);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private guard<T>(text: string, run: () => Promise<T>): Promise<T> {
    if (this.fault && this.fault.match.test(text)) {
      if (this.fault.skip === 0) {
        this.fault = undefined;
        this.faultsInjected += 1;
        return Promise.reject(new Error(`injected crash at: ${text.trim().split('\n')[0]}`));
      }
      this.fault.skip -= 1;
    }
    return run();
  }
}
