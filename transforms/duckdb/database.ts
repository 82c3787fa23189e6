// The DuckDB adapter: opening a database file, running the statements of a SQL
// file with named parameters, and the one choke point where DuckDB errors are
// wrapped with the name of the SQL file (and statement) that raised them.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { SendwhError } from '../../models/index.js';
import { readSqlFile } from './sqlFiles.js';

/** Named parameter values for a SQL file, by name without the `$`. */
export type SqlParams = Readonly<Record<string, DuckDBValue>>;

/** A JSON-friendly result row (BIGINT and DECIMAL come back as strings). */
export type Row = Record<string, unknown>;

/** An open database file and one connection to it. */
export interface Database {
  readonly path: string;
  readonly readOnly: boolean;
  readonly connection: DuckDBConnection;
  /** Disconnects and closes the instance, releasing the file lock. */
  close(): void;
}

/**
 * Opens a database file. A fresh instance per call rather than
 * DuckDBInstance.fromCache: the warehouse file is replaced by rename(), and a
 * cached instance would keep serving the old inode to later opens in a
 * long-running process; the builder must also close its file before the rename.
 */
export async function openDatabase(path: string, options: { readOnly: boolean }): Promise<Database> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, options.readOnly ? { access_mode: 'READ_ONLY' } : {});
  } catch (cause) {
    throw new SendwhError('duckdb-open-failed', `cannot open ${path}${options.readOnly ? ' read-only' : ''}: ${messageOf(cause)}`, { cause });
  }
  const connection = await instance.connect();
  let closed = false;
  return {
    path,
    readOnly: options.readOnly,
    connection,
    close() {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs every statement of a SQL file in order, binding the named parameters each one uses. */
export async function runSqlFile(connection: DuckDBConnection, file: string, params: SqlParams = {}): Promise<void> {
  await runStatements(connection, readSqlFile(file), `sql/${file}`, params);
}

/** Runs a SQL file and returns the rows of its last statement. */
export async function querySqlFile(connection: DuckDBConnection, file: string, params: SqlParams = {}): Promise<Row[]> {
  return runStatements(connection, readSqlFile(file), `sql/${file}`, params);
}

/** Runs statements generated in code from declared constants (DDL, comments), labelled for errors. */
export async function runGenerated(connection: DuckDBConnection, sql: string, label: string): Promise<Row[]> {
  return runStatements(connection, sql, label, {});
}

async function runStatements(connection: DuckDBConnection, sql: string, label: string, params: SqlParams): Promise<Row[]> {
  let index = 0;
  try {
    const statements = await connection.extractStatements(sql);
    let rows: Row[] = [];
    for (index = 0; index < statements.count; index++) {
      const prepared = await statements.prepare(index);
      try {
        for (let p = 1; p <= prepared.parameterCount; p++) {
          const name = prepared.parameterName(p);
          if (!(name in params)) throw new SendwhError('sql-parameter-missing', `parameter $${name} has no value`);
          prepared.bindValue(p, params[name] as DuckDBValue);
        }
        const reader = await prepared.runAndReadAll();
        rows = reader.getRowObjectsJson() as Row[];
      } finally {
        prepared.destroySync();
      }
    }
    return rows;
  } catch (cause) {
    throw wrapDuckDbError(cause, label, index);
  }
}

/** The choke point: a DuckDB failure becomes a SendwhError naming the SQL file and statement. */
export function wrapDuckDbError(cause: unknown, label: string, statementIndex?: number): SendwhError {
  const where = statementIndex === undefined ? label : `${label} (statement ${statementIndex + 1})`;
  const code = cause instanceof SendwhError ? cause.code : 'sql-failed';
  return new SendwhError(code, `${where}: ${messageOf(cause)}`, {
    cause,
    hint: `the statement in ${label} failed; run it by hand with \`sendwh sql\` against a copy of the warehouse to see why`,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
