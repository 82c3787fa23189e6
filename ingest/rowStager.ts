// What the parse phase does to each row, as pure functions from rows to text:
// check the row against the source's rules (zod), and write either the record
// or the quarantined row. The same code runs on the main thread and in the
// staging worker threads (parallel/stagerWorker.ts). Two outputs:
//   spool   the record spool (spool.ts) that DuckDB loads: a record's key,
//           as-at date and content hash, and for snapshot sources the record
//           and the quarantined rows, for the classify query;
//   events  (record-hash sources) every row's event, formed here in its
//           canonical form with its id: `<line> \t <event JSON>` per row, the
//           record's event as new (the classify phase re-forms corrections and
//           drops duplicates).
import { canonicalJson, type Diagnostic } from '../models/index.js';
import { sha256Hex } from './hash.js';
import { toExtractRow, type ExtractRow } from './extractReader.js';
import type { ColumnMapping } from './csv/columns.js';
import { chunkParser, type RecordChunk } from './csv/csvReader.js';
import type { CsvRecord } from './csv/csvParser.js';
import type { MapContext, SourceSpec } from './sourceSpec.js';
import { recordSpoolEntry, rejectSpoolEntry } from './spool.js';
import { ByteSink } from './byteSink.js';
import { HASH_EVENT_VERSION } from './fields/hashDiff.js';
import { eventFormer, quarantineKey, QUARANTINE_EVENT_VERSION, type EventFormer } from './encodedEvents.js';

/** A batch of rows as spool and event text (UTF-8), with its counts. */
export interface StagedBatch {
  spool: Uint8Array;
  events: Uint8Array;
  rows: number;
  rejected: number;
  records: number;
}

/** What rows are staged with: the source, the pseudonymiser and file, and (record-hash sources) the file's sha256 for its events. */
export interface Stager {
  spec: SourceSpec;
  ctx: MapContext;
  /** The file's sha256, which record-hash sources form their events with (null for the others). */
  sha256: string | null;
  /** Record-hash sources only: forms the rows' events. */
  form?: EventFormer;
}

/** A stager; record-hash sources form their events, so they need the file's sha256. */
export function stagerFor(spec: SourceSpec, ctx: MapContext, sha256: string | null): Stager {
  if (spec.state !== 'hash') return { spec, ctx, sha256: null };
  if (sha256 === null) throw new Error(`staging ${spec.source} needs the file's sha256 to form its events`);
  return { spec, ctx, sha256, form: eventFormer(spec.source, ctx.file, sha256) };
}

/** The spool and event text of a record. */
export function recordEntry(stager: Stager, value: unknown, line: number): { spool: string; events: string } {
  const { spec, form } = stager;
  const asAt = spec.asAt(value);
  const key = spec.key(value);
  const keyJson = JSON.stringify(key);
  const json = spec.json === undefined ? canonicalJson(value) : spec.json(value);
  const hash = sha256Hex(json);
  if (form === undefined || spec.state !== 'hash') return { spool: recordSpoolEntry(line, key, keyJson, asAt, hash, json), events: '' };
  const asAtJson = asAt === null ? 'null' : JSON.stringify(asAt);
  return {
    spool: recordSpoolEntry(line, key, keyJson, asAt, hash, ''),
    events: `${line}\t${form(spec.events.created, HASH_EVENT_VERSION, keyJson, asAtJson, line, json)}\n`,
  };
}

/** The spool or event text of a quarantined row (its RowQuarantined payload: rules and minimised fields). */
export function rejectEntry(stager: Stager, line: number, diagnostics: Diagnostic[], raw: Record<string, string | null>): { spool: string; events: string } {
  const payload = canonicalJson({ rules: diagnostics, raw });
  const { form } = stager;
  if (form === undefined) return { spool: rejectSpoolEntry(line, payload), events: '' };
  const keyJson = JSON.stringify(quarantineKey(stager.ctx.file, line));
  return { spool: '', events: `${line}\t${form('RowQuarantined', QUARANTINE_EVENT_VERSION, keyJson, 'null', line, payload)}\n` };
}

/** The diagnostics of a row whose field count is not the header's. */
export function fieldCountProblem(fieldCount: number, columnCount: number): Diagnostic[] {
  return [{
    rule: 'csv.field-count',
    message: `the row has ${fieldCount} fields but the header has ${columnCount}: a missing or extra comma, or an unquoted comma inside a value`,
  }];
}

/** Records of a chunk parsed, checked and let go at a time: few rows are alive when the garbage collector runs. */
const ROWS_AT_A_TIME = 256;

/** Decodes, parses and checks a chunk of whole records (in a worker thread, or on this one). */
export function stageChunk(stager: Stager, chunk: RecordChunk, mapping: ColumnMapping): StagedBatch {
  const parser = chunkParser(stager.ctx.file, chunk);
  // About one spool and one event line per row: start big enough not to grow much.
  const sinks = sinksFor(stager, 4 * chunk.bytes.length);
  const records: CsvRecord[] = [];
  const rows: ExtractRow[] = [];
  let count = 0;
  let rejected = 0;
  for (let more = true; more; ) {
    records.length = 0;
    more = parser.parse(records, ROWS_AT_A_TIME);
    rows.length = records.length;
    for (let i = 0; i < records.length; i++) rows[i] = toExtractRow(records[i] as CsvRecord, mapping);
    rejected += stageInto(stager, rows, mapping.width, sinks);
    count += records.length;
  }
  return { spool: sinks.spool.bytes(), events: sinks.events.bytes(), rows: count, rejected, records: count - rejected };
}

interface Sinks {
  spool: ByteSink;
  events: ByteSink;
}

function sinksFor(stager: Stager, sizeHint: number): Sinks {
  return {
    spool: new ByteSink(stager.form === undefined ? sizeHint : sizeHint >> 2),
    events: new ByteSink(stager.form === undefined ? 16 : sizeHint),
  };
}

/** Checks rows into the sinks; gives how many were rejected. */
function stageInto(stager: Stager, rows: readonly ExtractRow[], columnCount: number, sinks: Sinks): number {
  const { spec, ctx } = stager;
  let rejected = 0;
  for (const record of rows) {
    let entry;
    if (record.fieldCount !== columnCount) {
      rejected++;
      entry = rejectEntry(stager, record.line, fieldCountProblem(record.fieldCount, columnCount), spec.minimise(record.row, ctx));
    } else {
      const result = spec.parse(record.row, ctx);
      if (result.ok) entry = recordEntry(stager, result.value, record.line);
      else {
        rejected++;
        entry = rejectEntry(stager, record.line, result.diagnostics, spec.minimise(record.row, ctx));
      }
    }
    sinks.spool.write(entry.spool);
    sinks.events.write(entry.events);
  }
  return rejected;
}
