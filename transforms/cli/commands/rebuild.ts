// sendwh rebuild [--verify]: builds the warehouse from the whole event log
// again. With --verify it compares the result with the live warehouse table by
// table instead of publishing it, and fails naming the tables that differ.
import { rebuildWarehouse } from '../../warehouse/index.js';
import type { Command } from '../command.js';
import { openEventLog, using } from '../services.js';
import { buildReport, currentQuality, progressLogger, recordBuild, renderBuildReport } from './build.js';
import { recordBuildTables } from '../../runs/buildRecord.js';

export const rebuildCommand: Command = {
  name: 'rebuild',
  summary: 'build from the whole log again; --verify compares with the live warehouse',
  usage: 'rebuild [--verify]',
  description: [
    'Builds the warehouse from the whole event log into a new file. Without --verify the new file replaces the',
    'live one (renamed over it: readers are never blocked), after the data-quality checks have run on it; their',
    'earlier results are carried over as history. Use it after an upgrade of sendwh or when the log was restored.',
    '',
    'With --verify the rebuild reads the log up to the position the live warehouse has read, compares every table',
    'with the live one by content (row count, columns and an order-independent hash of the rows) and leaves the',
    'live warehouse as it is. It exits 0 when they are identical and 1 naming each table that differs. Build',
    'bookkeeping (build_runs) and the data-quality history (dq_check_results, dq_findings) are not compared.',
  ].join('\n'),
  options: [{ name: 'verify', type: 'boolean', description: 'compare with the live warehouse instead of replacing it; exit 1 naming the tables that differ' }],
  examples: ['sendwh rebuild --verify', 'sendwh rebuild', 'sendwh rebuild --verify --json'],
  async run(ctx) {
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
  },
};
