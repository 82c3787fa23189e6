// What `sendwh sql` runs on: the live warehouse opened read-only (so a build
// publishing a new file never blocks it and it never blocks a build), the
// statements of a query checked before any of them runs (anything that is not
// a read is refused with one clear message), and the results turned into
// values that print as a table, CSV or JSON without losing a digit.
import { statSync } from 'node:fs';
import { DuckDBTypeId, StatementType, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBType } from '@duckdb/node-api';
import { SendwhError } from '../../models/index.js';
import type { Database } from '../duckdb/database.js';
import { openWarehouseReadOnly } from '../warehouse/index.js';

/** The result of one statement: its columns and rows (values as JSON-friendly JS). */
export interface StatementResult {
  /** The statement's text as given. */
  statement: string;
  columns: string[];
  /** Per column: integer, decimal, float or other (numbers are right-aligned in a table, and JSON numbers). */
  kinds: ColumnKind[];
  /** The values as DuckDB's JSON conversion gives them: BIGINT and DECIMAL as exact text, DATE as YYYY-MM-DD. */
  rows: unknown[][];
}

export type ColumnKind = 'integer' | 'decimal' | 'float' | 'other';

/**
 * Statement types a reader may run: queries (SELECT, FROM, DESCRIBE, SHOW,
 * SUMMARIZE, VALUES), EXPLAIN, PRAGMA and CALL (table functions), session
 * settings and transactions. Everything else (INSERT, UPDATE, DELETE, CREATE,
 * DROP, ALTER, COPY, EXPORT, ATTACH, DETACH, INSTALL, LOAD, ...) is refused
 * before it runs; the read-only open refuses any write that gets past this.
 */
const ALLOWED: ReadonlySet<number> = new Set([
  StatementType.SELECT,
  StatementType.EXPLAIN,
  StatementType.PRAGMA,
  StatementType.CALL,
  StatementType.SET,
  StatementType.VARIABLE_SET,
  StatementType.TRANSACTION,
]);

const READ_ONLY_HINT =
  'to change a figure, ingest a corrected extract (sendwh ingest) and run sendwh build; to keep a result, use --format csv (or json) and redirect it to a file';

/** The refusal every write gets, whichever way it is caught. */
export function readOnlyError(what: string, cause?: unknown): SendwhError {
  return new SendwhError(
    'sql-read-only',
    `sendwh sql is read-only: ${what} (the warehouse is rebuilt from the event log; change the extracts, not the tables)`,
    { kind: 'usage', hint: READ_ONLY_HINT, ...(cause === undefined ? {} : { cause }) },
  );
}

/** A read-only session on a home's live warehouse; reopens it when a build has published a new file. */
export class SqlSession {
  private db: Database | undefined;
  private inode: number | undefined;

  constructor(private readonly home: string, private readonly warehouseFile: string) {}

  /** Runs every statement of `sql` in order, after checking that each one is a read; returns each one's result. */
  async run(sql: string): Promise<StatementResult[]> {
    const connection = await this.connection();
    let statements;
    try {
      statements = await connection.extractStatements(sql);
    } catch (cause) {
      throw sqlError(cause);
    }
    if (statements.count === 0) throw new SendwhError('sql-empty', 'no SQL statement was given', { kind: 'usage', hint: 'e.g. sendwh sql "select * from fct_hnb_spend limit 5"' });
    // Every statement is prepared and checked before the first one runs, so a script that ends with a write changes nothing.
    const prepared: DuckDBPreparedStatement[] = [];
    try {
      for (let index = 0; index < statements.count; index++) {
        let statement;
        try {
          statement = await statements.prepare(index);
        } catch (cause) {
          throw sqlError(cause);
        }
        prepared.push(statement);
        if (!ALLOWED.has(statement.statementType)) {
          const name = (StatementType as unknown as Record<number, string>)[statement.statementType] ?? 'this';
          throw readOnlyError(`${name.replaceAll('_', ' ')} statements are refused${statements.count > 1 ? ` (statement ${index + 1} of ${statements.count}; none was run)` : ''}`);
        }
      }
      const results: StatementResult[] = [];
      for (const [index, statement] of prepared.entries()) {
        let reader;
        try {
          reader = await statement.runAndReadAll();
        } catch (cause) {
          throw sqlError(cause);
        }
        results.push(toResult(statements.count === 1 ? sql.trim() : `statement ${index + 1}`, reader.deduplicatedColumnNames(), reader.columnTypes(), reader.getRowsJson()));
      }
      return results;
    } finally {
      for (const statement of prepared) statement.destroySync();
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  /** The open connection, reopened when the live file is no longer the one open (a build renamed a new one over it). */
  private async connection(): Promise<DuckDBConnection> {
    let inode: number | undefined;
    try {
      inode = statSync(this.warehouseFile).ino;
    } catch {
      inode = undefined;
    }
    if (this.db !== undefined && inode !== undefined && inode !== this.inode) this.close();
    if (this.db === undefined) {
      this.db = await openWarehouseReadOnly(this.home);
      this.inode = inode;
    }
    return this.db.connection;
  }
}

/** A DuckDB failure as the user should see it: a refused write, or the SQL error. */
function sqlError(cause: unknown): SendwhError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/read-only/i.test(message)) return readOnlyError(message.replace(/^[A-Za-z ]+Error: /, ''), cause);
  return new SendwhError('sql-failed', message, {
    cause,
    hint: 'list the tables with: sendwh sql "show tables"; a table\'s columns with: sendwh sql "describe fct_hnb_spend"',
  });
}

const INTEGER_TYPES: ReadonlySet<number> = new Set([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
]);
const FLOAT_TYPES: ReadonlySet<number> = new Set([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE]);

function toResult(statement: string, columns: string[], types: DuckDBType[], rows: unknown[][]): StatementResult {
  const kinds = types.map((t): ColumnKind => (INTEGER_TYPES.has(t.typeId) ? 'integer' : t.typeId === DuckDBTypeId.DECIMAL ? 'decimal' : FLOAT_TYPES.has(t.typeId) ? 'float' : 'other'));
  return { statement, columns, kinds, rows };
}

/**
 * A value for JSON: integers and decimals become numbers when a double holds
 * them exactly (counts, and money up to 15 significant digits), else stay
 * exact text; everything else is as DuckDB's JSON conversion gives it.
 */
function jsonValue(value: unknown, kind: ColumnKind): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'integer' && typeof value === 'string') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (kind === 'decimal' && typeof value === 'string') {
    const digits = value.replace(/[-+.]/g, '').replace(/^0+/, '');
    return digits.length <= 15 ? Number(value) : value;
  }
  return value;
}

/** Plain text table: a header, a rule, right-aligned numbers, NULL as blank. */
export function renderResultTable(result: StatementResult): string {
  if (result.columns.length === 0) return '(done)';
  const cells = result.rows.map((row) => row.map(textOf));
  const widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) => values.map((v, i) => (result.kinds[i] !== 'other' ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const body = [line(result.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  body.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return body.join('\n');
}

/** RFC 4180 CSV with a header row; NULL is an empty field. */
export function renderResultCsv(result: StatementResult): string {
  const field = (value: unknown): string => {
    const text = textOf(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [result.columns.map(field).join(','), ...result.rows.map((row) => row.map(field).join(','))].join('\n');
}

/** The rows as objects keyed by column name, numbers as JSON numbers where exact. */
export function resultObjects(result: StatementResult): Array<Record<string, unknown>> {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, jsonValue(row[i], result.kinds[i] ?? 'other')])));
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
