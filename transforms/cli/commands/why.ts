// sendwh why <table> <column>=<value>...: where a number comes from. The
// warehouse's number for the cell, then every unit that adds up to it and the
// log records behind each, with every event's file, sha256, line and extract
// date, and for corrected fields which extract's value won.
import { defineCommand } from '../command.js';

/**
 * The tables why explains, written out rather than read from transforms/lineage/ (which loads
 * the warehouse): test/transforms/cli/commands.unit.test.ts checks they are LINEAGE_TABLES.
 */
const TABLES = [
  'fct_ehcp_caseload',
  'fct_assessment_requests',
  'fct_plan_timeliness',
  'fct_hnb_spend',
  'fct_dsg_position',
  'fct_census_sen',
  'fct_safety_valve_plan',
  'benchmark_ehcp',
  'quarantine',
  'dim_schools',
  'dim_settings',
  'dim_setting_mappings',
];

export const whyCommand = defineCommand(
  {
    name: 'why',
    summary: 'where a number comes from: the records and extract lines behind a cell',
    usage: 'why <table> <column>=<value>... [--as-of N | --submission ID] [--limit N]',
    description: [
      'Explains a number of the warehouse. Give a table and fix some of its columns to values (the cell);',
      'why prints the warehouse\'s number for that cell (the measures summed over its rows), then every unit',
      'that adds up to it (a person with a plan on the day, a request, a posting, a pupil record...), the log',
      'records behind each unit, and every event of those records with its source file (name and sha256),',
      'line, extract date and when it was ingested. Where a record was corrected by a later extract, it shows',
      'each value the field took and which extract\'s value won. The units are summed and checked against the',
      'warehouse\'s number: the answer says whether they add up exactly.',
      '',
      'A value is written as the warehouse shows it (dates YYYY-MM-DD); column= (empty) means NULL.',
      'Columns not given are summed over. Personal data appears only as pseudonyms.',
      '',
      'With --as-of or --submission the answer comes from a warehouse built as the log stood at that position',
      '(built once into <home>/cache/as-of/<position>/, then reused): the numbers of a return as submitted.',
      '',
      `Tables: ${TABLES.join(', ')}.`,
    ].join('\n'),
    options: [
      { name: 'as-of', type: 'string', usage: '--as-of N', description: 'answer as the log stood at position N (a warehouse built to N)' },
      { name: 'submission', type: 'string', usage: '--submission ID', description: 'answer as the log stood when that submission (sendwh return) was made' },
      { name: 'limit', type: 'string', usage: '--limit N', description: 'show at most N units and their records (the totals still cover the whole cell)' },
    ],
    examples: [
      'sendwh why fct_ehcp_caseload snapshot_date=2025-01-16 setting_type=special_independent',
      'sendwh why fct_hnb_spend financial_year=2024-25 period=3 line="Independent Special Schools" ledger_type=Actual',
      'sendwh why fct_plan_timeliness month=2024-11-01 area_team=East --json',
      'sendwh why fct_ehcp_caseload snapshot_date=2025-01-16 --submission sv-2024-25-Q4-0123456789ab --limit 20',
    ],
  },
  () => import('./run/why.js'),
);
