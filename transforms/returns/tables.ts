// The tables of the quarterly Safety Valve return: what each one is, its
// columns (name, heading, kind of figure) and the SQL file that reads it from
// the warehouse (sql/returns/rpt_*.sql). The same tables become the workbook's
// sheets, the CSV files and the HTML report's tables and charts.
import type { DuckDBConnection } from '@duckdb/node-api';
import { querySqlFile, type Row, type SqlParams } from '../duckdb/database.js';
import type { Quarter } from './quarter.js';

/** How a column's figures are written: as text, a date, a count of children or plans, pounds, a percentage or another number. */
export type ColumnKind = 'text' | 'date' | 'count' | 'money' | 'percent' | 'number';

export interface ReturnColumn {
  name: string;
  heading: string;
  kind: ColumnKind;
  /** A key for tools (in the workbook and CSV) that the HTML report leaves out beside its plain-English label. */
  keyOnly?: boolean;
}

/** A cell as the return writes it: the exact text of the figure (DuckDB's rendering of a DECIMAL, a date as YYYY-MM-DD), 'c' for a suppressed count, or null for blank. */
export type Cell = string | null;

export type TableKey =
  | 'dsg_position'
  | 'hnb_spend_by_line'
  | 'caseload_by_setting_group'
  | 'requests_and_timeliness'
  | 'benchmark'
  | 'data_quality_checks'
  | 'data_quality_findings';

export interface ReturnTableSpec {
  key: TableKey;
  /** Worksheet name (31 characters at most). */
  sheet: string;
  /** Heading in the report. */
  title: string;
  /** One paragraph: what the table shows and where the figures come from. */
  description: string;
  sql: string;
  columns: readonly ReturnColumn[];
}

/** A table with its rows, every cell as text. */
export interface ReturnTable {
  spec: ReturnTableSpec;
  columns: readonly ReturnColumn[];
  rows: Cell[][];
  /** Why the table is empty or cut down, when it is (e.g. no benchmark statistics in the log). */
  note?: string;
}

const c = (name: string, heading: string, kind: ColumnKind, keyOnly = false): ReturnColumn => (keyOnly ? { name, heading, kind, keyOnly } : { name, heading, kind });

