// The `runs` table: the run records, queryable with SQL. The records live in
// <home>/runs/runs.ndjson (append-only, outside the warehouse, so no rebuild
// can lose them); every build copies them into its warehouse file, so an
// analyst who opens the warehouse with any DuckDB client can
// `select * from runs`. The copy is as of that build; `sendwh status` reads
// the file itself and so shows runs since the last build too.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDatabase, querySqlFile, runGenerated, runSqlFile, type Row } from '../duckdb/database.js';
import { commentStatements, createTableStatement, type TableSpec } from '../duckdb/ddl.js';
import { runRecordsFile } from './runRecord.js';
import { column } from '../warehouse/model.js';

/** The `runs` table of the warehouse (build metadata: never compared by `rebuild --verify`). */
export const RUNS_TABLE: TableSpec = {
  name: 'runs',
  description:
    'Every recorded run of the installation (ingest, build, rebuild, return, reproduce, export, demo and its steps, scheduled runs), copied from <home>/runs/runs.ndjson by each build: as of that build. What ran, on what inputs (with sha256), log and warehouse positions before and after, rows in/out/quarantined per table, checks, duration and exit status.',
  columns: [
    column('run_id', 'varchar', 'Identity of the run: its start time (UTC), process id and a random suffix.'),
    column('parent_run_id', 'varchar', 'The run this one was a step of (a demo), else NULL.'),
    column('command', 'varchar', 'What ran: ingest, build, rebuild, return, reproduce, export, demo.'),
    column('trigger', 'varchar', 'cli (a person), schedule (the scheduler) or demo (a step of sendwh demo).'),
    column('args', 'json', 'The command line arguments after the command name.'),
    column('status', 'varchar', 'succeeded, failed, or unfinished (no finish recorded: still running, or killed).'),
    column('exit_code', 'integer', 'The exit code: 0 done, 1 failed, 2 bad usage or bad input file.'),
    column('error_code', 'varchar', 'The error code when the run failed.'),
    column('error_message', 'varchar', 'The error message when the run failed.'),
    column('started_at', 'timestamp', 'When the run started (UTC).'),
    column('finished_at', 'timestamp', 'When the run finished (UTC).'),
    column('duration_ms', 'bigint', 'How long the run took, in milliseconds.'),
    column('log_position_before', 'bigint', 'The event log position when the run started.'),
    column('log_position_after', 'bigint', 'The event log position when the run finished.'),
    column('warehouse_position_before', 'bigint', 'The log position the live warehouse reflected when the run started.'),
    column('warehouse_position_after', 'bigint', 'The log position the live warehouse reflected when the run finished.'),
    column('files_in', 'bigint', 'Number of inputs (files) the run read.'),
    column('rows_in', 'bigint', 'Rows in, summed over tables (rows read from files for an ingest; events read for a build).'),
    column('rows_out', 'bigint', 'Rows out, summed over tables (events appended for an ingest; table rows after a build).'),
    column('rows_quarantined', 'bigint', 'Rows quarantined, summed over tables.'),
    column('checks_failed', 'bigint', 'Number of checks with status fail.'),
    column('inputs', 'json', 'The inputs: a JSON list of {kind, name, source, path, sha256, bytes}.'),
    column('outputs', 'json', 'The outputs: a JSON list of {kind, path, sha256, rows}.'),
    column('tables', 'json', 'Rows per table: a JSON list of {table, rows_in, rows_out, rows_quarantined}.'),
    column('checks', 'json', 'The checks: a JSON list of {name, status (pass, warn, fail), detail}.'),
    column('details', 'json', 'Other facts of the run (e.g. the build mode, the submission id), as a JSON object.'),
    column('pid', 'integer', 'Process id of the run.'),
    column('host', 'varchar', 'Host name of the machine that ran it.'),
    column('sendwh_version', 'varchar', 'Version of sendwh that ran it.'),
  ],
};

/**
 * Creates the `runs` table of a warehouse file being built (before it is
 * published) and copies the run records of `runsFile` into it. Runs still open in this process
 * (the build itself, the demo around it) are left out: they finish after the
 * file is published.
 */
export async function copyRunRecords(connection: DuckDBConnection, runsFile: string): Promise<void> {
  await runGenerated(connection, createTableStatement(RUNS_TABLE), `create table ${RUNS_TABLE.name}`);
  await runGenerated(connection, commentStatements(RUNS_TABLE).join(';\n'), `comments on ${RUNS_TABLE.name}`);
  if (!existsSync(runsFile)) {
    await runSqlFile(connection, 'runs/empty_runs.sql');
    return;
  }
  await runSqlFile(connection, 'runs/read_runs.sql', readParams(runsFile, true));
  await runSqlFile(connection, 'runs/copy_runs.sql');
}

