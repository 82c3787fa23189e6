// The streaming reader for extract files (CONTRACT §1): reads a CSV from disk (or
// any byte stream, e.g. a zip entry) in large chunks, checks it is UTF-8 text,
// parses it with CsvParser and hands out batches of records, while hashing the
// raw bytes in the same pass. Memory is bounded by one chunk plus one batch,
// whatever the file's size, because a chunk is only read when a batch is wanted.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { BadInputError } from '../../models/errors.js';
import { CsvParser, DEFAULT_MAX_RECORD_LENGTH, countBreaks, type CsvRecord } from './csvParser.js';

export type { CsvRecord } from './csvParser.js';

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
  /** Data records read (the header and blank lines excluded). */
  records: number;
}

/** An open CSV file: its header, then its records in batches (one pass only). */
export interface CsvFile {
  readonly name: string;
  /** The header's fields as written, byte-order mark removed. */
  readonly header: readonly string[];
  /** Physical line of the header (1 unless blank lines come first). */
  readonly headerLine: number;
  /** The data records in order, in batches of up to batchSize; can be iterated once. */
  batches(): AsyncGenerator<CsvRecord[], void, undefined>;
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
  private readonly parser: CsvParser;
  // ignoreBOM keeps a byte-order mark in the text so it is removed in one known place.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly hash = createHash('sha256');
  private readonly batchSize: number;
  private pending: CsvRecord[] = [];
  private bytes = 0;
  private records = 0;
  private firstChunk = true;
  private firstText = true;
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
    this.parser = new CsvParser(name, options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH);
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  async readHeader(): Promise<void> {
    await this.take(1);
    const header = this.pending.pop();
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
    if (this.started || this.aborted) throw new Error(`${this.name}: batches() can only be read once`);
    this.started = true;
    try {
      for (;;) {
        await this.take(this.batchSize);
        const batch = this.pending;
        if (batch.length === 0) break;
        this.pending = [];
        this.records += batch.length;
        yield batch;
      }
      this.result = { sha256: this.hash.digest('hex'), bytes: this.bytes, records: this.records };
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

  /**
   * Parses records into `pending` until it holds `wanted` or the file ends. Text is
   * parsed only as records are wanted, so a large chunk never becomes more than a
   * batch of live records (which keeps them out of the garbage collector's old space).
   */
  private async take(wanted: number): Promise<void> {
    while (this.pending.length < wanted) {
      if (this.parser.parse(this.pending, wanted - this.pending.length)) continue;
      if (this.ended) return;
      await this.read();
    }
  }

  /** Reads one chunk into the parser, or tells it the file has ended. */
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
      this.parser.feed(this.decode(undefined));
      this.parser.end();
      return;
    }
    const chunk = next.value;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.firstChunk) {
      this.firstChunk = false;
      checkSignature(this.name, chunk);
    }
    if (chunk.indexOf(0) >= 0) {
      throw new BadInputError('not-csv', this.name, 'contains NUL bytes: it is binary, not a CSV file', NOT_CSV_HINT);
    }
    let text = this.decode(chunk);
    if (this.firstText && text.length > 0) {
      this.firstText = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.parser.feed(text);
  }

  /** Decodes a chunk (or flushes at the end) strictly: a sequence split across chunks is carried over. */
  private decode(chunk: Uint8Array | undefined): string {
    try {
      return chunk === undefined ? this.decoder.decode() : this.decoder.decode(chunk, { stream: true });
    } catch (error) {
      let line = this.parser.approximateLine();
      if (chunk !== undefined) {
        const lenient = new TextDecoder('utf-8').decode(chunk);
        const bad = lenient.indexOf('\ufffd');
        if (bad > 0) line += countBreaks(lenient, 0, bad);
      }
      throw new BadInputError(
        'bad-encoding',
        this.name,
        `is not valid UTF-8 (first bad byte on or near line ${line})`,
        UTF8_HINT,
      );
    }
  }
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
