// What sendwh rebuild does (declared in ../rebuild.ts).
import { rebuildWarehouse } from '../../../warehouse/index.js';
import type { Context } from '../../command.js';
import { openEventLog, using } from '../../services.js';
import { buildReport, currentQuality, progressLogger, recordBuild, renderBuildReport } from './build.js';
import { recordBuildTables } from '../../../runs/buildRecord.js';

export async function run(ctx: Context): Promise<number> {
  const verify = ctx.options.verify === true;
  const result = await using(openEventLog(ctx), (log) =>
    rebuildWarehouse({ home: ctx.home.root, log, verify, logger: progressLogger(ctx.logger, ctx.output) }),
  );
  ctx.output.endProgress();
  const n = (x: number): string => x.toLocaleString('en-GB');
  if (verify) {
    ctx.run?.check({ name: 'rebuild-verify', status: 'pass', detail: `${result.tables.length} tables identical at log position ${result.toSeq}` });
    const report = {
      verified: true,
      logPosition: result.toSeq,
      events: result.events,
      durationMs: result.durationMs,
      warehouse: result.warehouse,
      tables: result.tables.map((t) => ({ table: t.table, rows: t.rows })),
    };
    ctx.output.result(report, () =>
      [
        `rebuild from the whole log matches the live warehouse: ${report.tables.length} tables identical at log position ${n(report.logPosition)}`,
        `(${n(report.events)} events read in ${(report.durationMs / 1000).toFixed(1)}s; the live warehouse was not touched)`,
      ].join('\n'),
    );
    return 0;
  }
  recordBuild(ctx.run, result);
  await recordBuildTables(ctx.run, result, () => using(openEventLog(ctx), (log) => log.files()));
  const report = { ...buildReport(result, result.quality ?? (await currentQuality(ctx))), tables: result.tables.length };
  ctx.output.result(report, () => `rebuilt from the whole log: ${report.tables} tables\n${renderBuildReport(report)}`);
  return 0;
}
