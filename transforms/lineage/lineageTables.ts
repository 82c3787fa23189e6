// Which warehouse tables `sendwh why` can explain, and how: each has a
// lineage SQL (sql/lineage/why_<table>.sql) that lists, for every unit the
// table counts or sums (a person on a day, a request, a posting, a pupil
// record...), the cell it falls in, what it adds to each measure, and the log
// records behind it. The lineage SQL follows the same rules as the mart, so
// the units of a cell add up to the warehouse's number exactly.
import { WAREHOUSE_MODELS } from '../warehouse/index.js';

/** How one table is explained. */
export interface LineageTable {
  table: string;
  /** The lineage SQL, relative to sql/. */
  sql: string;
  /** The columns the units add up to (summed over the cell). `fact_rows` for tables with one unit per row. */
  measures: readonly string[];
  /** What a unit of the table is, in words. */
  unit: string;
  /** True for tables the contract declares (no events behind them). */
  constant?: boolean;
}

const t = (table: string, measures: readonly string[], unit: string, extra: Partial<LineageTable> = {}): LineageTable => ({
  table,
  sql: extra.constant ? 'lineage/why_constant.sql' : `lineage/why_${table}.sql`,
  measures,
  unit,
  ...extra,
});

/** Every table `why` explains. */
export const LINEAGE_TABLES: readonly LineageTable[] = [
  t('fct_ehcp_caseload', ['plans'], 'a person with an active EHC plan on the snapshot date (the plan counted, their rank-1 placement, its school)'),
  t(
    'fct_assessment_requests',
    ['requests_received', 'decided_to_assess', 'decided_not_to_assess', 'decisions_within_6_weeks'],
    'a request for an EHC needs assessment, in the month it was received',
  ),
  t(
    'fct_plan_timeliness',
    ['plans_issued', 'issued_within_20_weeks', 'plans_issued_ex', 'issued_within_20_weeks_ex'],
    'an EHC plan issued, in the month it was issued',
  ),
  t('fct_hnb_spend', ['amount'], 'a ledger posting to a spend-kind (or unmapped) cost centre'),
  t(
    'fct_dsg_position',
    [
      'hnb_spend',
      'hnb_grant',
      'schools_block_transfer',
      'other_variances',
      'in_year_position',
      'dfe_contribution',
      'council_contribution',
      'accumulated_position',
      'unmapped_actuals',
    ],
    'an actual ledger posting, in its own financial year and (for accumulated_position) every later one',
  ),
  t('fct_census_sen', ['pupils'], 'a pupil on roll at a school on a census day'),
  t('fct_safety_valve_plan', ['fact_rows', 'amount'], 'an item of the newest Safety Valve plan of its year'),
  t('benchmark_ehcp', ['fact_rows', 'value'], 'one measure of one row of a DfE published file'),
  t('quarantine', ['fact_rows'], 'a rejected row of an extract file'),
  t('dim_schools', ['fact_rows'], 'a school of the GIAS reference file'),
  t('dim_settings', ['fact_rows'], 'a setting type declared by the contract', { constant: true }),
  t('dim_setting_mappings', ['fact_rows'], 'a mapping declared by the contract', { constant: true }),
];

/** The lineage of a table, or undefined when `why` cannot explain it. */
export function lineageFor(table: string): LineageTable | undefined {
  return LINEAGE_TABLES.find((l) => l.table === table);
}

/** A table's columns that can be filtered on (every column that is not a measure), from its model declaration. */
export function filterColumns(lineage: LineageTable): string[] {
  const model = WAREHOUSE_MODELS.find((m) => m.name === lineage.table);
  if (model === undefined) return [];
  return model.columns.map((c) => c.name).filter((name) => !lineage.measures.includes(name));
}

/** A table's column types by name, from its model declaration. */
export function columnTypes(table: string): Map<string, string> {
  const model = WAREHOUSE_MODELS.find((m) => m.name === table);
  return new Map((model?.columns ?? []).map((c) => [c.name, c.type]));
}