export const TABLE_SPECS: readonly ReturnTableSpec[] = [
  {
    key: 'dsg_position',
    sheet: 'DSG position',
    title: 'DSG position by year: actual against the Safety Valve plan',
    description:
      'The Dedicated Schools Grant High Needs position for every financial year, in pounds (income negative, deficit positive). Closed years are outturn; the year of the return is year to date at the quarter end. The plan is the agreed Safety Valve trajectory; the forecast is the whole-year Forecast ledger for High Needs Block spend.',
    sql: 'returns/rpt_dsg_position.sql',
    columns: [
      c('financial_year', 'Financial year', 'text'),
      c('basis', 'Basis', 'text'),
      c('measure', 'Measure', 'text', true),
      c('label', 'Description', 'text'),
      c('actual', 'Actual (£)', 'money'),
      c('forecast', 'Forecast (£)', 'money'),
      c('plan', 'Safety Valve plan (£)', 'money'),
      c('variance', 'Variance: actual - plan (£)', 'money'),
      c('forecast_variance', 'Variance: forecast - plan (£)', 'money'),
    ],
  },
  {
    key: 'hnb_spend_by_line',
    sheet: 'HNB spend by line',
    title: 'High Needs Block spend by line, year to date',
    description:
      "Spend by line for the return's financial year in pounds: actual, budget and forecast for the ledger periods up to the quarter end, the Safety Valve plan profiled evenly over the year, and the whole-year budget, forecast and plan.",
    sql: 'returns/rpt_hnb_spend_by_line.sql',
    columns: [
      c('line', 'Line', 'text'),
      c('actual_ytd', 'Actual to date (£)', 'money'),
      c('budget_ytd', 'Budget to date (£)', 'money'),
      c('forecast_ytd', 'Forecast to date (£)', 'money'),
      c('plan_ytd', 'Plan to date, straight-line (£)', 'money'),
      c('variance_to_budget_ytd', 'Actual - budget to date (£)', 'money'),
      c('variance_to_plan_ytd', 'Actual - plan to date (£)', 'money'),
      c('budget_full_year', 'Budget, whole year (£)', 'money'),
      c('forecast_full_year', 'Forecast, whole year (£)', 'money'),
      c('plan_full_year', 'Plan, whole year (£)', 'money'),
      c('forecast_variance_to_plan', 'Forecast - plan, whole year (£)', 'money'),
    ],
  },
  {
    key: 'caseload_by_setting_group',
    sheet: 'Caseload by setting',
    title: 'EHC plans by setting group, last eight quarters',
    description:
      'Children and young people with an active EHC plan on the last day of each quarter, by the group of the setting they were placed in (the DfE caseload groups), with each group\'s share of all plans.',
    sql: 'returns/rpt_caseload_by_setting_group.sql',
    columns: [
      c('quarter', 'Quarter', 'text'),
      c('snapshot_date', 'Snapshot date', 'date'),
      c('setting_group', 'Setting group', 'text', true),
      c('label', 'Description', 'text'),
      c('plans', 'EHC plans', 'count'),
      c('share_pct', 'Share of plans (%)', 'percent'),
    ],
  },
  {
    key: 'requests_and_timeliness',
    sheet: 'Requests and timeliness',
    title: 'Requests, decisions within 6 weeks and plans issued within 20 weeks, by month and area',
    description:
      'For the twelve months to the quarter end: requests for an EHC needs assessment received, the decisions on them (counted in the month the request was received) and how many came within 6 weeks; EHC plans issued in the month and how many within 20 weeks of the request, also leaving out the cases where an exception to the 20-week limit applied.',
    sql: 'returns/rpt_requests_and_timeliness.sql',
    columns: [
      c('month', 'Month', 'date'),
      c('area_team', 'Area team', 'text'),
      c('requests_received', 'Requests received', 'count'),
      c('decisions_made', 'Decisions made', 'count'),
      c('decided_to_assess', 'Decided to assess', 'count'),
      c('decided_not_to_assess', 'Decided not to assess', 'count'),
      c('decisions_within_6_weeks', 'Decisions within 6 weeks', 'count'),
      c('pct_decisions_within_6_weeks', 'Decisions within 6 weeks (%)', 'percent'),
      c('plans_issued', 'Plans issued', 'count'),
      c('issued_within_20_weeks', 'Issued within 20 weeks', 'count'),
      c('pct_issued_within_20_weeks', 'Issued within 20 weeks (%)', 'percent'),
      c('plans_issued_ex', 'Plans issued, exceptions left out', 'count'),
      c('issued_within_20_weeks_ex', 'Within 20 weeks, exceptions left out', 'count'),
      c('pct_issued_within_20_weeks_ex', 'Within 20 weeks, exceptions left out (%)', 'percent'),
    ],
  },
  {
    key: 'benchmark',
    sheet: 'Benchmark',
    title: 'The authority beside its region and England (DfE statistics)',
    description:
      'Published DfE "Education, health and care plans" statistics: for each measure, the latest period that had ended by the quarter end, for the authority, its region and England. A blank is a figure the DfE did not publish.',
    sql: 'returns/rpt_benchmark.sql',
    columns: [
      c('measure', 'Measure', 'text', true),
      c('label', 'Description', 'text'),
      c('unit', 'Unit', 'text', true),
      c('time_period', 'DfE time period', 'text', true),
      c('period', 'Period', 'text'),
      c('authority_name', 'Authority', 'text'),
      c('authority', 'Authority value', 'number'),
      c('region_name', 'Region', 'text'),
      c('region', 'Region value', 'number'),
      c('england', 'England value', 'number'),
    ],
  },
  {
    key: 'data_quality_checks',
    sheet: 'Data quality checks',
    title: 'Data-quality checks',
    description: 'The data-quality checks the warehouse ran at the log position the return was made from, with their outcome.',
    sql: 'returns/rpt_data_quality_checks.sql',
    columns: [
      c('check_name', 'Check', 'text'),
      c('severity', 'Severity', 'text'),
      c('status', 'Status', 'text'),
      c('finding_count', 'Findings', 'number'),
      c('detail', 'Detail', 'text'),
    ],
  },
  {
    key: 'data_quality_findings',
    sheet: 'Data quality findings',
    title: 'Data-quality findings',
    description: 'Each difference the data-quality checks found at that log position, with the figure expected and the figure found.',
    sql: 'returns/rpt_data_quality_findings.sql',
    columns: [
      c('check_name', 'Check', 'text'),
      c('subject', 'Subject', 'text'),
      c('expected', 'Expected', 'number'),
      c('actual', 'Actual', 'number'),
      c('difference', 'Difference', 'number'),
      c('detail', 'Detail', 'text'),
    ],
  },
];

