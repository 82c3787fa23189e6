// What sendwh verify does (declared in ../verify.ts).
import type { Context } from '../../command.js';
import { openEventLog, using } from '../../services.js';

export async function run(ctx: Context): Promise<number> {
  const report = await using(openEventLog(ctx), (log) => log.verify());
  ctx.output.result(report, () =>
    report.ok
      ? `log OK: ${report.events.toLocaleString('en-GB')} events from ${report.files} files verified`
      : [`log FAILED verification: ${report.problems.length} problem(s)`, ...report.problems.map((p) => `  ${p.where}: ${p.problem}`),
         `  hint: restore the log directory (${ctx.home.log}) from backup; the warehouse can be rebuilt from it with 'sendwh rebuild'`].join('\n'),
  );
  return report.ok ? 0 : 1;
}
