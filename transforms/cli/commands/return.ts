// sendwh return safety-valve --quarter YYYY-YY-QN [--out DIR] [--publish]:
// writes the quarterly Safety Valve monitoring return and records the
// submission. The work is in transforms/returns/; this file reads the options.
import { UsageError } from '../../../models/index.js';
import { writeSafetyValveReturn, type SafetyValveReturnResult } from '../../returns/safetyValveReturn.js';
import { parseQuarter } from '../../returns/quarter.js';
import type { Command, Context } from '../command.js';
import { renderTable } from '../output.js';
import { openEventLog, using } from '../services.js';

const KINDS = ['safety-valve'] as const;

export const returnCommand: Command = {
  name: 'return',
  summary: 'write the quarterly Safety Valve monitoring return and record the submission',
  usage: 'return safety-valve --quarter YYYY-YY-QN [--out DIR] [--publish]',
  description: [
    'Brings the warehouse up to date with the event log, then writes the Safety Valve monitoring return for a',
    'financial-year quarter (Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March), with every',
    'figure as at the last day of the quarter, into one folder:',
    '',
    '  safety-valve-return_<quarter>.xlsx  one sheet per table, and an About sheet with the commentary',
    '  safety-valve-return_<quarter>.html  a report to read in any browser, offline: headline figures, commentary,',
    '                                      charts and every table',
    '  csv/<table>.csv                     the same tables: dsg_position, hnb_spend_by_line,',
    '                                      caseload_by_setting_group, requests_and_timeliness, benchmark,',
    '                                      data_quality_checks, data_quality_findings',
    '  manifest.json                       the event-log position the return was made from, the code version, the',
    '                                      sha256 of every source file and every output, and the checks with their status',
    '',
    'The same log position always gives the same files, byte for byte. Each return is recorded as a submission',
    "under <home>/submissions (the id is printed); 'sendwh reproduce <id>' writes it again exactly, whatever the",
    'log has learnt since. A new return for the same quarter shows the figures as the log now knows them.',
    '',
    'With --publish, counts of children from 1 to 4 are shown as c, and enough other counts that none can be',
    'worked out from the totals; the data-quality findings are left out.',
  ].join('\n'),
  options: [
    { name: 'quarter', type: 'string', usage: '--quarter YYYY-YY-QN', description: 'the financial-year quarter, e.g. 2024-25-Q3 (October to December 2024)' },
    { name: 'out', type: 'string', usage: '--out DIR', description: 'the folder to write (default <home>/returns/<submission id>; an earlier return there is replaced)' },
    { name: 'publish', type: 'boolean', description: 'suppress small counts (1 to 4, and what could reveal them) for publication' },
  ],
  examples: [
    'sendwh return safety-valve --quarter 2024-25-Q3',
    'sendwh return safety-valve --quarter 2024-25-Q4 --out ./returns/2024-25-Q4 --json',
    'sendwh return safety-valve --quarter 2024-25-Q4 --publish',
  ],
  async run(ctx) {
    const [kind, ...extra] = ctx.positionals;
    if (kind === undefined) throw new UsageError('which return? the only one is safety-valve', 'e.g. sendwh return safety-valve --quarter 2024-25-Q3');
    if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown return '${kind}'`, `returns are: ${KINDS.join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`, "run 'sendwh return --help'");
    const quarter = parseQuarter(ctx.options.quarter as string | undefined);
    const result = await using(openEventLog(ctx), (log) =>
      writeSafetyValveReturn({
        home: ctx.home.root,
        log,
        quarter: quarter.id,
        ...(typeof ctx.options.out === 'string' ? { out: ctx.options.out } : {}),
        publish: ctx.options.publish === true,
        logger: ctx.logger,
        env: ctx.env,
        onProgress: (m) => ctx.output.progress(m),
      }),
    );
    ctx.output.endProgress();
    recordReturnRun(ctx, result);
    ctx.output.result(jsonOf(result), () => render(result));
  },
};

function jsonOf(r: SafetyValveReturnResult) {
  return {
    ok: true,
    id: r.id,
    quarter: r.quarter,
    logPosition: r.logPosition,
    published: r.submission.published,
    out: r.out,
    alreadyRecorded: r.alreadyRecorded,
    submittedAt: r.submission.submittedAt,
    files: r.files,
    checks: r.checks,
    headlines: r.headlines,
  };
}

function render(r: SafetyValveReturnResult): string {
  return [
    `Safety Valve return ${r.quarter} written to ${r.out}`,
    `submission: ${r.id}${r.alreadyRecorded ? ` (already recorded on ${r.submission.submittedAt}: the same files)` : ''}`,
    `log position: ${r.logPosition.toLocaleString('en-GB')}`,
    `checks: ${r.checks.total - r.checks.failed} passed, ${r.checks.failed} with findings`,
    '',
    renderTable(r.headlines.map((h) => ({ figure: h.label, value: h.value, note: h.note }))),
    '',
    renderTable(r.files.map((f) => ({ file: f.path, bytes: f.bytes, sha256: f.sha256.slice(0, 16) }))),
    '',
    `reproduce it: sendwh reproduce ${r.id}`,
  ].join('\n');
}

/** Puts a written return into the run record (the return command's, or a demo step's). */
export function recordReturnRun(ctx: Context, r: SafetyValveReturnResult): void {
  const run = ctx.run;
  if (run === undefined) return;
  run.input({ kind: 'log', name: `event log up to position ${r.logPosition}`, path: ctx.home.log });
  run.positions({ warehouseAfter: r.logPosition });
  for (const f of r.files) run.output({ kind: 'file', path: `${r.out}/${f.path}`, sha256: f.sha256 });
  for (const c of r.submission.manifest.checks) run.check({ name: c.check, status: c.status === 'pass' ? 'pass' : c.severity === 'error' ? 'fail' : 'warn', detail: `${c.findings} finding(s)` });
  run.detail('submission', { id: r.id, quarter: r.quarter, logPosition: r.logPosition, published: r.submission.published, alreadyRecorded: r.alreadyRecorded });
}
