// Reads given ranges of topic partitions with one kafkajs consumer (kafkajs has
// no consumer without a group): a member of `groupId` that, whenever it joins
// the group (start, rebalance, restart after a broker failure), seeks every
// assigned partition to where this reader stands, never to the group's own
// committed offsets. It reads committed transactions only (read_committed).
//
// Messages queue per partition; a partition whose queue is full is paused until
// the reader's user takes from it, so memory stays bounded however large the
// range. A partition is done once every offset below its end has been read
// (aborted messages and transaction markers count as read).
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { SendwhError, type Logger } from '../../../models/index.js';
import { CLIENT_RETRY } from './kafkaClient.js';
import { APPEND_HEADER, INDEX_HEADER } from './messages.js';

/** A range of one partition: offsets from start, up to (not including) end; end null follows the partition. */
export interface PartitionRange {
  topic: string;
  partition: number;
  start: bigint;
  end: bigint | null;
}

/** A message as the log reads it: its value still unparsed. */
export interface RawMessage {
  offset: bigint;
  value: string | undefined;
  append: string | undefined;
  index: number | undefined;
}

export interface RangeReaderOptions {
  groupId: string;
  ranges: readonly PartitionRange[];
  logger: Logger;
  /** Give up when nothing arrives for this long while the reader's user waits (ms). */
  stallTimeoutMs: number;
  /** Queue length at which a partition pauses until its queue is half drained (default 20,000). */
  highWater?: number;
}

/** One queued message with where it came from. */
export interface SourcedMessage {
  topic: string;
  partition: number;
  message: RawMessage;
}

interface PartitionState {
  topic: string;
  partition: number;
  /** The next offset not yet read. */
  next: bigint;
  end: bigint | null;
  queue: Queue<RawMessage>;
  throttled: boolean;
  done: boolean;
}

/** Reads partition ranges through one consumer-group member. */
export class RangeReader {
  private readonly states = new Map<string, PartitionState>();
  private readonly highWater: number;
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private failure: Error | undefined;
  private closed = false;
  private joined = false;

  private constructor(
    private readonly consumer: Consumer,
    private readonly options: RangeReaderOptions,
  ) {
    this.highWater = options.highWater ?? 20_000;
    for (const r of options.ranges) {
      const done = r.end !== null && r.start >= r.end;
      this.states.set(tpKey(r.topic, r.partition), {
        topic: r.topic,
        partition: r.partition,
        next: r.start,
        end: r.end,
        queue: new Queue(),
        throttled: false,
        done,
      });
    }
  }