export function specOf(key: TableKey): ReturnTableSpec {
  const spec = TABLE_SPECS.find((s) => s.key === key);
  if (spec === undefined) throw new Error(`no return table ${key}`);
  return spec;
}

/** What the tables' queries are given. */
export interface TableContext {
  quarter: Quarter;
  logPosition: number;
  /** The authority's LA code (old, three digits), or null when the warehouse cannot tell. */
  laCode: string | null;
  hasQualityTables: boolean;
}

/** The named parameters each table's SQL is given. */
export function tableParams(context: TableContext): Record<TableKey, SqlParams> {
  const { quarter } = context;
  return {
    dsg_position: { financial_year: quarter.financialYear, last_period: quarter.lastPeriod },
    hnb_spend_by_line: { financial_year: quarter.financialYear, last_period: quarter.lastPeriod, months_elapsed: quarter.monthsElapsed },
    caseload_by_setting_group: { quarter_end: quarter.end },
    requests_and_timeliness: { quarter_end: quarter.end },
    benchmark: { quarter_end: quarter.end, la_code: context.laCode ?? '' },
    data_quality_checks: { log_position: BigInt(context.logPosition) },
    data_quality_findings: { log_position: BigInt(context.logPosition) },
  };
}

/** Reads every table of the return from an open warehouse. */
export async function readTables(connection: DuckDBConnection, context: TableContext): Promise<ReturnTable[]> {
  const params = tableParams(context);
  const tables: ReturnTable[] = [];
  for (const spec of TABLE_SPECS) {
    if (spec.key.startsWith('data_quality') && !context.hasQualityTables) {
      tables.push({ spec, columns: spec.columns, rows: [], note: 'This warehouse holds no data-quality results (it was built before the checks existed): run `sendwh rebuild`.' });
      continue;
    }
    const rows = await querySqlFile(connection, spec.sql, params[spec.key]);
    const names = rows[0] === undefined ? undefined : Object.keys(rows[0]);
    if (names !== undefined && names.join(',') !== spec.columns.map((col) => col.name).join(',')) {
      // A bug: the SQL file and the table's declared columns disagree.
      throw new Error(`sql/${spec.sql} returns columns ${names.join(', ')}, but the ${spec.key} table declares ${spec.columns.map((col) => col.name).join(', ')}`);
    }
    const table: ReturnTable = { spec, columns: spec.columns, rows: rows.map((row) => spec.columns.map((col) => cellOf(row, col.name))) };
    if (spec.key === 'benchmark' && rows.length === 0) {
      table.note =
        context.laCode === null
          ? 'The warehouse cannot tell which authority this is (no schools in its own districts).'
          : 'The log holds no DfE statistics for the authority up to the quarter end: ingest the DfE "Education, health and care plans" release (sendwh ingest ees <zip>).';
    }
    tables.push(table);
  }
  return tables;
}

function cellOf(row: Row, name: string): Cell {
  const value = row[name];
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** A column's index in a table, or throws (a bug: the specs and the code disagree). */
export function columnIndex(table: ReturnTable, name: string): number {
  const i = table.columns.findIndex((col) => col.name === name);
  if (i < 0) throw new Error(`table ${table.spec.key} has no column ${name}`);
  return i;
}

/** The table of a key from a list of tables. */
export function tableOf(tables: readonly ReturnTable[], key: TableKey): ReturnTable {
  const t = tables.find((x) => x.spec.key === key);
  if (t === undefined) throw new Error(`no table ${key}`);
  return t;
}

/** A cell as a number: null for blank, 'c' (suppressed) or anything not numeric. */
export function num(cell: Cell | undefined): number | null {
  if (cell === null || cell === undefined || cell === 'c' || cell.trim() === '') return null;
  const n = Number(cell);
  return Number.isFinite(n) ? n : null;
}
