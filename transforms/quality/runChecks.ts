// Runs the data-quality checks on a warehouse file a build has just written,
// before it is published, and keeps their results with history in
// dq_check_results and dq_findings: an incremental build's file is a copy of
// the live one and already holds the history; a full build starts from an
// empty file and carries the history over from the live file. Results at or
// after the build's log position are replaced, so each position has one set.
import type { DuckDBConnection } from '@duckdb/node-api';
import { silentLogger, type Logger } from '../../models/index.js';
import { openDatabase, querySqlFile, runGenerated, runSqlFile, wrapDuckDbError, type Row } from '../duckdb/database.js';
import { commentStatements, createTableStatement, type TableSpec } from '../duckdb/ddl.js';
import { QUALITY_CHECKS, type QualityCheck, type Severity } from './checks.js';
import { DQ_CHECK_RESULTS, DQ_FINDINGS, QUALITY_TABLES } from './tables.js';

/** One check's outcome at one log position (a row of dq_check_results). */
export interface CheckResult {
  checkName: string;
  severity: Severity;
  status: 'pass' | 'fail';
  findingCount: number;
  detail: string;
}

/** One difference a check found (a row of dq_findings). */
export interface Finding {
  checkName: string;
  subject: string;
  expected: number | null;
  actual: number | null;
  difference: number | null;
  detail: string;
}

/** What the checks said at one log position. */
export interface QualityReport {
  logPosition: number;
  results: CheckResult[];
  findings: Finding[];
}

export interface RunChecksOptions {
  /** The log position the build read up to: the results are recorded at it. */
  logPosition: number;
  /** A warehouse file whose earlier results (before logPosition) are carried over (a full build's live file). */
  historyFrom?: string;
  logger?: Logger;
  /** The checks to run (default: all of them). */
  checks?: readonly QualityCheck[];
}

/** At most this many findings are spelt out in a result's detail; dq_findings holds them all. */
const DETAIL_FINDINGS = 20;

/**
 * Runs every check on an open warehouse connection in one transaction and
 * records the results; returns them. Throws (rolling back) when a check's SQL
 * fails: that is a bug, and the build must not publish.
 */
export async function runQualityChecks(connection: DuckDBConnection, options: RunChecksOptions): Promise<QualityReport> {
  const logger = (options.logger ?? silentLogger).child({ component: 'quality-checks' });
  const checks = options.checks ?? QUALITY_CHECKS;
  const history = options.historyFrom === undefined ? undefined : await readHistory(options.historyFrom, options.logPosition, logger);
  await runGenerated(connection, 'begin transaction', 'begin the quality checks transaction');
  try {
    await createQualityTables(connection);
    if (history !== undefined) {
      await appendRows(connection, DQ_CHECK_RESULTS, history.results);
      await appendRows(connection, DQ_FINDINGS, history.findings);
    }
    const position = BigInt(options.logPosition);
    await runSqlFile(connection, 'quality/clear_from_position.sql', { log_position: position });
    await runSqlFile(connection, 'quality/prepare_checks.sql');
    const results: CheckResult[] = [];
    const findings: Finding[] = [];
    for (const check of checks) {
      const started = performance.now();
      const rows = await querySqlFile(connection, check.sql);
      const found = rows.map((row) => toFinding(check.name, row));
      const result: CheckResult = {
        checkName: check.name,
        severity: check.severity,
        status: found.length === 0 ? 'pass' : 'fail',
        findingCount: found.length,
        detail: resultDetail(check, found),
      };
      results.push(result);
      findings.push(...found);
      logger.debug({ check: check.name, findings: found.length, ms: Math.round(performance.now() - started) }, 'check run');
    }
    await appendRows(
      connection,
      DQ_CHECK_RESULTS,
      results.map((r) => ({ log_position: options.logPosition, check_name: r.checkName, severity: r.severity, status: r.status, finding_count: r.findingCount, detail: r.detail })),
    );
    await appendRows(
      connection,
      DQ_FINDINGS,
      findings.map((f) => ({ log_position: options.logPosition, check_name: f.checkName, subject: f.subject, expected: f.expected, actual: f.actual, difference: f.difference, detail: f.detail })),
    );
    await runGenerated(connection, 'commit', 'commit the quality checks');
    const failing = results.filter((r) => r.status === 'fail');
    logger.info({ logPosition: options.logPosition, checks: results.length, failing: failing.map((r) => r.checkName), findings: findings.length }, 'quality checks recorded');
    return { logPosition: options.logPosition, results, findings };
  } catch (error) {
    try {
      await connection.run('rollback');
    } catch {
      // Already rolled back by the failure; the file is discarded anyway.
    }
    throw error;
  }
}