  /** Joins the group and starts fetching. */
  static async open(kafka: Kafka, options: RangeReaderOptions): Promise<RangeReader> {
    const consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 30_000,
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
      readUncommitted: false,
      retry: CLIENT_RETRY,
    });
    const reader = new RangeReader(consumer, options);
    consumer.on(consumer.events.GROUP_JOIN, (event) => reader.onJoin(event.payload.memberAssignment));
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
      reader.advance(event.payload.topic, event.payload.partition, BigInt(event.payload.lastOffset) + 1n);
    });
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      options.logger.warn({ groupId: options.groupId, restart, err: error.message }, 'Kafka consumer crashed');
      if (!restart) reader.fail(error);
    });
    const topics = [...new Set(options.ranges.map((r) => r.topic))];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          reader.onMessages(batch.topic, batch.partition, batch.messages);
          reader.advance(batch.topic, batch.partition, BigInt(batch.lastOffset()) + 1n);
        },
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return reader;
  }

  /** The next offset not yet read in the partition. */
  position(topic: string, partition: number): bigint {
    return this.state(topic, partition).next;
  }

  /** The first queued message of the partition, left in the queue. */
  peek(topic: string, partition: number): RawMessage | undefined {
    this.assertUsable();
    return this.state(topic, partition).queue.peek();
  }

  /** Takes the first queued message of the partition. */
  take(topic: string, partition: number): RawMessage | undefined {
    this.assertUsable();
    const s = this.state(topic, partition);
    const message = s.queue.shift();
    if (s.throttled && s.queue.length <= this.highWater / 2) {
      s.throttled = false;
      if (!s.done) this.setPaused(s, false);
    }
    return message;
  }

  /** True when the partition's range is read and its queue is empty. */
  exhausted(topic: string, partition: number): boolean {
    const s = this.state(topic, partition);
    return s.done && s.queue.length === 0;
  }

  /** Takes every queued message; waits for some when none are queued; undefined once every range is exhausted. */
  async takeAll(): Promise<SourcedMessage[] | undefined> {
    for (;;) {
      this.assertUsable();
      const out: SourcedMessage[] = [];
      let open = false;
      for (const s of this.states.values()) {
        for (let m = this.take(s.topic, s.partition); m !== undefined; m = this.take(s.topic, s.partition)) {
          out.push({ topic: s.topic, partition: s.partition, message: m });
        }
        if (!s.done) open = true;
      }
      if (out.length > 0) return out;
      if (!open) return undefined;
      await this.wait();
    }
  }

  /** Waits until the partition has been read below `offset`. */
  async reached(topic: string, partition: number, offset: bigint): Promise<void> {
    while (this.state(topic, partition).next < offset) await this.wait();
  }

  /** Waits for any progress (a message, an advanced position), failing on a crash or a stall. */
  wait(): Promise<void> {
    this.assertUsable();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new SendwhError(
            'kafka-unavailable',
            `no progress reading Kafka for ${Math.round(this.options.stallTimeoutMs / 1000)} s (consumer group ${this.options.groupId}${this.joined ? '' : ', never joined'})`,
            { hint: 'check that the brokers are up and reachable; the read can simply be run again' },
          ),
        );
      }, this.options.stallTimeoutMs);
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Commits offsets to the group (informational: the reader never starts from them). */
  async commitOffsets(offsets: ReadonlyArray<{ topic: string; partition: number; offset: string }>): Promise<void> {
    if (offsets.length === 0) return;
    await this.consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset })));
  }

  /** Leaves the group and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) w.reject(new SendwhError('log-closed', 'the Kafka reader was closed'));
    await this.consumer.disconnect().catch((error: unknown) => {
      this.options.logger.debug({ err: String(error) }, 'Kafka consumer disconnect failed');
    });
  }

  // ---- consumer callbacks ----

  private onJoin(assignment: Record<string, number[]>): void {
    this.joined = true;
    this.options.logger.info(
      { groupId: this.options.groupId, partitions: Object.values(assignment).reduce((n, p) => n + p.length, 0) },
      'Kafka consumer joined its group: seeking each partition to where this read stands',
    );
    const assigned = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const key = tpKey(topic, partition);
        assigned.add(key);
        const s = this.states.get(key);
        if (s === undefined) {
          this.consumer.pause([{ topic, partitions: [partition] }]);
          continue;
        }
        // Where this reader stands, whatever the group committed before.
        this.consumer.seek({ topic, partition, offset: s.next.toString() });
        this.setPaused(s, s.done || s.throttled);
      }
    }
    const missing = [...this.states.values()].filter((s) => !s.done && !assigned.has(tpKey(s.topic, s.partition)));
    if (missing.length > 0) {
      this.fail(
        new SendwhError(
          'kafka-group-shared',
          `Kafka consumer group ${this.options.groupId} gave this reader only part of what it must read (missing ${missing
            .map((s) => `${s.topic}/${s.partition}`)
            .join(', ')}): another process is consuming in the same group`,
          { hint: 'give each warehouse its own consumer group (--kafka-group), and run one build at a time per warehouse' },
        ),
      );
      return;
    }
    this.notify();
  }

  private onMessages(topic: string, partition: number, messages: readonly KafkaMessage[]): void {
    const s = this.states.get(tpKey(topic, partition));
    if (s === undefined || s.done) return;
    for (const m of messages) {
      const offset = BigInt(m.offset);
      if (offset < s.next) continue; // delivered again after a rejoin
      if (s.end !== null && offset >= s.end) break;
      s.queue.push({
        offset,
        value: m.value?.toString('utf8'),
        append: header(m, APPEND_HEADER),
        index: indexOf(header(m, INDEX_HEADER)),
      });
      s.next = offset + 1n;
    }
    if (!s.throttled && s.queue.length >= this.highWater) {
      s.throttled = true;
      this.setPaused(s, true);
    }
    this.notify();
  }

  private advance(topic: string, partition: number, to: bigint): void {
    const s = this.states.get(tpKey(topic, partition));
    if (s === undefined) return;
    if (to > s.next) s.next = to;
    if (!s.done && s.end !== null && s.next >= s.end) {
      s.done = true;
      this.setPaused(s, true);
    }
    this.notify();
  }

  private setPaused(s: PartitionState, paused: boolean): void {
    if (!this.joined || this.closed) return;
    const tp = [{ topic: s.topic, partitions: [s.partition] }];
    if (paused) this.consumer.pause(tp);
    else this.consumer.resume(tp);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) w.reject(this.failure);
  }

  private notify(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) w.resolve();
  }

  private assertUsable(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new SendwhError('log-closed', 'the Kafka reader was closed');
  }

  private state(topic: string, partition: number): PartitionState {
    const s = this.states.get(tpKey(topic, partition));
    if (s === undefined) throw new Error(`bug: ${topic}/${partition} is not a range of this reader`);
    return s;
  }
}

function tpKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function header(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function indexOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** A FIFO with O(1) shift. */
class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
