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

const FLUSH_AT = 1 << 20;

/** Quotes a field only when it must (comma, quote or line break). */
export function csvField(s: string): string {
  if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Writes one CSV file row by row; call `if (w.row(f)) await w.drain()` in loops. */
export class CsvWriter {
  readonly path: string;
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private readonly eol: string;
  private chunk = '';
  private rowCount = 0;
  private byteCount = 0;

  constructor(path: string, header: readonly string[], options: CsvWriterOptions = {}) {
    this.path = path;
    this.eol = options.crlf ? '\r\n' : '\n';
    this.stream = createWriteStream(path);
    this.chunk = (options.bom ? '\ufeff' : '') + header.map(csvField).join(',') + this.eol;
  }

  /** Appends a row; returns true when the buffer is full and the caller should await drain(). */
  row(fields: readonly string[]): boolean {
    let line = '';
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) line += ',';
      line += csvField(fields[i] as string);
    }
    this.chunk += line + this.eol;
    this.rowCount++;
    return this.chunk.length >= FLUSH_AT;
  }

  /** Appends a line the caller already escaped (hot loops of the national-scale files). */
  line(text: string): boolean {
    this.chunk += text + this.eol;
    this.rowCount++;
    return this.chunk.length >= FLUSH_AT;
  }

  /** Writes the buffered rows, waiting for the stream when it asks us to. */
  async drain(): Promise<void> {
    if (this.chunk.length === 0) return;
    const buf = Buffer.from(this.chunk, 'utf8');
    this.chunk = '';
    this.hash.update(buf);
    this.byteCount += buf.length;
    if (!this.stream.write(buf)) await once(this.stream, 'drain');
  }

  async close(): Promise<CsvFileResult> {
    await this.drain();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    return { path: this.path, rows: this.rowCount, bytes: this.byteCount, sha256: this.hash.digest('hex') };
  }
}
