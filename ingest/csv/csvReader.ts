// The streaming reader for extract files (CONTRACT §1): reads a CSV from disk (or
// any byte stream, e.g. a zip entry) in large chunks, cuts it into chunks of
// whole records (RecordChunker), and hands out either batches of records
// (decoded as strict UTF-8 and parsed with CsvParser here) or the raw chunks for
// worker threads to decode and parse (parseChunk), while hashing the raw bytes
// in the same pass. Memory is bounded by one chunk plus one batch, whatever the
// file's size, because a chunk is only read when a batch is wanted.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { BadInputError } from '../../models/errors.js';
import { CsvParser, DEFAULT_MAX_RECORD_LENGTH, countBreaks, type CsvRecord } from './csvParser.js';
import { RecordChunker, type RecordChunk } from './recordChunker.js';

export type { CsvRecord } from './csvParser.js';
export type { RecordChunk } from './recordChunker.js';

/** How to read a CSV file; the defaults suit production. */
export interface CsvReadOptions {
  /** Records per batch (default 8192). */
  batchSize?: number;
  /** Bytes read from disk at a time (default 256 KiB); tiny values exercise chunk boundaries in tests. */
  chunkSize?: number;
  /** How messages name the file (default: the path as given). */
  name?: string;
  /** Longest record, in characters, before the file is refused (default 16M). */
  maxRecordLength?: number;
}

/** What the whole file was, known once every batch has been read. */
export interface CsvSummary {
  /** sha256 of the file's raw bytes, lower-case hex. */
  sha256: string;
  bytes: number;
}

/** An open CSV file: its header, then its records in batches (one pass only). */
export interface CsvFile {
  readonly name: string;
  /** The header's fields as written, byte-order mark removed. */
  readonly header: readonly string[];
  /** Physical line of the header (1 unless blank lines come first). */
  readonly headerLine: number;
  /** The data records in order, in batches of up to batchSize; can be iterated once (or chunks()). */
  batches(): AsyncGenerator<CsvRecord[], void, undefined>;
  /** The data records as raw chunks of whole records, for parseChunk() (in worker threads); instead of batches(). */
  chunks(): AsyncGenerator<RecordChunk, void, undefined>;
  /** Hash and counts; only after batches() has run to its end. */
  summary(): CsvSummary;
  /** Releases the file when iteration stops early or never starts. */
  close(): Promise<void>;
}

export const DEFAULT_BATCH_SIZE = 8192;
// Measured on 10-column rows: 64-256 KiB reads parse faster than 1 MiB ones.
export const DEFAULT_CHUNK_SIZE = 256 * 1024;

const UTF8_HINT =
  'Save it as "CSV UTF-8 (Comma delimited)" (in Excel: Save As, CSV UTF-8), or convert it to UTF-8; it may be in Windows-1252.';
const NOT_CSV_HINT = 'Export the data as a comma-separated text file (.csv), not a workbook or archive.';

/** Opens a CSV file on disk and reads up to its header. */
export async function readCsv(path: string, options: CsvReadOptions = {}): Promise<CsvFile> {
  const name = options.name ?? path;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadable(name, error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new BadInputError('not-a-file', name, 'is not a regular file', 'Pass the path of a .csv file.');
  } catch (error) {
    await handle.close();
    throw error instanceof BadInputError ? error : unreadable(name, error);
  }
  const stream = handle.createReadStream({ highWaterMark: options.chunkSize ?? DEFAULT_CHUNK_SIZE });
  return readCsvStream(stream, name, options);
}

/** Reads a CSV from any byte stream (a zip entry, a test's chunks) up to its header. */
export async function readCsvStream(
  source: AsyncIterable<Uint8Array>,
  name: string,
  options: CsvReadOptions = {},
): Promise<CsvFile> {
  const reader = new StreamingCsv(source, name, options);
  try {
    await reader.readHeader();
  } catch (error) {
    await reader.close();
    throw error;
  }
  return reader;
}

class StreamingCsv implements CsvFile {
  header: string[] = [];
  headerLine = 0;
  private readonly iterator: AsyncIterator<Uint8Array>;
  private readonly chunker: RecordChunker;
  private readonly maxRecordLength: number;
  private readonly hash = createHash('sha256');
  private readonly batchSize: number;
  /** The file's first bytes, held until a byte-order mark and the format's signature can be told (then null). */
  private head: Uint8Array | null = new Uint8Array(0);
  private bytes = 0;
  /** The source is exhausted or failed: nothing more to read. */
  private ended = false;
  /** close() was called before the end: the summary would be partial. */
  private aborted = false;
  private started = false;
  private result: CsvSummary | undefined;

