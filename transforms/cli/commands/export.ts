// sendwh export parquet <dir>: the facts and dimensions as Parquet with a manifest.
import { defineCommand } from '../command.js';

export const exportCommand = defineCommand(
  {
    name: 'export',
    summary: 'write the facts and dimensions as Parquet files with a manifest',
    usage: 'export parquet <dir>',
    description: [
      'Writes every fact and dimension table of the live warehouse to <dir> as Parquet (zstd), for tools that read',
      'Parquet. The big facts are split into one folder per period, hive style, so a tool can read one period alone:',
      'fct_ehcp_caseload by snapshot_date, fct_census_sen by census_date, fct_hnb_spend by financial_year (read them',
      'back with hive partitioning on, e.g. DuckDB read_parquet(\'<dir>/fct_hnb_spend/*/*.parquet\', hive_partitioning = true)).',
      'The other tables are one file each: <dir>/<table>.parquet.',
      '',
      '<dir>/manifest.json describes the export: the log position every number is as of, and for each table its',
      'definition, grain, columns (name, type, definition), row count, and files with their row counts, sizes and',
      'sha256. The export is written to a new folder and renamed into place: a reader sees the previous export or',
      'the new one, never half of one. <dir> must be new, empty, or a previous export (which it replaces).',
    ].join('\n'),
    options: [],
    examples: ['sendwh export parquet ./sendwh-parquet', 'sendwh export parquet /srv/share/send-warehouse --json'],
  },
  () => import('./run/export.js'),
);
