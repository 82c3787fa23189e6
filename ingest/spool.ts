// A scratch file of one ingest's records and quarantined rows, in file order:
// the parse phase writes each row's pieces once; DuckDB loads the staging
// tables from it in bulk (read_csv, staging.ts); and for record-hash sources
// the classify phase reads it back in order and forms the events from it, so
// a record's payload never travels through DuckDB and back. One entry per
// line, tab-separated (JSON text holds no raw tab or newline):
//   <line> \t <r|q> \t <key as JSON> \t <asAt as JSON> \t <content hash> \t <payload as JSON>
// (a quarantined row has no key and no hash: empty). The file lives beside the
// record index, is rewritten by every ingest, and is removed when the ingest
// ends; a crash leaves only a file the next ingest replaces.
import { open, rm, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** 'r' a record, 'q' a quarantined row. */
export type SpoolKind = 'r' | 'q';

/** One entry, split into its fields (the JSON pieces stay text). */
export interface SpoolEntry {
  line: number;
  kind: SpoolKind;
  keyJson: string;
  asAtJson: string;
  hash: string;
  dataJson: string;
}

const FLUSH_CHARS = 1 << 20;

/** One entry's text, newline included. */
export function spoolEntry(line: number, kind: SpoolKind, keyJson: string, asAtJson: string, hash: string, dataJson: string): string {
  return `${line}\t${kind}\t${keyJson}\t${asAtJson}\t${hash}\t${dataJson}\n`;
}
const READ_CHUNK = 1 << 20;

export class RecordSpool {
  private pending: string[] = [];
  private pendingChars = 0;

  private constructor(
    readonly path: string,
    private handle: FileHandle | undefined,
  ) {}

  /** Creates (or truncates) the spool at `path`. */
  static async create(path: string): Promise<RecordSpool> {
    return new RecordSpool(path, await open(path, 'w'));
  }

  /** Adds entries made by spoolEntry() (buffered: call flush() now and then, and finish() at the end). */
  write(entries: string): void {
    this.pending.push(entries);
    this.pendingChars += entries.length;
  }

  /** Writes what is buffered, once there is enough of it (or always, with force). */
  async flush(force = false): Promise<void> {
    if (this.pending.length === 0 || (!force && this.pendingChars < FLUSH_CHARS)) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    await this.writer().write(text);
  }

  /** Ends writing: everything added is on disk and entries() can read it. */
  async finish(): Promise<void> {
    await this.flush(true);
    await this.writer().close();
    this.handle = undefined;
  }

  /** The entries, in the order they were added, a chunk at a time. */
  async *entries(): AsyncIterable<SpoolEntry[]> {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for await (const chunk of createReadStream(this.path, { highWaterMark: READ_CHUNK })) {
      const text = rest + decoder.write(chunk as Buffer);
      const end = text.lastIndexOf('\n');
      if (end < 0) {
        rest = text;
        continue;
      }
      rest = text.slice(end + 1);
      yield splitEntries(text, end);
    }
    rest += decoder.end();
    if (rest !== '') throw new Error(`the ingest spool ${this.path} ends in the middle of an entry`);
  }

  /** Removes the file (and closes it if still open). */
  async dispose(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    this.pending = [];
    await rm(this.path, { force: true });
  }

  private writer(): FileHandle {
    if (this.handle === undefined) throw new Error(`the ingest spool ${this.path} is closed for writing`);
    return this.handle;
  }
}

/** The entries of text[0, end) (end at a newline). */
function splitEntries(text: string, end: number): SpoolEntry[] {
  const out: SpoolEntry[] = [];
  let at = 0;
  while (at < end) {
    const eol = text.indexOf('\n', at);
    const t1 = text.indexOf('\t', at);
    const t2 = text.indexOf('\t', t1 + 1);
    const t3 = text.indexOf('\t', t2 + 1);
    const t4 = text.indexOf('\t', t3 + 1);
    const t5 = text.indexOf('\t', t4 + 1);
    out.push({
      line: Number(text.slice(at, t1)),
      kind: text.slice(t1 + 1, t2) as SpoolKind,
      keyJson: text.slice(t2 + 1, t3),
      asAtJson: text.slice(t3 + 1, t4),
      hash: text.slice(t4 + 1, t5),
      dataJson: text.slice(t5 + 1, eol),
    });
    at = eol + 1;
  }
  return out;
}
