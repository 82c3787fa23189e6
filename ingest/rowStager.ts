// What the parse phase does to each row, as pure functions from rows to spool
// text: check the row against the source's rules (zod), and write either the
// record (key, as-at date, content hash, canonical JSON) or the quarantined
// row (its rules and minimised fields). The same code runs on the main thread
// and in the staging worker threads (parallel/stagerWorker.ts).
import { canonicalJson, type Diagnostic } from '../models/index.js';
import { sha256Hex } from './hash.js';
import { toExtractRow, type ExtractRow } from './extractReader.js';
import type { ColumnMapping } from './csv/columns.js';
import type { CsvRecord } from './csv/csvReader.js';
import type { MapContext, SourceSpec } from './sourceSpec.js';
import { spoolEntry } from './spool.js';

/** A batch of rows as spool text, with its counts. */
export interface StagedBatch {
  text: string;
  rows: number;
  rejected: number;
  records: number;
}

/** The spool entry of a record. */
export function recordEntry(spec: SourceSpec, value: unknown, line: number): string {
  const asAt = spec.asAt(value);
  const json = canonicalJson(value);
  return spoolEntry(line, 'r', JSON.stringify(spec.key(value)), asAt === null ? 'null' : JSON.stringify(asAt), sha256Hex(json), json);
}

/** The spool entry of a quarantined row: the RowQuarantined payload. */
export function rejectEntry(line: number, diagnostics: Diagnostic[], raw: Record<string, string | null>): string {
  return spoolEntry(line, 'q', '', 'null', '', canonicalJson({ rules: diagnostics, raw }));
}

/** The diagnostics of a row whose field count is not the header's. */
export function fieldCountProblem(fieldCount: number, columnCount: number): Diagnostic[] {
  return [{
    rule: 'csv.field-count',
    message: `the row has ${fieldCount} fields but the header has ${columnCount}: a missing or extra comma, or an unquoted comma inside a value`,
  }];
}

/** stageBatch of parsed records, mapped to the source's columns first (in a worker thread). */
export function stageRecords(spec: SourceSpec, ctx: MapContext, records: readonly CsvRecord[], mapping: ColumnMapping): StagedBatch {
  return stageBatch(spec, ctx, records.map((r) => toExtractRow(r, mapping)), mapping.width);
}

/** Checks a batch of rows of a source whose records are single rows; gives their spool text. */
export function stageBatch(spec: SourceSpec, ctx: MapContext, rows: readonly ExtractRow[], columnCount: number): StagedBatch {
  let text = '';
  let rejected = 0;
  for (const record of rows) {
    if (record.fieldCount !== columnCount) {
      rejected++;
      text += rejectEntry(record.line, fieldCountProblem(record.fieldCount, columnCount), spec.minimise(record.row, ctx));
      continue;
    }
    const result = spec.parse(record.row, ctx);
    if (result.ok) text += recordEntry(spec, result.value, record.line);
    else {
      rejected++;
      text += rejectEntry(record.line, result.diagnostics, spec.minimise(record.row, ctx));
    }
  }
  return { text, rows: rows.length, rejected, records: rows.length - rejected };
}
