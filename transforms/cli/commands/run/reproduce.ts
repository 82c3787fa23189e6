// What sendwh reproduce does (declared in ../reproduce.ts): reads the options
// and reproduces the submission with transforms/returns/reproduce.ts.
import { UsageError } from '../../../../models/index.js';
import { reproduceSubmission, type ReproduceResult } from '../../../returns/reproduce.js';
import type { Context } from '../../command.js';
import { renderTable } from '../../output.js';
import { openEventLog, using } from '../../services.js';

export async function run(ctx: Context): Promise<void> {
  const [id, ...extra] = ctx.positionals;
  if (id === undefined) throw new UsageError('reproduce needs a submission id', 'e.g. sendwh reproduce sv-2024-25-Q3-0123456789ab (see <home>/submissions)');
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`, "run 'sendwh reproduce --help'");
  const result = await using(openEventLog(ctx), (log) =>
    reproduceSubmission({
      home: ctx.home.root,
      log,
      id,
      ...(typeof ctx.options.out === 'string' ? { out: ctx.options.out } : {}),
      logger: ctx.logger,
      env: ctx.env,
      onProgress: (m) => ctx.output.progress(m),
    }),
  );
  ctx.output.endProgress();
  recordRun(ctx, result);
  ctx.output.result({ ok: true, ...result }, () => render(result));
}

function render(r: ReproduceResult): string {
  return [
    `submission ${r.id} (${r.quarter}) reproduced in ${r.out}: every file identical to the recorded manifest`,
    `log position: ${r.logPosition.toLocaleString('en-GB')} (warehouse: ${r.warehouse === 'live' ? 'the live one, which stands there' : 'rebuilt to that position'})`,
    `made by ${r.madeBy}; reproduced by ${r.reproducedBy}`,
    '',
    renderTable(r.files.map((f) => ({ file: f.path, bytes: f.bytes, sha256: f.sha256.slice(0, 16) }))),
  ].join('\n');
}

function recordRun(ctx: Context, r: ReproduceResult): void {
  const run = ctx.run;
  if (run === undefined) return;
  run.input({ kind: 'submission', name: r.id, path: `${ctx.home.submissions}/${r.id}.json` });
  for (const f of r.files) run.output({ kind: 'file', path: `${r.out}/${f.path}`, sha256: f.sha256 });
  run.detail('reproduce', { id: r.id, quarter: r.quarter, logPosition: r.logPosition, warehouse: r.warehouse, identical: r.identical });
}