/** Creates the quality tables when missing and (re)applies their comments. */
export async function createQualityTables(connection: DuckDBConnection): Promise<void> {
  for (const table of QUALITY_TABLES) {
    await runGenerated(connection, createTableStatement(table), `create table ${table.name}`);
    await runGenerated(connection, commentStatements(table).join(';\n'), `comments on ${table.name}`);
  }
}

/** The current results (at the greatest log position) of an open warehouse; undefined when it holds none. */
export async function readLatestQuality(connection: DuckDBConnection): Promise<QualityReport | undefined> {
  const [tables] = await querySqlFile(connection, 'quality/has_history.sql');
  if (Number(tables?.tables ?? 0) < QUALITY_TABLES.length) return undefined;
  const results = await querySqlFile(connection, 'quality/latest_results.sql');
  const first = results[0];
  if (first === undefined) return undefined;
  const findings = await querySqlFile(connection, 'quality/latest_findings.sql');
  const order = new Map(QUALITY_CHECKS.map((c, i) => [c.name, i]));
  const rank = (name: string): number => order.get(name) ?? QUALITY_CHECKS.length;
  return {
    logPosition: Number(first.log_position),
    results: results
      .map((r) => ({
        checkName: String(r.check_name),
        severity: String(r.severity) as Severity,
        status: String(r.status) as 'pass' | 'fail',
        findingCount: Number(r.finding_count),
        detail: String(r.detail),
      }))
      .sort((a, b) => rank(a.checkName) - rank(b.checkName)),
    findings: findings
      .map((r) => toFinding(String(r.check_name), r))
      .sort((a, b) => rank(a.checkName) - rank(b.checkName)),
  };
}

function toFinding(checkName: string, row: Row): Finding {
  return {
    checkName,
    subject: String(row.subject),
    expected: numberOrNull(row.expected),
    actual: numberOrNull(row.actual),
    difference: numberOrNull(row.difference),
    detail: String(row.detail),
  };
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function resultDetail(check: QualityCheck, findings: readonly Finding[]): string {
  if (findings.length === 0) return `pass: ${check.passes}`;
  const listed = findings.slice(0, DETAIL_FINDINGS).map((f) => f.detail);
  const more = findings.length - listed.length;
  return `${findings.length} finding(s): ${listed.join('; ')}${more > 0 ? `; and ${more} more (see dq_findings)` : ''}`;
}

interface History {
  results: Row[];
  findings: Row[];
}

/**
 * The earlier results of a warehouse file, before `before`. A file that
 * cannot be read, or that predates the quality tables, has none: the build
 * goes on (the history it held is lost, which the log says).
 */
async function readHistory(path: string, before: number, logger: Logger): Promise<History | undefined> {
  let db;
  try {
    db = await openDatabase(path, { readOnly: true });
  } catch (error) {
    logger.warn({ path, err: error instanceof Error ? error.message : String(error) }, 'cannot read the earlier quality results: not carried over');
    return undefined;
  }
  try {
    const [tables] = await querySqlFile(db.connection, 'quality/has_history.sql');
    if (Number(tables?.tables ?? 0) < QUALITY_TABLES.length) return undefined;
    const params = { before: BigInt(before) };
    return {
      results: await querySqlFile(db.connection, 'quality/history_check_results.sql', params),
      findings: await querySqlFile(db.connection, 'quality/history_findings.sql', params),
    };
  } catch (error) {
    logger.warn({ path, err: error instanceof Error ? error.message : String(error) }, 'cannot read the earlier quality results: not carried over');
    return undefined;
  } finally {
    db.close();
  }
}

/** Appends rows (by column name, typed by the table's declaration) with the appender. */
async function appendRows(connection: DuckDBConnection, table: TableSpec, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  let appender;
  try {
    appender = await connection.createAppender(table.name);
  } catch (cause) {
    throw wrapDuckDbError(cause, `appender on ${table.name}`);
  }
  try {
    for (const row of rows) {
      for (const column of table.columns) {
        const value = row[column.name];
        if (value === null || value === undefined) appender.appendNull();
        else if (column.type === 'bigint') appender.appendBigInt(BigInt(String(value)));
        else if (column.type === 'double') appender.appendDouble(Number(value));
        else appender.appendVarchar(String(value));
      }
      appender.endRow();
    }
    appender.flushSync();
  } catch (cause) {
    throw wrapDuckDbError(cause, `appending to ${table.name}`);
  } finally {
    appender.closeSync();
  }
}
