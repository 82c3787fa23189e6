// sendwh reproduce <submission-id> [--out DIR]: writes a recorded return again,
// byte for byte, from the event log as it was when the return was made. The
// work is in transforms/returns/reproduce.ts; this file reads the options.
import { UsageError } from '../../../models/index.js';
import { reproduceSubmission, type ReproduceResult } from '../../returns/reproduce.js';
import type { Command, Context } from '../command.js';
import { renderTable } from '../output.js';
import { openEventLog, using } from '../services.js';

export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: 'write a recorded return again, byte for byte, whatever the log has learnt since',
  usage: 'reproduce <submission-id> [--out DIR]',
  description: [
    "Reads the submission's record (<home>/submissions/<id>.json), builds the warehouse as it was at the",
    "submission's event-log position (the live warehouse is used when it stands exactly there; otherwise a full",
    'build up to that position in a temporary file under the home, removed afterwards), makes the return again and',
    'checks every file against the sha256 in the recorded manifest. Only when all of them match are the files',
    'written; any difference fails (exit 1) naming the files, and nothing is written. Extracts ingested since, even',
    'corrections to the same quarter, do not change the result: run `sendwh return` again for the corrected figures.',
    '',
    'The submission ids are printed by `sendwh return` and are the file names under <home>/submissions.',
  ].join('\n'),
  options: [{ name: 'out', type: 'string', usage: '--out DIR', description: 'the folder to write (default <home>/reproduced/<submission id>)' }],
  examples: ['sendwh reproduce sv-2024-25-Q3-0123456789ab', 'sendwh reproduce sv-2024-25-Q3-0123456789ab --out /tmp/check --json'],
  async run(ctx) {
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
  },
};

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
