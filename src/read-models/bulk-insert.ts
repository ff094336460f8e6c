import type { Database, Statement } from 'better-sqlite3';

/** Rows per multi-row INSERT: well under SQLite's limit of 32,766 parameters for any table here. */
const ROWS_PER_STATEMENT = 64;

/**
 * Inserts rows into one table many per statement: one call into SQLite for 64 rows instead of 64,
 * which is most of the cost of writing small rows (a rebuild writes a million). Rows are buffered
 * by `add` and written by `flush`, which must run in the transaction they belong to.
 */
export class BulkInsert {
  private readonly one: Statement;
  private readonly many: Statement;
  private readonly values: unknown[] = [];
  private rows = 0;

  /** @param insert `INSERT INTO table (column, ...)`, one placeholder per column follows. */
  constructor(
    db: Database,
    insert: string,
    private readonly columns: number,
  ) {
    const row = `(${Array(columns).fill('?').join(', ')})`;
    this.one = db.prepare(`${insert} VALUES ${row}`);
    this.many = db.prepare(`${insert} VALUES ${Array(ROWS_PER_STATEMENT).fill(row).join(', ')}`);
  }

  /** Buffers one row (exactly `columns` values); writes a full statement's worth at once. */
  add(...row: unknown[]): void {
    for (const value of row) this.values.push(value);
    if (++this.rows === ROWS_PER_STATEMENT) this.writeFull();
  }

  /** Writes the rows still buffered. */
  flush(): void {
    const { values, columns } = this;
    for (let i = 0; i < values.length; i += columns) this.one.run(values.slice(i, i + columns));
    this.discard();
  }

  /** Forgets the rows still buffered (their transaction rolled back). */
  discard(): void {
    this.values.length = 0;
    this.rows = 0;
  }

  private writeFull(): void {
    this.many.run(this.values);
    this.discard();
  }
}
