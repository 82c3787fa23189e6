// sendwh verify: proves the event log's integrity end to end.
import type { Command } from '../command.js';
import { openEventLog, using } from '../services.js';

export const verifyCommand: Command = {
  name: 'verify',
  summary: "check the event log's integrity end to end",
  usage: 'verify',
  description: [
    'Re-reads the whole event log: every segment against its recorded sha256, every event against its id',
    '(so an edited event is named), the sequence numbers (a removed or reordered event is named), and every',
    'payload against its schema. Exits 1 and lists the problems when anything is wrong.',
  ].join('\n'),
  options: [],
  async run(ctx) {
    const report = await using(openEventLog(ctx), (log) => log.verify());
    ctx.output.result(report, () =>
      report.ok
        ? `log OK: ${report.events.toLocaleString('en-GB')} events from ${report.files} files verified`
        : [`log FAILED verification: ${report.problems.length} problem(s)`, ...report.problems.map((p) => `  ${p.where}: ${p.problem}`),
           `  hint: restore the log directory (${ctx.home.log}) from backup; the warehouse can be rebuilt from it with 'sendwh rebuild'`].join('\n'),
    );
    return report.ok ? 0 : 1;
  },
};
