// Buffered, streaming CSV output for the sample generator: RFC 4180 quoting,
// LF or CRLF, optional byte-order mark, and a running sha256 so a run's
// manifest can prove two runs wrote the same bytes. Memory stays bounded: rows
// are joined into ~1 MiB chunks and written with back-pressure.
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** What a finished file looks like to the manifest. */
export interface CsvFileResult {
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface CsvWriterOptions {
  crlf?: boolean;
  bom?: boolean;
}

const CHUNK = 1 << 20;

/** Quotes a field only when it must (comma, quote or line break). */
export function csvField(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${s.replace(/"/g, '""')}"`;
  }
  return s;
}

/** Writes one CSV file row by row; call `if (w.row(f)) await w.drain()` in loops. */
export class CsvWriter {
  readonly path: string;
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private readonly eol: string;
  private buf: Buffer = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private rowCount = 0;
  private byteCount = 0;
  private pending: Buffer[] = [];

  constructor(path: string, header: readonly string[], options: CsvWriterOptions = {}) {
    this.path = path;
    this.eol = options.crlf ? '\r\n' : '\n';
    this.stream = createWriteStream(path);
    this.put((options.bom ? '\ufeff' : '') + header.map(csvField).join(',') + this.eol);
  }

  /** Appends a row; returns true when the buffer is full and the caller should await drain(). */
  row(fields: readonly string[]): boolean {
    let line = '';
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) line += ',';
      line += csvField(fields[i] as string);
    }
    this.rowCount++;
    return this.put(line + this.eol);
  }

  /** Appends a line the caller already escaped (hot loops of the national-scale files). */
  line(text: string): boolean {
    this.rowCount++;
    return this.put(text + this.eol);
  }

  private put(text: string): boolean {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.pos + text.length * 3 > this.buf.length) {
      this.seal();
      if (text.length * 3 > this.buf.length) this.buf = Buffer.allocUnsafe(text.length * 3);
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
    return this.pending.length > 0;
  }

  private seal(): void {
    if (this.pos === 0) return;
    const full = this.buf.subarray(0, this.pos);
    this.hash.update(full);
    this.byteCount += full.length;
    this.pending.push(full);
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.pos = 0;
  }

  /** Writes the sealed chunks, waiting for the stream when it asks us to. */
  async drain(): Promise<void> {
    const chunks = this.pending;
    this.pending = [];
    for (const c of chunks) if (!this.stream.write(c)) await once(this.stream, 'drain');
  }

  async close(): Promise<CsvFileResult> {
    this.seal();
    await this.drain();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    return { path: this.path, rows: this.rowCount, bytes: this.byteCount, sha256: this.hash.digest('hex') };
  }
}
