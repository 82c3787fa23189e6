// Opens an extract for the ingest pipeline: the streaming CSV reader plus the
// source's column matching (required columns, aliases, personal columns never
// read), yielding rows keyed by canonical column name. A DfE release zip given
// for the ees source becomes one input per data CSV, streamed from the zip.
import { createReadStream, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { SourceName } from '../models/index.js';
import { readCsv, type CsvFile, type CsvReadOptions, type CsvRecord, type RecordChunk } from './csv/csvReader.js';
import { matchColumns, toRawRow, type ColumnMapping } from './csv/columns.js';
import { isZipPath, listZipCsvEntries, readZipCsv, zipEntryStream } from './csv/zipEntries.js';
import type { ColumnSpec, RawRow, SourceSpec } from './sourceSpec.js';

export interface ExtractRow {
  line: number;
  fieldCount: number;
  row: RawRow;
}

export interface ExtractReader {
  unknownColumns: readonly string[];
  droppedColumns: readonly string[];
  columnCount: number;
  /** Which field of a record is which declared column (plain data: worker threads map records with it). */
  mapping: ColumnMapping;
  /** The rows, mapped to the source's columns (RawRow); batches() or chunks() can be read once. */
  batches(): AsyncIterable<ExtractRow[]>;
  /** The records as raw chunks of whole records (rowStager.stageChunk parses and maps them). */
  chunks(): AsyncIterable<RecordChunk>;
  /** sha256 of the file's bytes: known once batches() has been read to the end. */
  sha256(): string;
  close(): Promise<void>;
}

/** One file to ingest: a CSV on disk or a CSV inside a zip. */
export interface ExtractInput {
  /** The name recorded for the file in the log (base name, or the zip entry's name). */
  name: string;
  /** Where it came from, for messages. */
  origin: string;
  bytes: number;
  open(options: Pick<CsvReadOptions, 'batchSize'>): Promise<CsvFile>;
  /** The sha256 of its bytes, read in a pass of their own (the reader checks its own pass gives the same). */
  sha256(): Promise<string>;
}

/** The inputs for these paths: a DfE .zip given for ees becomes its data CSVs; anything else stays as it is. */
export async function expandInputs(source: SourceName, paths: readonly string[]): Promise<ExtractInput[]> {
  const inputs: ExtractInput[] = [];
  for (const path of paths) {
    if (source === 'ees' && isZipPath(path)) {
      for (const entry of await listZipCsvEntries(path)) {
        inputs.push({
          name: entry.name,
          origin: `${path}:${entry.path}`,
          bytes: entry.size,
          open: (o) => readZipCsv(path, entry, { name: entry.name, ...o }),
          sha256: async () => sha256Of(await zipEntryStream(path, entry.path)),
        });
      }
    } else {
      const name = basename(path);
      inputs.push({
        name,
        origin: path,
        bytes: statSync(path).size,
        open: (o) => readCsv(path, { name, ...o }),
        sha256: () => sha256Of(createReadStream(path, { highWaterMark: 1 << 20 })),
      });
    }
  }
  return inputs;
}

/** Opens an input for a source; a file that cannot be read, or lacks a required column, throws BadInputError. */
export async function openExtract(input: ExtractInput, spec: SourceSpec, options: { personLevel: boolean; batchSize?: number }): Promise<ExtractReader> {
  const csv = await input.open(options.batchSize === undefined ? {} : { batchSize: options.batchSize });
  let mapping;
  try {
    mapping = matchColumns(input.name, csv.header, columnsFor(spec, csv.header, options.personLevel), { personLevel: options.personLevel });
  } catch (error) {
    await csv.close();
    throw error;
  }
  return {
    unknownColumns: mapping.unknown,
    droppedColumns: mapping.dropped,
    columnCount: mapping.width,
    mapping,
    async *batches() {
      for await (const batch of csv.batches()) {
        const out: ExtractRow[] = new Array(batch.length);
        for (let i = 0; i < batch.length; i++) out[i] = toExtractRow(batch[i] as CsvRecord, mapping);
        yield out;
      }
    },
    chunks: () => csv.chunks(),
    sha256: () => csv.summary().sha256,
    close: () => csv.close(),
  };
}

async function sha256Of(bytes: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of bytes) hash.update(chunk);
  return hash.digest('hex');
}

/** A parsed record as a row of the source's columns. */
export function toExtractRow(record: CsvRecord, mapping: ColumnMapping): ExtractRow {
  return { line: record.line, fieldCount: record.fields.length, row: toRawRow(record.fields, mapping) };
}

/** The declared columns, plus (for a source whose measures vary by file) every other header column as written. */
function columnsFor(spec: SourceSpec, header: readonly string[], personLevel: boolean): readonly ColumnSpec[] {
  if (spec.extraColumns !== 'measures') return spec.columns;
  const known = new Set(spec.columns.flatMap((c) => [c.name, ...(c.aliases ?? [])].map((n) => n.trim().toLowerCase())));
  const extra: ColumnSpec[] = [];
  for (const raw of header) {
    const name = raw.replace(/^\uFEFF/, '').trim();
    const key = name.toLowerCase();
    if (name === '' || known.has(key) || (personLevel && isPersonal(key))) continue;
    known.add(key);
    extra.push({ name, required: false });
  }
  return [...spec.columns, ...extra];
}

function isPersonal(name: string): boolean {
  return name.includes('name') || name.includes('address') || name.includes('postcode');
}
