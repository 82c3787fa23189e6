// What sendwh ingest does (declared in ../ingest.ts): reads each file, checks its rows and
// appends its events to the log; ingestFiles is also the demo's ingest.
import { existsSync, statSync } from 'node:fs';
import { BadInputError, SourceName, SOURCE_NAMES, UsageError } from '../../../../models/index.js';
import type { IngestReport } from '../../../../ingest/pipeline.js';
import { specFor } from '../../../../ingest/sources.js';
import { expandInputs, type ExtractInput } from '../../../../ingest/extractReader.js';
import type { Context } from '../../command.js';
import { openEventLog, openIndex, pseudonymiser, pseudonymSecret, takingTurns, using } from '../../services.js';
import { createStagerPool, defaultWorkerCount, PARALLEL_MIN_BYTES } from '../../../../ingest/parallel/stagerPool.js';
import { renderTable } from '../../output.js';
import { recordIngestedFile, recordRefusedFile } from '../../../runs/ingestRecord.js';

export async function run(ctx: Context): Promise<number> {
  const [sourceArg, ...files] = ctx.positionals;
  const parsed = SourceName.safeParse(sourceArg);
  if (!parsed.success) {
    throw new UsageError(
      sourceArg === undefined ? 'ingest needs a source and at least one file' : `unknown source '${sourceArg}'`,
      `sources are: ${SOURCE_NAMES.join(', ')}`,
    );
  }
  if (files.length === 0) throw new UsageError('ingest needs at least one file', `e.g. sendwh ingest ${parsed.data} extract.csv`);
  const { reports, failures } = await ingestFiles(ctx, parsed.data, files);
  ctx.output.result({ ok: failures.length === 0, files: reports, errors: failures }, () => renderReports(reports, failures));
  return failures.length > 0 ? 2 : 0;
}

export interface FileFailure {
  file: string;
  code: string;
  message: string;
  hint?: string;
}

/** Ingests files of one source; a file refused whole is reported and the others still go in. */
export async function ingestFiles(ctx: Context, source: SourceName, files: string[]): Promise<{ reports: IngestReport[]; failures: FileFailure[] }> {
  const reports: IngestReport[] = [];
  const failures: FileFailure[] = [];
  for (const file of files) {
    if (!existsSync(file) || !statSync(file).isFile()) {
      failures.push({ file, code: 'file-not-found', message: `${file}: no such file`, hint: 'check the path' });
      recordRefusedFile(ctx.run, { file, code: 'file-not-found', message: `${file}: no such file` });
      continue;
    }
  }
  const present = files.filter((f) => !failures.some((x) => x.file === f));
  const pseudonymise = pseudonymiser(ctx);
  const workerCount = workersOption(ctx);
  // Without --workers, only big files use workers (starting them costs more than small files save).
  const wantsWorkers = (bytes: number) => workerCount > 0 && (ctx.options.workers !== undefined || bytes >= PARALLEL_MIN_BYTES);
  const inputs = (await expandInputs(source, present)).map(hashedOnce);
  // What the first file needs gets going before the log and the index open: the workers start
  // (shared by the files after it) and, for a source whose events carry it, its sha256 is read.
  const pool = inputs.some((i) => wantsWorkers(i.bytes)) ? createStagerPool(workerCount, pseudonymSecret(ctx)) : undefined;
  if (specFor(source).state === 'hash') inputs[0]?.sha256().catch(() => undefined);
  // The pipeline brings DuckDB's native library, the slowest thing to load: loaded while those run.
  const { ingestFile } = await import('../../../../ingest/pipeline.js');
  let closing: Promise<void> | undefined;
  try {
    await using(openEventLog(ctx), async (log) =>
      using(openIndex(ctx), async (index) => {
        for (const input of inputs) {
          try {
            const workers = wantsWorkers(input.bytes) ? pool : undefined;
            const report = await takingTurns(log, source, input.name, ctx.logger, () => ingestFile({
              spec: specFor(source),
              specs: specFor,
              input,
              log,
              index,
              pseudonymise,
              ...(workers === undefined ? {} : { workers }),
              logger: ctx.logger,
              onProgress: (p) =>
                ctx.output.progress(
                  p.phase === 'parse'
                    ? `${p.file}: ${p.rows.toLocaleString('en-GB')} rows read, ${p.rejected} rejected`
                    : `${p.file}: ${p.phase} ${p.rows.toLocaleString('en-GB')} rows`,
                ),
            }));
            ctx.output.endProgress();
            reports.push(report);
            recordIngestedFile(ctx.run, report, input.origin, input.bytes);
          } catch (error) {
            ctx.output.endProgress();
            if (error instanceof BadInputError) {
              failures.push({ file: input.name, code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) });
              recordRefusedFile(ctx.run, { file: input.name, code: error.code, message: error.message });
              ctx.logger.warn({ file: input.name, code: error.code }, 'file refused');
            } else throw error;
          }
        }
        // The workers are done: they stop while the index and the log close.
        closing = pool?.close();
      }),
    );
  } finally {
    await (closing ?? pool?.close());
  }
  return { reports, failures };
}

/** An input whose sha256 is read once, however often it is asked for (it may be asked for early). */
function hashedOnce(input: ExtractInput): ExtractInput {
  let sha256: Promise<string> | undefined;
  return { ...input, sha256: () => (sha256 ??= input.sha256()) };
}

/** --workers: a whole number of worker threads, 0 for none. */
function workersOption(ctx: Context): number {
  const given = ctx.options.workers;
  if (given === undefined) return defaultWorkerCount();
  const n = Number(given);
  if (typeof given !== 'string' || !/^\d+$/.test(given) || n > 256) {
    throw new UsageError(`--workers must be a whole number from 0 to 256, not '${String(given)}'`, 'e.g. --workers 4, or --workers 0 to check rows on the main thread');
  }
  return n;
}

function renderReports(reports: IngestReport[], failures: FileFailure[]): string {
  const rows = reports.map((r) => ({
    file: r.file,
    accepted: r.accepted,
    duplicates: r.duplicates,
    corrections: r.corrections,
    rejected: r.rejected,
    events: r.events,
  }));
  const lines = [renderTable(rows, ['file', 'accepted', 'duplicates', 'corrections', 'rejected', 'events'])];
  for (const r of reports) {
    if (r.alreadyIngested) lines.push(`${r.file}: already in the log (same sha256): nothing added`);
    for (const w of r.warnings) lines.push(`warning: ${w}`);
  }
  const rejected = reports.reduce((n, r) => n + r.rejected, 0);
  if (rejected > 0) lines.push(`${rejected} row(s) quarantined: run 'sendwh quarantine' to see why`);
  for (const f of failures) lines.push(`refused: ${f.message}${f.hint ? `\n  hint: ${f.hint}` : ''}`);
  return lines.join('\n');
}

