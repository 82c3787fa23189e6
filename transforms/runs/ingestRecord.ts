// What an ingest tells its run record: each file with its sha256 and counts,
// rows in (read), out (events appended) and quarantined per source, the log
// positions the file's events took, and a check per file.
import type { IngestReport } from '../../ingest/pipeline.js';
import type { RunRecorder } from './runRecord.js';

/** Records one ingested file. */
export function recordIngestedFile(run: RunRecorder | undefined, report: IngestReport, origin: string, bytes: number): void {
  if (run === undefined) return;
  run.input({ kind: 'file', source: report.source, name: report.file, path: origin, sha256: report.sha256, bytes });
  run.table({ table: report.source, rowsIn: report.rows, rowsOut: report.events, rowsQuarantined: report.rejected });
  run.output({ kind: 'events', path: `${report.source}/${report.file}`, rows: report.events });
  run.check({
    name: `ingest ${report.file}`,
    status: report.rejected > 0 ? 'warn' : 'pass',
    detail: report.alreadyIngested
      ? 'already in the log (same sha256): nothing added'
      : `accepted ${report.accepted}, duplicates ${report.duplicates}, corrections ${report.corrections}, rejected ${report.rejected}, events ${report.events}` +
        (report.firstSeq === null ? '' : ` (log ${report.firstSeq}..${report.lastSeq})`),
  });
}

/** Records a file refused whole (missing, unreadable, missing a required column). */
export function recordRefusedFile(run: RunRecorder | undefined, failure: { file: string; code: string; message: string }): void {
  if (run === undefined) return;
  run.input({ kind: 'file', name: failure.file, sha256: null });
  run.check({ name: `ingest ${failure.file}`, status: 'fail', detail: `${failure.code}: ${failure.message}` });
}
