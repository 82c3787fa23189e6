// Scratch files of one ingest, written once in file order and read back in
// bulk, so nothing is held in memory per row:
//   the record spool   one entry per record (and, for snapshot sources, per
//                      quarantined row) that DuckDB loads as the staging
//                      tables (read_csv, staging.ts):
//                      <line> \t <r|j|q> \t <key> \t <asAt> \t <content hash> \t <payload as JSON>
//                      where the key is written as it is ('r'), or as JSON
//                      ('j': a key holding a tab, a line break, a quote or a
//                      backslash, or empty), the as-at date YYYY-MM-DD or
//                      empty, a quarantined row ('q') has no key and no hash,
//                      and a record of a record-hash source no payload (its
//                      event carries it);
//   the event spool    (record-hash sources) every row's event, formed in the
//                      parse phase: <line> \t <event JSON>; the classify phase
//                      streams it to the log (classifyHashed.ts). A new
//                      extract's events go to the log as they are formed
//                      instead, past its first chunk (pipeline.ts).
// JSON text holds no raw tab or newline. The files live beside the record
// index, are rewritten by every ingest and removed when it ends; a crash
// leaves only files the next ingest replaces.
import { open, rm, type FileHandle } from 'node:fs/promises';

/** A record spool entry's text (newline included) for a record: `keyJson` is JSON.stringify(key). */
export function recordSpoolEntry(line: number, key: string, keyJson: string, asAt: string | null, hash: string, dataJson: string): string {
  // No character of the key was escaped (only the two quotes were added): it is safe as it is.
  const raw = key.length > 0 && keyJson.length === key.length + 2;
  return `${line}\t${raw ? 'r' : 'j'}\t${raw ? key : keyJson}\t${asAt ?? ''}\t${hash}\t${dataJson}\n`;
}

/** A record spool entry's text (newline included) for a quarantined row: its RowQuarantined payload. */
export function rejectSpoolEntry(line: number, payloadJson: string): string {
  return `${line}\tq\t\t\t\t${payloadJson}\n`;
}

const READ_CHUNK = 1 << 20;
const LF = 10;

/** A scratch file of newline-ended entries: appended in order, then read back in chunks of whole entries. */
export class SpoolFile {
  private pending: Array<string | Uint8Array> = [];

  private constructor(
    readonly path: string,
    private handle: FileHandle | undefined,
  ) {}

  /** Creates (or truncates) the file at `path`. */
  static async create(path: string): Promise<SpoolFile> {
    return new SpoolFile(path, await open(path, 'w'));
  }

  /** Adds entries (text, or its UTF-8 bytes), buffered until flush() or finish(). */
  write(entries: string | Uint8Array): void {
    if (entries.length === 0) return;
    this.pending.push(entries);
  }

  /** Writes what is buffered (the caller may reuse byte entries once this resolves). */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const buffers = this.pending.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
    this.pending = [];
    await this.writer().writev(buffers);
  }

  /** Ends writing: everything added is on disk and lines() can read it. */
  async finish(): Promise<void> {
    await this.flush();
    await this.writer().close();
    this.handle = undefined;
  }

  /**
   * The entries in the order they were added, as chunks of whole entries (raw
   * bytes). Each chunk is a view into one of two buffers that take turns: it is
   * valid until the next one is asked for, and the next chunk is read while the
   * caller works on this one.
   */
  async *lines(): AsyncIterable<Buffer> {
    const handle = await open(this.path, 'r');
    let current = Buffer.allocUnsafe(READ_CHUNK);
    let spare = Buffer.allocUnsafe(READ_CHUNK);
    let position = 0;
    let held = 0; // bytes of a partial entry at the front of `current`, ahead of the read
    let reading = handle.read(current, 0, current.length, 0);
    try {
      for (;;) {
        const { bytesRead } = await reading;
        if (bytesRead === 0) break;
        position += bytesRead;
        const filled = held + bytesRead;
        const end = current.lastIndexOf(LF, filled - 1);
        if (end < 0) {
          // No whole entry yet: read more into the same buffer, grown if full.
          held = filled;
          if (held === current.length) {
            const bigger = Buffer.allocUnsafe(2 * current.length);
            current.copy(bigger, 0, 0, held);
            current = bigger;
          }
          reading = handle.read(current, held, current.length - held, position);
          continue;
        }
        // Carry the partial entry to the spare buffer and read on into it while this chunk is used.
        if (spare.length < current.length) spare = Buffer.allocUnsafe(current.length);
        held = filled - end - 1;
        current.copy(spare, 0, end + 1, filled);
        reading = handle.read(spare, held, spare.length - held, position);
        yield current.subarray(0, end + 1);
        [current, spare] = [spare, current];
      }
      if (held > 0) throw new Error(`the ingest spool ${this.path} ends in the middle of an entry`);
    } finally {
      await reading.catch(() => undefined); // never close the file under a read
      await handle.close();
    }
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
