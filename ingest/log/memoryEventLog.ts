// The in-memory event log for unit tests: the same semantics as the file log
// (validation, gapless seqs, all-or-nothing appends, one writer at a time), and
// the same canonical event bytes, with nothing on disk.
import {
  SendwhError,
  StoredEvent,
  type AppendMeta,
  type AppendTransaction,
  type CommitResult,
  type CommittedFile,
  type EncodedEvent,
  type EventLog,
  type NewEvent,
  type ReadOptions,
  type VerifyProblem,
  type VerifyReport,
} from '../../models/index.js';
import { checkAppendMeta, checkNewEvent, encodeStoredEvent, eventProblem, storedLine } from './eventCodec.js';

const utf8 = new TextDecoder();

/** A fresh, empty in-memory event log. */
export function createMemoryEventLog(): EventLog {
  return new MemoryEventLog();
}

class MemoryEventLog implements EventLog {
  readonly kind = 'memory';
  /** Committed events as their canonical lines, so callers can never mutate what is stored. */
  private readonly lines: string[] = [];
  private readonly committed: CommittedFile[] = [];
  private writer: AppendMeta | undefined;
  private closed = false;

  async position(): Promise<number> {
    return this.lines.length;
  }

  async begin(requested: AppendMeta): Promise<AppendTransaction> {
    if (this.closed) throw new SendwhError('log-closed', 'the event log is closed');
    const meta = checkAppendMeta(requested);
    if (this.writer !== undefined) {
      throw new SendwhError('log-locked', `the event log is locked: an append (${this.writer.source} file ${this.writer.file}) is running`, {
        hint: 'commit or abort it before beginning another',
      });
    }
    this.writer = meta;
    const firstSeq = this.lines.length + 1;
    const pending: string[] = [];
    let state: 'open' | 'done' = 'open';
    const assertOpen = () => {
      if (state !== 'open') throw new SendwhError('log-transaction-closed', `this append (${meta.source} file ${meta.file}) is finished`);
    };
    const end = () => {
      state = 'done';
      this.writer = undefined;
    };
    return {
      append: async (events: readonly NewEvent[]) => {
        assertOpen();
        const checked = events.map((e) => checkNewEvent(e, meta));
        for (const c of checked) pending.push(encodeStoredEvent(c, firstSeq + pending.length));
      },
      appendEncoded: async (events: readonly EncodedEvent[]) => {
        assertOpen();
        for (const e of events) pending.push(storedLine(firstSeq + pending.length, utf8.decode(e)));
      },
      commit: async (): Promise<CommitResult> => {
        assertOpen();
        const count = pending.length;
        this.lines.push(...pending);
        this.committed.push({
          source: meta.source,
          file: meta.file,
          sha256: meta.sha256,
          firstSeq,
          lastSeq: firstSeq + count - 1,
          count,
          committedAt: new Date().toISOString(),
        });
        end();
        return { firstSeq, lastSeq: firstSeq + count - 1, count };
      },
      abort: async () => {
        if (state === 'open') end();
      },
    };
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<StoredEvent[]> {
    const after = options.after ?? 0;
    const until = Math.min(options.until ?? Number.POSITIVE_INFINITY, this.lines.length);
    const batchSize = options.batchSize ?? 10_000;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new SendwhError('bad-read-options', `batchSize must be a positive integer, got ${batchSize}`);
    }
    let batch: StoredEvent[] = [];
    for (let seq = Math.max(after, 0) + 1; seq <= until; seq++) {
      const event = StoredEvent.parse(JSON.parse(this.lines[seq - 1] as string));
      if (options.source !== undefined && event.source !== options.source) continue;
      if (options.type !== undefined && event.type !== options.type) continue;
      batch.push(event);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async files(): Promise<CommittedFile[]> {
    return this.committed.map((f) => ({ ...f }));
  }

  async verify(): Promise<VerifyReport> {
    const problems: VerifyProblem[] = [];
    this.lines.forEach((line, index) => {
      const expected = index + 1;
      const { seq, ...content } = StoredEvent.parse(JSON.parse(line));
      if (seq !== expected) problems.push({ seq, where: 'memory', problem: `event ${seq} out of order (expected ${expected})` });
      const { problem } = eventProblem(content);
      if (problem !== undefined) problems.push({ seq, where: 'memory', problem: `event ${seq}: ${problem}` });
    });
    return { ok: problems.length === 0, events: this.lines.length, files: this.committed.length, problems };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
