// sendwh export parquet <dir>: the facts and dimensions as Parquet with a manifest.
import { UsageError } from '../../../models/index.js';
import { exportParquet } from '../../export/index.js';
import type { Command } from '../command.js';
import { renderTable } from '../output.js';

export const exportCommand: Command = {
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
  async run(ctx) {
    const [format, dir, ...rest] = ctx.positionals;
    if (format !== 'parquet') throw new UsageError(format === undefined ? 'export needs a format and a folder' : `unknown export format '${format}'`, 'e.g. sendwh export parquet ./sendwh-parquet');
    if (dir === undefined) throw new UsageError('export parquet needs a folder to write to', 'e.g. sendwh export parquet ./sendwh-parquet');
    if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
    const { out, manifest } = await exportParquet({ home: ctx.home.root, out: dir, onProgress: (m) => ctx.output.progress(m) });
    ctx.output.endProgress();
    ctx.run?.input({ kind: 'warehouse', name: 'warehouse.duckdb', path: manifest.warehouse });
    ctx.run?.positions({ warehouseAfter: manifest.logPosition });
    ctx.run?.detail('export', { format: 'parquet', out, logPosition: manifest.logPosition });
    for (const t of manifest.tables) {
      ctx.run?.table({ table: t.table, rowsIn: t.rows, rowsOut: t.files.reduce((s, f) => s + f.rows, 0), rowsQuarantined: null });
      for (const f of t.files) ctx.run?.output({ kind: 'file', path: `${out}/${f.path}`, sha256: f.sha256, rows: f.rows });
    }
    const summary = {
      out,
      manifest: `${out}/manifest.json`,
      logPosition: manifest.logPosition,
      tables: manifest.tables.map((t) => ({ table: t.table, rows: t.rows, files: t.files.length, partitionBy: t.partitionBy, bytes: t.files.reduce((s, f) => s + f.bytes, 0) })),
    };
    ctx.output.result(summary, () =>
      [
        `Parquet export: ${out} (as the log knew it at position ${manifest.logPosition.toLocaleString('en-GB')})`,
        renderTable(summary.tables.map((t) => ({ ...t, partitionBy: t.partitionBy ?? '' }))),
        `manifest: ${summary.manifest}`,
      ].join('\n'),
    );
  },
};
