// The embedded (default) event log: a directory of NDJSON segments, one per
// committed append, and a manifest listing them. Appends stream to a temp file
// under a single-writer lock; renaming the new manifest into place is the one
// commit point, so a process killed at any moment leaves either the whole append
// or none of it. Readers see only what the manifest listed when they started,
// so they can run while another process appends.
//
//   <dir>/manifest.json               committed files, oldest first
//   <dir>/segments/000000001001.ndjson one StoredEvent per line (canonical JSON)
//   <dir>/writer.lock                  exists while a process appends
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  SendwhError,
  silentLogger,
  SourceName,
  StoredEvent,
  type AppendMeta,
  type AppendTransaction,
  type CommitResult,
  type CommittedFile,
  type EncodedEvent,
  type EventLog,
  type Logger,
  type NewEvent,
  type ReadOptions,
  type VerifyProblem,
  type VerifyReport,
} from '../../models/index.js';
import { checkAppendMeta, checkNewEvent, decodeStoredEvent, encodeEvent, eventProblem, storedLine, summariseIssues } from './eventCodec.js';
import { acquireLock, removeDeadLockTemps, tryAcquireLock, type HeldLock } from './lock.js';
import { segmentLines } from './segmentLines.js';
import { assertAppendOpen, eventRange, ProblemList, SerialQueue, type AppendState } from './adapterParts.js';

/** A step of a commit, in order; the manifest rename is the commit point. */
export type CommitStep = 'segment-synced' | 'segment-renamed' | 'manifest-written' | 'manifest-renamed';

export interface FileEventLogOptions {
  logger?: Logger;
  /** Test seam: awaited after each commit step, so a test can kill the process at an exact point. */
  onCommitStep?: (step: CommitStep, meta: AppendMeta) => Promise<void> | void;
  /** How long begin() waits for another process's short housekeeping hold on the lock (default 5 s). */
  lockWaitMs?: number;
  /** How many bytes of an append are written before they start going to disk in the background (default 64 MiB). */
  syncAheadBytes?: number;
}

/** One committed file in manifest.json. */
export const ManifestEntry = z.object({
  /** Segment file name, null for an append with no events. */
  segment: z.string().regex(/^\d{12}\.ndjson$/).nullable(),
  source: SourceName,
  file: z.string(),
  /** sha256 of the source file. */
  sha256: z.string(),
  firstSeq: z.number().int().min(1),
  lastSeq: z.number().int().min(0),
  count: z.number().int().min(0),
  /** sha256 of the segment file's bytes. */
  segmentSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  committedAt: z.string(),
});
export type ManifestEntry = z.infer<typeof ManifestEntry>;

/** The manifest: the committed files in commit order. */
export const Manifest = z.object({
  format: z.literal('sendwh-event-log'),
  version: z.literal(1),
  files: z.array(ManifestEntry),
});
export type Manifest = z.infer<typeof Manifest>;

/** The segment file name of an append whose first event is `firstSeq`. */
export function segmentName(firstSeq: number): string {
  return `${String(firstSeq).padStart(12, '0')}.ndjson`;
}

const MANIFEST = 'manifest.json';
const SEGMENTS = 'segments';
const LOCK = 'writer.lock';
const SYNC_AHEAD_BYTES = 64 * 1024 * 1024;
const FLUSH_BYTES = 1 << 20;
const VERIFY_HINT = 'run `sendwh verify` to see what is damaged';

/** Opens (creating if needed) the file event log in `dir`, removing leftovers of killed appends. */
export async function createFileEventLog(dir: string, options: FileEventLogOptions = {}): Promise<EventLog> {
  const log = new FileEventLog(dir, options);
  await log.open();
  return log;
}

