// Scratch files of one ingest, written once in file order and read back in
// bulk, so nothing is held in memory per row:
//   the record spool   one entry per record (and, for snapshot sources, per
//                      quarantined row) that DuckDB loads as the staging
//                      tables (read_csv, staging.ts):
//                      <line> \t <r|q> \t <key as JSON> \t <asAt as JSON> \t <content hash> \t <payload as JSON>
//                      (a quarantined row has no key and no hash: empty; a
//                      record of a record-hash source has no payload: its
//                      event carries it);
//   the event spool    (record-hash sources) every row's event, formed in the
//                      parse phase: <line> \t <event JSON>; the classify phase
//                      streams it to the log (classifyHashed.ts).
// JSON text holds no raw tab or newline. The files live beside the record
// index, are rewritten by every ingest and removed when it ends; a crash
// leaves only files the next ingest replaces.
import { open, rm, type FileHandle } from 'node:fs/promises';

/** 'r' a record, 'q' a quarantined row. */
export type SpoolKind = 'r' | 'q';

/** One record spool entry's text, newline included. */
export function spoolEntry(line: number, kind: SpoolKind, keyJson: string, asAtJson: string, hash: string, dataJson: string): string {
  return `${line}\t${kind}\t${keyJson}\t${asAtJson}\t${hash}\t${dataJson}\n`;
}

const FLUSH_BYTES = 1 << 20;
const READ_CHUNK = 1 << 20;
const LF = 10;

/** A scratch file of newline-ended entries: appended in order, then read back in chunks of whole entries. */
export class SpoolFile {
  private pending: Array<string | Uint8Array> = [];
  private pendingBytes = 0;

  private constructor(
    readonly path: string,
    private handle: FileHandle | undefined,
  ) {}

  /** Creates (or truncates) the file at `path`. */
  static async create(path: string): Promise<SpoolFile> {
    return new SpoolFile(path, await open(path, 'w'));
  }

  /** Adds entries (text, or its UTF-8 bytes), buffered: call flush() now and then, and finish() at the end. */
  write(entries: string | Uint8Array): void {
    if (entries.length === 0) return;
    this.pending.push(entries);
    this.pendingBytes += entries.length;
  }

  /** Writes what is buffered, once there is enough of it (or always, with force). */
  async flush(force = false): Promise<void> {
    if (this.pending.length === 0 || (!force && this.pendingBytes < FLUSH_BYTES)) return;
    const buffers = this.pending.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
    this.pending = [];
    this.pendingBytes = 0;
    await this.writer().writev(buffers);
  }

  /** Ends writing: everything added is on disk and lines() can read it. */
  async finish(): Promise<void> {
    await this.flush(true);
    await this.writer().close();
    this.handle = undefined;
  }

  /**
   * The entries in the order they were added, as chunks of whole entries (raw
   * bytes). Each chunk is a view into one reused buffer: it is valid until the
   * next one is asked for.
   */
  async *lines(): AsyncIterable<Buffer> {
    const handle = await open(this.path, 'r');
    try {
      let buffer = Buffer.allocUnsafe(READ_CHUNK);
      let held = 0; // bytes of a partial entry carried to the front of the buffer
      for (;;) {
        if (held === buffer.length) {
          const bigger = Buffer.allocUnsafe(2 * buffer.length);
          buffer.copy(bigger, 0, 0, held);
          buffer = bigger;
        }
        const { bytesRead } = await handle.read(buffer, held, buffer.length - held, null);
        if (bytesRead === 0) break;
        const filled = held + bytesRead;
        const end = buffer.lastIndexOf(LF, filled - 1);
        if (end < 0) {
          held = filled;
          continue;
        }
        yield buffer.subarray(0, end + 1);
        held = filled - end - 1;
        buffer.copy(buffer, 0, end + 1, filled);
      }
      if (held > 0) throw new Error(`the ingest spool ${this.path} ends in the middle of an entry`);
    } finally {
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