  constructor(
    source: AsyncIterable<Uint8Array>,
    readonly name: string,
    options: CsvReadOptions,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
    this.maxRecordLength = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
    this.chunker = new RecordChunker(name, this.maxRecordLength);
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  async readHeader(): Promise<void> {
    const chunk = await this.nextChunk();
    const records: CsvRecord[] = [];
    if (chunk !== undefined) parseChunk(this.name, chunk, records, this.maxRecordLength);
    const header = records[0];
    if (header === undefined) {
      throw new BadInputError(
        'empty-file',
        this.name,
        'is empty: it has no header row',
        'A CSV extract starts with a row of column names.',
      );
    }
    this.header = header.fields;
    this.headerLine = header.line;
  }

  async *batches(): AsyncGenerator<CsvRecord[], void, undefined> {
    let pending: CsvRecord[] = [];
    for await (const chunk of this.chunks()) {
      parseChunk(this.name, chunk, pending, this.maxRecordLength);
      while (pending.length >= this.batchSize) {
        const batch = pending.length === this.batchSize ? pending : pending.slice(0, this.batchSize);
        pending = pending.length === this.batchSize ? [] : pending.slice(this.batchSize);
        yield batch;
      }
    }
    if (pending.length > 0) yield pending;
  }

  async *chunks(): AsyncGenerator<RecordChunk, void, undefined> {
    if (this.started || this.aborted) throw new Error(`${this.name}: batches() or chunks() can only be read once`);
    this.started = true;
    try {
      for (;;) {
        const chunk = await this.nextChunk();
        if (chunk === undefined) break;
        yield chunk;
      }
      this.result = { sha256: this.hash.digest('hex'), bytes: this.bytes };
    } finally {
      if (this.result === undefined) await this.close();
    }
  }

  summary(): CsvSummary {
    if (this.result === undefined) throw new Error(`${this.name}: summary() is only known after every batch is read`);
    return this.result;
  }

  async close(): Promise<void> {
    if (this.result !== undefined || this.aborted) return;
    this.aborted = true;
    if (!this.ended) {
      this.ended = true;
      await this.iterator.return?.();
    }
  }

  /** The next chunk of whole records, reading as much of the file as it takes. */
  private async nextChunk(): Promise<RecordChunk | undefined> {
    for (;;) {
      const chunk = this.chunker.next();
      if (chunk !== undefined) return chunk;
      if (this.ended) return undefined;
      await this.read();
    }
  }

  /** Reads one chunk of the file into the chunker, or tells it the file has ended. */
  private async read(): Promise<void> {
    if (this.aborted) throw new Error(`${this.name}: read after close()`);
    let next: IteratorResult<Uint8Array>;
    try {
      next = await this.iterator.next();
    } catch (error) {
      this.ended = true;
      throw unreadable(this.name, error);
    }
    if (next.done === true) {
      this.ended = true;
      if (this.head !== null) this.startText(this.head);
      this.chunker.end();
      return;
    }
    const chunk = next.value;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.head === null) this.pushText(chunk);
    else {
      const head = new Uint8Array(this.head.length + chunk.length);
      head.set(this.head, 0);
      head.set(chunk, this.head.length);
      if (head.length < SIGNATURE_BYTES) this.head = head;
      else this.startText(head);
    }
  }

  /** The file's first bytes: refused if a known binary format, a byte-order mark dropped, the rest to the chunker. */
  private startText(head: Uint8Array): void {
    this.head = null;
    checkSignature(this.name, head);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    this.pushText(bom ? head.subarray(3) : head);
  }

  private pushText(bytes: Uint8Array): void {
    if (bytes.indexOf(0) >= 0) {
      throw new BadInputError('not-csv', this.name, 'contains NUL bytes: it is binary, not a CSV file', NOT_CSV_HINT);
    }
    this.chunker.push(bytes);
  }
}

/** Bytes needed to tell a byte-order mark and the binary formats checkSignature() knows. */
const SIGNATURE_BYTES = 4;

/**
 * Decodes a chunk of whole records (RecordChunker) and appends its records to
 * `out`, numbered by physical line: the same records the whole file would give.
 * Refuses text that is not UTF-8, naming the line.
 */
export function parseChunk(name: string, chunk: RecordChunk, out: CsvRecord[], maxRecordLength = DEFAULT_MAX_RECORD_LENGTH): void {
  chunkParser(name, chunk, maxRecordLength).parse(out, Infinity);
}

/** A parser holding a chunk's whole text (decoded, checked to be UTF-8), to take its records from a few at a time. */
export function chunkParser(name: string, chunk: RecordChunk, maxRecordLength = DEFAULT_MAX_RECORD_LENGTH): CsvParser {
  let text: string;
  try {
    // ignoreBOM: a chunk may start with U+FEFF as data (the file's own mark is dropped before chunking).
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(chunk.bytes);
  } catch {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(chunk.bytes);
    const bad = lenient.indexOf('\ufffd');
    const line = chunk.firstLine + (bad > 0 ? countBreaks(lenient, 0, bad) : 0);
    throw new BadInputError('bad-encoding', name, `is not valid UTF-8 (first bad byte on or near line ${line})`, UTF8_HINT);
  }
  const parser = new CsvParser(name, maxRecordLength, chunk.firstLine);
  parser.feed(text);
  parser.end();
  return parser;
}

/** Refuses well-known non-CSV formats by their first bytes, with a message that says which. */
function checkSignature(name: string, chunk: Uint8Array): void {
  const [b0, b1, b2, b3] = chunk;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw new BadInputError('bad-encoding', name, 'is UTF-16 text, not UTF-8', UTF8_HINT);
  }
  if (b0 === 0x50 && b1 === 0x4b && b2 === 0x03 && b3 === 0x04) {
    throw new BadInputError('not-csv', name, 'is a zip archive or an Excel workbook (.xlsx), not a CSV file', NOT_CSV_HINT);
  }
  if (b0 === 0xd0 && b1 === 0xcf && b2 === 0x11 && b3 === 0xe0) {
    throw new BadInputError('not-csv', name, 'is an old Excel workbook (.xls), not a CSV file', NOT_CSV_HINT);
  }
}

/** Turns a file-system error into a bad-input refusal where the user can act on it. */
function unreadable(name: string, error: unknown): unknown {
  if (error instanceof BadInputError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return new BadInputError('file-not-found', name, 'no such file', 'Check the path.');
  if (code === 'EISDIR') return new BadInputError('not-a-file', name, 'is a directory', 'Pass the path of a .csv file.');
  if (code === 'EACCES' || code === 'EPERM') {
    return new BadInputError('unreadable', name, 'cannot be read (permission denied)', 'Check the file permissions.');
  }
  return error;
}