class FileEventLog implements EventLog {
  readonly kind = 'file';
  private readonly segmentsDir: string;
  private readonly manifestPath: string;
  private readonly lockPath: string;
  readonly logger: Logger;
  private active: FileAppend | undefined;
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly options: FileEventLogOptions,
  ) {
    this.segmentsDir = join(dir, SEGMENTS);
    this.manifestPath = join(dir, MANIFEST);
    this.lockPath = join(dir, LOCK);
    this.logger = (options.logger ?? silentLogger).child({ component: 'file-event-log' });
  }

  async open(): Promise<void> {
    await mkdir(this.segmentsDir, { recursive: true });
    await this.loadManifest(); // a damaged manifest fails here, with a hint
    // Only a process holding the lock may tell a leftover from a live append's files.
    const { lock, holder } = await tryAcquireLock(this.lockPath, { purpose: 'cleanup', logger: this.logger });
    if (lock === undefined) {
      this.logger.debug({ pid: holder?.pid }, 'another process is appending; leftovers are left for it');
      return;
    }
    try {
      await this.removeLeftovers(await this.loadManifest());
    } finally {
      await lock.release();
    }
  }

  async position(): Promise<number> {
    return lastSeqOf(await this.loadManifest());
  }

  async begin(requested: AppendMeta): Promise<AppendTransaction> {
    this.assertOpen();
    const meta = checkAppendMeta(requested);
    if (this.active !== undefined) {
      throw new SendwhError('log-locked', `an append (${this.active.meta.source} file ${this.active.meta.file}) is already running`, {
        hint: 'commit or abort it before beginning another',
      });
    }
    const lock = await acquireLock(this.lockPath, {
      purpose: 'append',
      logger: this.logger,
      waitFor: ['cleanup'],
      waitMs: this.options.lockWaitMs ?? 5000,
    });
    try {
      const manifest = await this.loadManifest();
      await this.removeLeftovers(manifest);
      const firstSeq = lastSeqOf(manifest) + 1;
      const segment = segmentName(firstSeq);
      const tmpPath = join(this.segmentsDir, `${segment}.tmp`);
      const handle = await open(tmpPath, 'w');
      const syncAhead = this.options.syncAheadBytes ?? SYNC_AHEAD_BYTES;
      const tx = new FileAppend(this, meta, manifest, lock, handle, segment, tmpPath, firstSeq, syncAhead, () => {
        this.active = undefined;
      });
      this.active = tx;
      return tx;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<StoredEvent[]> {
    const after = options.after ?? 0;
    const until = options.until ?? Number.POSITIVE_INFINITY;
    const batchSize = checkBatchSize(options.batchSize);
    const manifest = await this.loadManifest();
    // Lines are canonical JSON: an event of the wanted type holds exactly this text (checked again once decoded).
    const typeText = options.type === undefined ? undefined : `,"type":${JSON.stringify(options.type)},`;
    let batch: StoredEvent[] = [];
    for (const entry of manifest.files) {
      if (entry.segment === null || entry.count === 0) continue;
      if (entry.lastSeq <= after || entry.firstSeq > until) continue;
      if (options.source !== undefined && entry.source !== options.source) continue;
      const stop = Math.min(until, entry.lastSeq);
      const where = `segment ${entry.segment}`;
      let seq = entry.firstSeq;
      try {
        reading: for await (const chunk of segmentLines(join(this.segmentsDir, entry.segment))) {
          for (const line of chunk.lines) {
            const expected = seq++;
            if (expected <= after) continue;
            if (expected > stop) break reading;
            if (typeText !== undefined && !line.includes(typeText)) continue;
            const event = decodeStoredEvent(line, `event ${expected} in ${where}`);
            if (event.seq !== expected) {
              throw new SendwhError('log-corrupt', `${where}: found event ${event.seq} where event ${expected} belongs`, {
                hint: VERIFY_HINT,
              });
            }
            if (options.type !== undefined && event.type !== options.type) continue;
            batch.push(event);
            if (batch.length >= batchSize) {
              yield batch;
              batch = [];
            }
          }
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new SendwhError('log-corrupt', `${where} is missing (events ${entry.firstSeq}..${entry.lastSeq})`, {
            cause: error,
            hint: VERIFY_HINT,
          });
        }
        throw error;
      }
      if (seq <= stop) {
        throw new SendwhError('log-corrupt', `${where} ends at event ${seq - 1}, but the manifest lists it up to ${entry.lastSeq}`, {
          hint: VERIFY_HINT,
        });
      }
    }
    if (batch.length > 0) yield batch;
  }

  async files(): Promise<CommittedFile[]> {
    const manifest = await this.loadManifest();
    return manifest.files.map((e) => ({
      source: e.source,
      file: e.file,
      sha256: e.sha256,
      firstSeq: e.firstSeq,
      lastSeq: e.lastSeq,
      count: e.count,
      committedAt: e.committedAt,
    }));
  }

  async verify(): Promise<VerifyReport> {
    const problems = new ProblemList();
    let manifest: Manifest;
    try {
      manifest = await this.loadManifest();
    } catch (error) {
      problems.add({ where: MANIFEST, problem: (error as Error).message });
      return { ok: false, events: 0, files: 0, problems: problems.list() };
    }
    let expectedFirst = 1;
    let events = 0;
    for (const [index, entry] of manifest.files.entries()) {
      const label = `${MANIFEST} entry ${index + 1} (${entry.source} file ${entry.file})`;
      if (entry.firstSeq > expectedFirst) {
        problems.add({
          seq: expectedFirst,
          where: MANIFEST,
          problem: `${eventRange(expectedFirst, entry.firstSeq - 1)} missing from the manifest (removed?)`,
        });
      } else if (entry.firstSeq < expectedFirst) {
        problems.add({ seq: entry.firstSeq, where: MANIFEST, problem: `${label} starts at event ${entry.firstSeq}, which an earlier entry already holds` });
      }
      if (entry.lastSeq !== entry.firstSeq + entry.count - 1) {
        problems.add({
          seq: entry.firstSeq,
          where: MANIFEST,
          problem: `${label}: events ${entry.firstSeq}..${entry.lastSeq} do not make its count of ${entry.count}`,
        });
      }
      const expectedSegment = entry.count === 0 ? null : segmentName(entry.firstSeq);
      if (entry.segment !== expectedSegment) {
        problems.add({ seq: entry.firstSeq, where: MANIFEST, problem: `${label} names segment ${entry.segment ?? 'none'}, expected ${expectedSegment ?? 'none'}` });
      }
      expectedFirst = Math.max(expectedFirst, entry.lastSeq + 1);
      if (entry.segment !== null) events += await this.verifySegment(entry, entry.segment, problems);
    }
    const list = problems.list();
    return { ok: list.length === 0, events, files: manifest.files.length, problems: list };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.active?.abort();
    this.closed = true;
  }

  // ---- internals shared with FileAppend ----

  /** The manifest as committed now (empty when the log has never committed). */
  async loadManifest(): Promise<Manifest> {
    let text: string;
    try {
      text = await readFile(this.manifestPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 'sendwh-event-log', version: 1, files: [] };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new SendwhError('log-corrupt', `${this.manifestPath} is not valid JSON`, { cause, hint: VERIFY_HINT });
    }
    const parsed = Manifest.safeParse(json);
    if (!parsed.success) {
      throw new SendwhError('log-corrupt', `${this.manifestPath} is not a valid manifest (${summariseIssues(parsed.error.issues)})`, {
        hint: VERIFY_HINT,
      });
    }
    return parsed.data;
  }

  /** Writes a new manifest and renames it into place: the commit point. */
  async writeManifest(manifest: Manifest, step: (s: CommitStep) => Promise<void>): Promise<void> {
    const tmp = `${this.manifestPath}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(manifestText(manifest));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await step('manifest-written');
    await rename(tmp, this.manifestPath);
  }

  segmentPath(name: string): string {
    return join(this.segmentsDir, name);
  }

  async syncDir(which: 'segments' | 'root'): Promise<void> {
    const handle = await open(which === 'segments' ? this.segmentsDir : this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async step(step: CommitStep, meta: AppendMeta): Promise<void> {
    await this.options.onCommitStep?.(step, meta);
  }

  private assertOpen(): void {
    if (this.closed) throw new SendwhError('log-closed', 'the event log is closed');
  }

  /** Deletes temp files and unlisted segments: what a killed append left. Call only while holding the lock. */
  private async removeLeftovers(manifest: Manifest): Promise<void> {
    const listed = new Set(manifest.files.map((e) => e.segment));
    for (const name of await readdir(this.segmentsDir)) {
      const leftover = name.endsWith('.tmp') || (name.endsWith('.ndjson') && !listed.has(name));
      if (!leftover) continue;
      await unlink(join(this.segmentsDir, name));
      this.logger.warn({ file: name }, 'removed a leftover of an append that never committed');
    }
    const manifestTmp = `${this.manifestPath}.tmp`;
    try {
      await unlink(manifestTmp);
      this.logger.warn({ file: `${MANIFEST}.tmp` }, 'removed a manifest an append never committed');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await removeDeadLockTemps(this.lockPath, this.logger);
  }

  private async verifySegment(entry: ManifestEntry, segment: string, problems: ProblemList): Promise<number> {
    const where = segment;
    const first = entry.firstSeq;
    const last = Math.max(entry.lastSeq, first - 1);
    const seen = new Uint8Array(Math.ceil((last - first + 1) / 8));
    const isSeen = (s: number) => ((seen[(s - first) >> 3] ?? 0) & (1 << ((s - first) & 7))) !== 0;
    const markSeen = (s: number) => {
      const i = (s - first) >> 3;
      seen[i] = (seen[i] ?? 0) | (1 << ((s - first) & 7));
    };
    const hash = createHash('sha256');
    let lineNo = 0;
    let highest = first - 1;
    let valid = 0;

    const check = (line: string) => {
      lineNo++;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        problems.add({ where, problem: `segment ${where} line ${lineNo}: not valid JSON (edited or truncated?)` });
        return;
      }
      const rawSeq = (json as { seq?: unknown } | null)?.seq;
      const knownSeq = typeof rawSeq === 'number' && Number.isInteger(rawSeq) ? rawSeq : undefined;
      const parsed = StoredEvent.safeParse(json);
      if (!parsed.success) {
        const detail = `not a valid stored event (${summariseIssues(parsed.error.issues)})`;
        if (knownSeq !== undefined && knownSeq >= first && knownSeq <= last && !isSeen(knownSeq)) markSeen(knownSeq);
        problems.add(
          knownSeq === undefined
            ? { where, problem: `segment ${where} line ${lineNo}: ${detail}` }
            : { seq: knownSeq, where, problem: `event ${knownSeq} in segment ${where}: ${detail}` },
        );
        return;
      }
      const { seq, ...content } = parsed.data;
      const at = `event ${seq} in segment ${where}`;
      if (seq < first || seq > last) {
        problems.add({ seq, where, problem: `${at}: outside the segment's events ${first}..${last}` });
        return;
      }
      if (isSeen(seq)) {
        problems.add({ seq, where, problem: `${at}: appears twice` });
        return;
      }
      markSeen(seq);
      if (seq < highest) problems.add({ seq, where, problem: `${at}: out of order (after event ${highest})` });
      highest = Math.max(highest, seq);
      if (content.source !== entry.source) {
        problems.add({ seq, where, problem: `${at}: source ${content.source} in a segment of ${entry.source}` });
      }
      const { problem } = eventProblem(content);
      if (problem !== undefined) {
        problems.add({ seq, where, problem: `${at}: ${problem}` });
        return;
      }
      valid++;
    };

    try {
      for await (const chunk of segmentLines(this.segmentPath(segment), hash)) {
        for (const line of chunk.lines) check(line);
        if (chunk.tail !== undefined) {
          lineNo++;
          problems.add({ where, problem: `segment ${where} line ${lineNo} is incomplete (truncated?)` });
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      problems.add({
        seq: first,
        where,
        problem: `segment ${where} missing (deleted?): ${eventRange(first, last)} lost`,
      });
      return 0;
    }
    if (hash.digest('hex') !== entry.segmentSha256) {
      problems.add({ where, problem: `segment ${where}: bytes do not match the checksum in the manifest (changed after commit)` });
    }
    let gapStart: number | undefined;
    for (let s = first; s <= last + 1; s++) {
      const missing = s <= last && !isSeen(s);
      if (missing && gapStart === undefined) gapStart = s;
      if (!missing && gapStart !== undefined) {
        problems.add({ seq: gapStart, where, problem: `${eventRange(gapStart, s - 1)} missing from segment ${where} (removed?)` });
        gapStart = undefined;
      }
    }
    return valid;
  }
}

/** An append in progress: events stream to `<segment>.tmp` in buffered writes. */
class FileAppend implements AppendTransaction {
  // broken: a write failed and only abort remains; done: committed, aborted or a failed commit cleaned up.
  private state: AppendState = 'open';
  private nextSeq: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private scratch = Buffer.allocUnsafe(0);
  private inFlight: Promise<void> | undefined;
  // Written bytes not yet flushed to disk, and the background flush of earlier ones (see launch()).
  private unsynced = 0;
  private syncing: Promise<void> | undefined;
  private readonly hash = createHash('sha256');
  private readonly steps = new SerialQueue();

  constructor(
    private readonly log: FileEventLog,
    readonly meta: AppendMeta,
    private readonly base: Manifest,
    private readonly lock: HeldLock,
    private readonly handle: FileHandle,
    private readonly segment: string,
    private readonly tmpPath: string,
    private readonly firstSeq: number,
    private readonly syncAheadBytes: number,
    private readonly onEnd: () => void,
  ) {
    this.nextSeq = firstSeq;
  }

  append(events: readonly NewEvent[]): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      // Check the whole batch first, so a refused batch adds nothing.
      const checked = events.map((e) => checkNewEvent(e, this.meta));
      let text = '';
      for (const c of checked) text += `${storedLine(this.nextSeq++, encodeEvent(c))}\n`;
      await this.add(Buffer.from(text, 'utf8'));
    });
  }

  appendEncoded(events: readonly EncodedEvent[]): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      // Each stored line is the event's bytes with seq put in front (storedLine), copied once
      // into a buffer reused by every call: written while the caller gets the next events ready.
      await this.flush();
      await this.settle();
      let size = 0;
      for (const e of events) size += e.length + 24;
      if (this.scratch.length < size) this.scratch = Buffer.allocUnsafe(Math.max(size, 2 * this.scratch.length));
      const out = this.scratch;
      let at = 0;
      for (const e of events) {
        out.set(SEQ_HEAD, at);
        at = writeDigits(out, at + SEQ_HEAD.length, this.nextSeq++);
        // The event whole, its opening brace overwritten by the comma after seq.
        out.set(e, at);
        out[at] = 0x2c;
        at += e.length;
        out[at++] = 0x0a;
      }
      this.launch([out.subarray(0, at)]);
    });
  }

  private async add(lines: Buffer): Promise<void> {
    if (lines.length === 0) return;
    this.pending.push(lines);
    this.pendingBytes += lines.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  commit(): Promise<CommitResult> {
    return this.serial(async () => {
      this.assertOpen();
      const count = this.nextSeq - this.firstSeq;
      const step = (s: CommitStep) => this.log.step(s, this.meta);
      let listed = false;
      try {
        let segmentSha256: string | null = null;
        if (count > 0) {
          await this.flush();
          await this.settle();
          await this.syncing;
          await this.handle.sync();
          await this.handle.close();
          await step('segment-synced');
          await rename(this.tmpPath, this.log.segmentPath(this.segment));
          await this.log.syncDir('segments');
          await step('segment-renamed');
          segmentSha256 = this.hash.digest('hex');
        } else {
          await this.handle.close();
          await unlink(this.tmpPath);
        }
        const entry: ManifestEntry = {
          segment: count > 0 ? this.segment : null,
          source: this.meta.source,
          file: this.meta.file,
          sha256: this.meta.sha256,
          firstSeq: this.firstSeq,
          lastSeq: this.nextSeq - 1,
          count,
          segmentSha256,
          committedAt: new Date().toISOString(),
        };
        await this.log.writeManifest({ ...this.base, files: [...this.base.files, entry] }, step);
        listed = true;
        await this.log.syncDir('root');
        await step('manifest-renamed');
      } catch (error) {
        this.state = 'done';
        if (!listed) await this.removeFiles();
        await this.end();
        if (listed) throw error;
        throw new SendwhError('log-write-failed', `could not commit ${this.meta.source} file ${this.meta.file} to the event log`, {
          cause: error,
          hint: 'nothing of this file was committed; fix the cause (disk space, permissions) and ingest it again',
        });
      }
      this.state = 'done';
      await this.end();
      this.log.logger.debug({ source: this.meta.source, firstSeq: this.firstSeq, count }, 'committed an append');
      return { firstSeq: this.firstSeq, lastSeq: this.nextSeq - 1, count };
    });
  }

  abort(): Promise<void> {
    return this.serial(async () => {
      if (this.state === 'done') return;
      this.state = 'done';
      await this.settle().catch(() => undefined);
      await this.syncing?.catch(() => undefined);
      await this.handle.close().catch(() => undefined);
      await this.removeFiles();
      await this.end();
    });
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const buffers = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.launch(buffers);
    await this.settle();
  }

  /**
   * Starts writing lines to the segment file (after any write still running), hashing them on the way; the
   * buffers must stay as they are until settle(). A failure surfaces at settle().
   */
  private launch(buffers: Buffer[]): void {
    for (const b of buffers) this.hash.update(b);
    const previous = this.inFlight;
    const writing = (async () => {
      await previous;
      try {
        await this.handle.writev(buffers);
      } catch (error) {
        this.state = 'broken';
        throw new SendwhError('log-write-failed', `could not write to the event log (${this.meta.source} file ${this.meta.file})`, {
          cause: error,
          hint: 'abort this append, fix the cause (disk space, permissions) and ingest the file again',
        });
      }
    })();
    writing.catch(() => undefined); // handled at settle()
    this.inFlight = writing;
    // Every syncAheadBytes, the lines written so far start going to disk in the background (the next
    // writes do not wait for it), so the commit's fsync has only the tail left. A failure surfaces at commit.
    for (const b of buffers) this.unsynced += b.length;
    if (this.unsynced >= this.syncAheadBytes) {
      this.unsynced = 0;
      const before = this.syncing;
      const syncing = (async () => {
        await before;
        await writing;
        await this.handle.datasync();
      })();
      syncing.catch(() => undefined); // handled at commit
      this.syncing = syncing;
    }
  }

  /** Waits for every write launched so far. */
  private async settle(): Promise<void> {
    await this.inFlight;
  }

  private async removeFiles(): Promise<void> {
    await unlink(this.tmpPath).catch(() => undefined);
    await unlink(this.log.segmentPath(this.segment)).catch(() => undefined);
    await unlink(`${join(this.log.dir, MANIFEST)}.tmp`).catch(() => undefined);
  }

  private async end(): Promise<void> {
    this.onEnd();
    await this.lock.release();
  }

  private assertOpen(): void {
    assertAppendOpen(this.state, this.meta, 'write');
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    return this.steps.run(work);
  }
}


