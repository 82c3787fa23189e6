// Given/then fixtures for the data-quality checks: a real DuckDB file in a temp
// dir holding every warehouse table (empty, as the models declare them, with
// dim_settings filled by its real SQL), rows given per table, and the checks
// run on it exactly as a build runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, runGenerated, runSqlFile, type Database } from '../../../../transforms/duckdb/database.js';
import { createTableStatement, quoteIdentifier } from '../../../../transforms/duckdb/ddl.js';
import { QUALITY_CHECKS } from '../../../../transforms/quality/checks.js';
import { runQualityChecks, type Finding, type QualityReport } from '../../../../transforms/quality/runChecks.js';
import { WAREHOUSE_MODELS } from '../../../../transforms/warehouse/models/index.js';

process.env.TZ = 'UTC';

export type Rows = ReadonlyArray<Record<string, string | number | null>>;

/** A warehouse file with the given rows; close() removes it. */
export interface GivenWarehouse {
  db: Database;
  path: string;
  close(): void;
}

/** Given these rows per table (every other table empty), a warehouse file on disk. */
export async function givenWarehouse(tables: Readonly<Record<string, Rows>>): Promise<GivenWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'sendwh-dq-'));
  const path = join(dir, 'warehouse.duckdb');
  const db = await openDatabase(path, { readOnly: false });
  await db.connection.run("set TimeZone = 'UTC'");
  for (const model of WAREHOUSE_MODELS) await runGenerated(db.connection, createTableStatement(model), `create ${model.name}`);
  await runSqlFile(db.connection, 'marts/dim_settings.sql');
  for (const [table, rows] of Object.entries(tables)) await insertRows(db, table, rows);
  return {
    db,
    path,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Inserts rows by column name with bound values (text is cast to each column's type by DuckDB). */
export async function insertRows(db: Database, table: string, rows: Rows): Promise<void> {
  for (const row of rows) {
    const columns = Object.keys(row);
    const sql = `insert into ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
    await db.connection.run(sql, columns.map((c) => row[c] ?? null));
  }
}

/** When one check runs (at log position 1): its findings. */
export async function findingsOf(given: GivenWarehouse, checkName: string): Promise<Finding[]> {
  const check = QUALITY_CHECKS.find((c) => c.name === checkName);
  if (check === undefined) throw new Error(`no check ${checkName}`);
  const report = await runQualityChecks(given.db.connection, { logPosition: 1, checks: [check] });
  return report.findings;
}

/** When every check runs at a log position: the report. */
export async function runAllChecks(given: GivenWarehouse, logPosition: number): Promise<QualityReport> {
  return runQualityChecks(given.db.connection, { logPosition });
}

/** Findings without the detail text, for exact comparison of the numbers. */
export function numbers(findings: readonly Finding[]): Array<Pick<Finding, 'subject' | 'expected' | 'actual' | 'difference'>> {
  return findings.map(({ subject, expected, actual, difference }) => ({ subject, expected, actual, difference }));
}

/** A January census day's caseload rows: one row per setting_type with its plans. */
export function caseloadRows(snapshotDate: string, plansBySettingType: Readonly<Record<string, number>>, groupOf: (settingType: string) => string | null): Rows {
  return Object.entries(plansBySettingType).map(([settingType, plans]) => ({
    snapshot_date: snapshotDate,
    snapshot_kind: 'january_census',
    area_team: 'North',
    setting_type: settingType,
    setting_group: groupOf(settingType),
    primary_need: 'ASD',
    age: 10,
    plans,
  }));
}

/** One published measure of a DfE row for an authority (benchmark_ehcp). */
export function benchmarkRow(spec: {
  dataset: string;
  timePeriod: string;
  measure: string;
  value: number | null;
  oldLaCode?: string;
  laName?: string;
  breakdownTopic?: string;
  breakdown?: string;
  level?: string;
}): Record<string, string | number | null> {
  const topic = spec.breakdownTopic ?? (spec.dataset === 'caseload' ? 'All EHC plans' : 'All EHC plans issued');
  return {
    record_key: `${spec.dataset}|${spec.timePeriod}|${spec.oldLaCode ?? '886'}|${topic}`,
    time_period: spec.timePeriod,
    time_identifier: spec.timePeriod.length === 6 ? 'January' : 'Calendar year',
    geographic_level: spec.level ?? 'Local authority',
    old_la_code: spec.oldLaCode ?? '886',
    la_name: spec.laName ?? 'Kent',
    dataset: spec.dataset,
    breakdown_topic: topic,
    breakdown: spec.breakdown ?? topic,
    measure: `${spec.dataset}.${spec.measure}`,
    value: spec.value,
    published_value: spec.value === null ? 'x' : String(spec.value),
  };
}

/** The authority's census (LA 886): enough for the checks to know whose row of the DfE statistics to read. */
export const KENT_CENSUS: Rows = [{ census_date: '2024-01-18', laestab: '8862001', nc_year: '5', sen_provision: 'E', primary_need: 'ASD', pupils: 3 }];
