// sendwh ingest <source> <file>...: each file becomes events in one atomic append.
import { existsSync, statSync } from 'node:fs';
import { BadInputError, SourceName, SOURCE_NAMES, UsageError } from '../../../models/index.js';
import { ingestFile, type IngestReport } from '../../../ingest/pipeline.js';
import { specFor } from '../../../ingest/sources.js';
import { expandInputs } from '../../../ingest/extractReader.js';
import type { Command, Context } from '../command.js';
import { openEventLog, openIndex, pseudonymiser, pseudonymSecret, takingTurns, using } from '../services.js';
import { createStagerPool, defaultWorkerCount, PARALLEL_MIN_BYTES, type StagerPool } from '../../../ingest/parallel/stagerPool.js';
import { renderTable } from '../output.js';
import { recordIngestedFile, recordRefusedFile } from '../../runs/ingestRecord.js';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'turn extract files into events in the log',
  usage: 'ingest <source> <file>...',
  description: [
    `Reads each extract file, checks every row against the contract, and appends the file's events to the`,
    `event log in one atomic step. Rows that break a rule are kept in quarantine (see 'sendwh quarantine');`,
    `the file's other rows still go in. Ingesting the same file again adds nothing.`,
    ``,
    `Sources: ${SOURCE_NAMES.join(', ')}.`,
    `For ees, a DfE "Education, health and care plans" .zip may be given as published: its data CSVs are read.`,
    `Prints per file: accepted, duplicates, corrections, rejected, events.`,
    ``,
    `Files of ${PARALLEL_MIN_BYTES / 1024 / 1024} MB or more are checked in worker threads, one per CPU core (--workers sets how many`,
    `for every file). The events are the same whatever the number of workers.`,
  ].join('\n'),
  options: [
    {
      name: 'workers',
      type: 'string',
      usage: '--workers <n>',
      description: `worker threads that check rows, for every file (default: one per CPU core, ${defaultWorkerCount()} here, for files of ${PARALLEL_MIN_BYTES / 1024 / 1024} MB or more; 0: rows are checked on the main thread)`,
    },
  ],
  examples: ['sendwh ingest census census_2025-01-16.csv', 'sendwh ingest cases cases_*.csv --json', 'sendwh ingest ees education-health-and-care-plans_2025.zip'],
  async run(ctx) {
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
  },
};

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
  // Started when the first file that wants it comes, shared by the files after it. Without
  // --workers, only big files use workers (starting them costs more than small files save).
  let pool: StagerPool | undefined;
  const workersFor = (bytes: number): StagerPool | undefined => {
    if (workerCount === 0 || (ctx.options.workers === undefined && bytes < PARALLEL_MIN_BYTES)) return undefined;
    pool ??= createStagerPool(workerCount, pseudonymSecret(ctx));
    return pool;
  };
  try {
    await using(openEventLog(ctx), async (log) =>
      using(openIndex(ctx), async (index) => {
        for (const input of await expandInputs(source, present)) {
          try {
            const workers = workersFor(input.bytes);
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
      }),
    );
  } finally {
    await pool?.close();
  }
  return { reports, failures };
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

