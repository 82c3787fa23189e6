// The event-log port. The embedded file log, the in-memory test log and the
// Kafka log all implement it, and all pass one contract suite
// (test/ingest/log/eventLogContract.ts).
import type { SourceName } from './sources.js';
import type { EventType, NewEvent, StoredEvent } from './events.js';

/** What one atomic append is for: one source file. */
export interface AppendMeta {
  source: SourceName;
  /** Base name of the file. */
  file: string;
  sha256: string;
}

/** Where an append landed. An empty append commits nothing and has count 0. */
export interface CommitResult {
  firstSeq: number;
  lastSeq: number;
  count: number;
}

/**
 * An event already in its canonical form, made in bulk (the ingest forms the
 * events of record-hash sources as it parses): the UTF-8 bytes of its
 * canonical JSON without seq, on one line with no line break, exactly as an
 * adapter would encode the NewEvent (id, type, v, source, key, asAt, file,
 * sha256, line, data; data keys sorted). The maker answers for its content and
 * id; `verify` re-checks both once committed.
 */
export type EncodedEvent = Uint8Array;

/** An append in progress: everything appended commits together, or nothing does. */
export interface AppendTransaction {
  /** Adds events in order; they become visible only at commit. */
  append(events: readonly NewEvent[]): Promise<void>;
  /** Adds events already encoded (see EncodedEvent), in order, after those appended before. */
  appendEncoded(events: readonly EncodedEvent[]): Promise<void>;
  commit(): Promise<CommitResult>;
  abort(): Promise<void>;
}

/** A committed file, as the log remembers it. */
export interface CommittedFile extends AppendMeta {
  firstSeq: number;
  lastSeq: number;
  count: number;
  /** ISO timestamp of the commit (metadata only: never part of an event). */
  committedAt: string;
}

export interface ReadOptions {
  /** Only events with seq > after (default 0: from the start). */
  after?: number;
  /** Only events with seq <= until. */
  until?: number;
  source?: SourceName;
  /** Only events of this type (the file log skips the others without decoding them). */
  type?: EventType;
  /** Largest batch yielded (default 10,000). */
  batchSize?: number;
}

/** One integrity problem found by verify, naming the event or segment. */
export interface VerifyProblem {
  seq?: number;
  where: string;
  problem: string;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  files: number;
  problems: VerifyProblem[];
}

/** Where a consumer stands in a log with positions of its own (Kafka: the next offset of a topic partition). */
export interface LogOffset {
  topic: string;
  partition: number;
  /** The next offset to read, in decimal (Kafka offsets are 64-bit). */
  offset: string;
}

/** What a warehouse build asks of a log it consumes. */
export interface ConsumeOptions {
  /** Events with seq > after ... */
  after: number;
  /** ... and seq <= until; both are positions the log reported (ends of committed files). */
  until: number;
  /** The offsets the warehouse stored with its checkpoint at `after` (none on a first build): reading starts there. */
  from: readonly LogOffset[];
  /** Largest batch yielded (default 10,000). */
  batchSize?: number;
}

/** One build's consumption of the log: a consumer that starts at the stored offsets and says where it ends. */
export interface LogConsumption {
  /** The committed events with seq in (after, until], in seq order, in batches (once). */
  read(): AsyncIterable<StoredEvent[]>;
  /** Where the consumer stands after event `until`, to store in the same transaction as what the events produced. */
  offsets(): LogOffset[];
  close(): Promise<void>;
}

/** An append-only, durable, totally ordered log of immutable events. */
export interface EventLog {
  readonly kind: string;
  /** The highest committed sequence number (0 when empty). */
  position(): Promise<number>;
  /** Starts an atomic append. Only one append runs at a time; others wait or fail with a clear error. */
  begin(meta: AppendMeta): Promise<AppendTransaction>;
  /** Committed events in sequence order, in batches. */
  read(options?: ReadOptions): AsyncIterable<StoredEvent[]>;
  /** The files committed so far, oldest first. */
  files(): Promise<CommittedFile[]>;
  /** Checks the whole log end to end: ids, sequence, order, and stored checksums. */
  verify(): Promise<VerifyReport>;
  /**
   * Optional, for logs with positions of their own (Kafka): reads (after, until] as the
   * warehouse's consumer, starting from the offsets the warehouse stored, never from
   * wherever the consumer last was. Logs without it are read with read().
   */
  consume?(options: ConsumeOptions): Promise<LogConsumption>;
  close(): Promise<void>;
}