/** How a stored line starts: `{"seq":`, then the number (storedLine). */
const SEQ_HEAD = Buffer.from('{"seq":', 'latin1');

/** Writes a whole number's decimal digits into `out` at `at`; gives the offset after them. */
function writeDigits(out: Buffer, at: number, n: number): number {
  let digits = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  for (let i = at + digits - 1, rest = n; i >= at; i--, rest = Math.floor(rest / 10)) out[i] = 48 + (rest % 10);
  return at + digits;
}

function lastSeqOf(manifest: Manifest): number {
  return manifest.files.at(-1)?.lastSeq ?? 0;
}


function checkBatchSize(batchSize: number | undefined): number {
  const size = batchSize ?? 10_000;
  if (!Number.isInteger(size) || size < 1) {
    throw new SendwhError('bad-read-options', `batchSize must be a positive integer, got ${size}`);
  }
  return size;
}

function manifestText(manifest: Manifest): string {
  // One entry per line, keys in a fixed order: readable, and diffs well.
  const lines = manifest.files.map((e) =>
    JSON.stringify({
      segment: e.segment,
      source: e.source,
      file: e.file,
      sha256: e.sha256,
      firstSeq: e.firstSeq,
      lastSeq: e.lastSeq,
      count: e.count,
      segmentSha256: e.segmentSha256,
      committedAt: e.committedAt,
    }),
  );
  const files = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n]`;
  return `{"format":${JSON.stringify(manifest.format)},"version":${manifest.version},"files":${files}}\n`;
}
