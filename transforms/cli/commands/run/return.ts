// What sendwh return does (declared in ../return.ts): reads the options and
// writes the return with transforms/returns/.
import { UsageError } from '../../../../models/index.js';
import { writeSafetyValveReturn, type SafetyValveReturnResult } from '../../../returns/safetyValveReturn.js';
import { parseQuarter } from '../../../returns/quarter.js';
import type { Context } from '../../command.js';
import { renderTable } from '../../output.js';
import { openEventLog, using } from '../../services.js';

const KINDS = ['safety-valve'] as const;

export async function run(ctx: Context): Promise<void> {
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
}

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