/** One run as `sendwh status` and tools read it. */
export interface RunSummary {
  runId: string;
  parentRunId: string | null;
  command: string;
  trigger: string;
  args: string[];
  /** succeeded, failed, running (unfinished, its process alive), or interrupted (unfinished, its process gone). */
  status: string;
  exitCode: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  logPositionBefore: number | null;
  logPositionAfter: number | null;
  warehousePositionBefore: number | null;
  warehousePositionAfter: number | null;
  filesIn: number;
  rowsIn: number | null;
  rowsOut: number | null;
  rowsQuarantined: number | null;
  checksFailed: number;
  inputs: unknown[];
  outputs: unknown[];
  tables: unknown[];
  checks: unknown[];
  details: Record<string, unknown>;
}

/** The newest runs of a home, newest first, straight from the run records (not the warehouse copy). */
export async function readRuns(home: string, options: { limit?: number; command?: string } = {}): Promise<RunSummary[]> {
  const file = runRecordsFile(home);
  if (!existsSync(file)) return [];
  const db = await openDatabase(':memory:', { readOnly: false });
  try {
    await runSqlFile(db.connection, 'runs/read_runs.sql', readParams(file, false));
    const rows = await querySqlFile(db.connection, 'runs/list_runs.sql', { limit: BigInt(options.limit ?? 20), command: options.command ?? null });
    return rows.map(toSummary);
  } finally {
    db.close();
  }
}

function readParams(runsFile: string, excludeOwnOpenRuns: boolean) {
  return { runs_file: runsFile, exclude_pid: excludeOwnOpenRuns ? process.pid : -1, exclude_host: hostname() };
}

function toSummary(row: Row): RunSummary {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v === null || v === undefined ? fallback : (v as T));
  let status = String(row.status);
  if (status === 'unfinished') status = processAlive(num(row.pid), row.host as string | null) ? 'running' : 'interrupted';
  return {
    runId: String(row.run_id),
    parentRunId: (row.parent_run_id as string | null) ?? null,
    command: String(row.command),
    trigger: String(row.trigger),
    args: json<string[]>(row.args, []),
    status,
    exitCode: num(row.exit_code),
    errorCode: (row.error_code as string | null) ?? null,
    errorMessage: (row.error_message as string | null) ?? null,
    startedAt: (row.started_at as string | null) ?? null,
    finishedAt: (row.finished_at as string | null) ?? null,
    durationMs: num(row.duration_ms),
    logPositionBefore: num(row.log_position_before),
    logPositionAfter: num(row.log_position_after),
    warehousePositionBefore: num(row.warehouse_position_before),
    warehousePositionAfter: num(row.warehouse_position_after),
    filesIn: Number(row.files_in ?? 0),
    rowsIn: num(row.rows_in),
    rowsOut: num(row.rows_out),
    rowsQuarantined: num(row.rows_quarantined),
    checksFailed: Number(row.checks_failed ?? 0),
    inputs: json<unknown[]>(row.inputs, []),
    outputs: json<unknown[]>(row.outputs, []),
    tables: json<unknown[]>(row.tables, []),
    checks: json<unknown[]>(row.checks, []),
    details: json<Record<string, unknown>>(row.details, {}),
  };
}

/** Whether an unfinished run's process still runs (on another host it cannot be told: assumed running). */
function processAlive(pid: number | null, host: string | null): boolean {
  if (host !== hostname()) return true;
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A run in one line, for `sendwh status`. */
export function runLine(r: RunSummary) {
  return {
    runId: r.runId,
    startedAt: r.startedAt,
    command: r.parentRunId === null ? r.command : `  ${r.command}`,
    trigger: r.trigger,
    status: r.status,
    exit: r.exitCode,
    seconds: r.durationMs === null ? null : Math.round(r.durationMs / 100) / 10,
    log: r.logPositionBefore === null ? null : r.logPositionBefore === r.logPositionAfter ? String(r.logPositionAfter) : `${r.logPositionBefore}->${r.logPositionAfter ?? '?'}`,
    files: r.filesIn,
    rowsIn: r.rowsIn,
    rowsOut: r.rowsOut,
    quarantined: r.rowsQuarantined,
    checksFailed: r.checksFailed,
    error: r.errorMessage,
  };
}
