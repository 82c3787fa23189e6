// What sendwh export does (declared in ../export.ts): the Parquet export of transforms/export/.
import { UsageError } from '../../../../models/index.js';
import { exportParquet } from '../../../export/index.js';
import type { Context } from '../../command.js';
import { renderTable } from '../../output.js';

export async function run(ctx: Context): Promise<void> {
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
}
