// The Kafka event log: the event-log port on an Apache Kafka cluster, for when
// one machine is not enough and ingest workers run on several.
//
// Layout (see topics.ts): the events of each source go to <prefix>.events.<source>,
// keyed by record identity, so a record's events stay in order in one partition;
// <prefix>.commits (one partition) gets one commit record per appended file.
// An append is one Kafka transaction holding the file's events and its commit
// record, so a file is visible whole or not at all, and readers use
// read_committed. The producer is idempotent and transactional, with the
// transactional id <prefix>.writer.<source>: starting an append fences any other
// writer of the same source (its open append is aborted and it fails with
// 'log-conflict'), so the appends of one source are serialised across machines
// and each is diffed against everything committed before it, while workers on
// different sources append in parallel.
//
// seq is derived on read: the commit records, in order, give each file its first
// seq (one more than all the events before it), and event i of a file (an index
// carried in a header) gets first seq + i. The log position is the number of
// committed events; nothing needs a global counter.
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import kafkajs, { type Admin, type Kafka, type Producer, type Transaction } from 'kafkajs';
import {
  SendwhError,
  silentLogger,
  type AppendMeta,
  type AppendTransaction,
  type CommitResult,
  type CommittedFile,
  type ConsumeOptions,
  type EncodedEvent,
  type EventType,
  type EventLog,
  type LogConsumption,
  type LogOffset,
  type Logger,
  type NewEvent,
  type ReadOptions,
  type SourceName,
  type StoredEvent,
  type VerifyProblem,
  type VerifyReport,
} from '../../../models/index.js';
import { checkAppendMeta, checkNewEvent, encodeEvent, eventProblem } from '../eventCodec.js';
import { CommitLog, type CommitEntry } from './commitLog.js';
import { createKafkaClient, isFenced, kafkaFailure } from './kafkaClient.js';
import { KafkaSettings, type KafkaSettingsInput } from './kafkaSettings.js';
import { APPEND_HEADER, decodeEventMessage, encodeCommitRecord, INDEX_HEADER, type CommitRecord } from './messages.js';
import { RangeReader, type PartitionRange, type RawMessage } from './rangeReader.js';
import { commitsTopic, ensureTopic, eventsTopic, existingEventsTopics, partitionCount, refuseUnsafeTopics, topicProblems } from './topics.js';
import { assertAppendOpen, eventRange, ProblemList, SerialQueue, type AppendState } from '../adapterParts.js';

const utf8 = new TextDecoder();

const { Partitioners } = kafkajs;

export interface KafkaEventLogOptions {
  logger?: Logger;
}

/** Bytes of message values sent per produce request (well under the brokers' default 1 MiB batch limit). */
const SEND_BYTES = 512 * 1024;
const VERIFY_HINT = 'run `sendwh verify --log kafka` to see what is damaged';

/**
 * Connects to the cluster, creates the commits topic if needed, and refuses to
 * run when any of the log's topics would delete or compact events.
 */
export async function createKafkaEventLog(input: KafkaSettingsInput, options: KafkaEventLogOptions = {}): Promise<EventLog> {
  const parsed = KafkaSettings.safeParse(input);
  if (!parsed.success) {
    throw new SendwhError('kafka-settings-invalid', `bad Kafka settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
      kind: 'usage',
      hint: 'see `sendwh ingest --help` for the Kafka options',
    });
  }
  const log = new KafkaEventLog(parsed.data, (options.logger ?? silentLogger).child({ component: 'kafka-event-log' }));
  try {
    await log.open();
  } catch (error) {
    await log.close().catch(() => undefined);
    throw error;
  }
  return log;
}

interface SourceTopic {
  topic: string;
  partitions: number;
}

class KafkaEventLog implements EventLog {
  readonly kind = 'kafka';
  readonly kafka: Kafka;
  private readonly destroySockets: () => void;
  readonly admin: Admin;
  readonly commits: CommitLog;
  private readonly sourceTopics = new Map<SourceName, SourceTopic>();
  private active: KafkaAppend | undefined;
  private closed = false;
  private adminConnected = false;

  constructor(
    readonly settings: KafkaSettings,
    readonly logger: Logger,
  ) {
    const client = createKafkaClient(settings, logger);
    this.kafka = client.kafka;
    this.destroySockets = client.destroySockets;
    this.admin = this.kafka.admin();
    this.commits = new CommitLog(this.kafka, this.admin, commitsTopic(settings.topicPrefix), settings.topicPrefix, settings.stallTimeoutMs, logger);
  }

  async open(): Promise<void> {
    await assertSomeBrokerListens(this.settings.brokers);
    await this.kafkaStep('connecting to Kafka', async () => {
      await this.admin.connect();
      this.adminConnected = true;
      const partitions = await ensureTopic(this.admin, this.commits.topic, 1, this.settings.replicationFactor);
      if (partitions !== 1) {
        throw new SendwhError('kafka-topic-unsafe', `Kafka topic ${this.commits.topic} has ${partitions} partitions; the commits topic must have exactly one`, {
          hint: 'its single partition is the log’s total order: recreate it with one partition, or use another --kafka-topic-prefix',
        });
      }
      const topics = [this.commits.topic, ...(await existingEventsTopics(this.admin, this.settings.topicPrefix))];
      refuseUnsafeTopics(await topicProblems(this.admin, topics), this.settings.brokers);
    });
  }

  async position(): Promise<number> {
    this.assertOpen();
    await this.kafkaStep('reading the Kafka event log', () => this.commits.sync());
    return this.commits.position;
  }

  async begin(requested: AppendMeta): Promise<AppendTransaction> {
    this.assertOpen();
    const meta = checkAppendMeta(requested);
    if (this.active !== undefined) {
      throw new SendwhError('log-locked', `an append (${this.active.meta.source} file ${this.active.meta.file}) is already running`, {
        hint: 'commit or abort it before beginning another',
      });
    }
    const { topic, partitions } = await this.kafkaStep('preparing the events topic', () => this.sourceTopic(meta.source));
    const producer = this.kafka.producer({
      transactionalId: `${this.settings.topicPrefix}.writer.${meta.source}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: this.settings.transactionTimeoutMs,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    let transaction: Transaction;
    try {
      await producer.connect();
      // Initialises the transactional id: any other writer of this source is fenced now,
      // and its open transaction aborted, before this worker reads what the log holds.
      transaction = await producer.transaction();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw kafkaFailure(`beginning an append of ${meta.source} file ${meta.file}`, this.settings.brokers, error);
    }
    const append = new KafkaAppend(this, meta, topic, partitions, producer, transaction, () => {
      this.active = undefined;
    });
    this.active = append;
    return append;
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<StoredEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    const until = options.until ?? Number.POSITIVE_INFINITY;
    const batchSize = checkBatchSize(options.batchSize);
    await this.kafkaStep('reading the Kafka event log', () => this.commits.sync());
    const selected = this.commits.entries.filter(
      (e) => e.record.count > 0 && e.lastSeq > after && e.firstSeq <= until && (options.source === undefined || e.record.source === options.source),
    );
    yield* this.readEntries(selected, {
      after,
      until,
      batchSize,
      groupId: `${this.settings.topicPrefix}.reader.${randomUUID()}`,
      ...(options.type === undefined ? {} : { type: options.type }),
    });
  }

  async files(): Promise<CommittedFile[]> {
    this.assertOpen();
    await this.kafkaStep('reading the Kafka event log', () => this.commits.sync());
    return this.commits.entries.map((e) => ({
      source: e.record.source,
      file: e.record.file,
      sha256: e.record.sha256,
      firstSeq: e.firstSeq,
      lastSeq: e.lastSeq,
      count: e.record.count,
      committedAt: e.record.committedAt,
    }));
  }

  async consume(options: ConsumeOptions): Promise<LogConsumption> {
    this.assertOpen();
    await this.kafkaStep('reading the Kafka event log', () => this.commits.sync());
    const entries = [...this.commits.entries];
    const { after, until } = options;
    if (until > this.commits.position || after > until) {
      throw new SendwhError('bad-consume-range', `cannot consume events ${after + 1}..${until}: the log holds ${this.commits.position}`);
    }
    const expected = offsetsAt(entries, after, this.commits.topic);
    if (options.from.length > 0) {
      const mismatch = compareOffsets(options.from, expected);
      if (mismatch !== undefined) {
        throw new SendwhError(
          'kafka-offsets-mismatch',
          `the warehouse's checkpoint stores ${mismatch.stored} for event ${after}, but the Kafka log now has ${mismatch.actual} there: the topics were recreated or changed since the warehouse was built`,
          { hint: 'run `sendwh rebuild --log kafka` to build the warehouse from the log as it is now' },
        );
      }
    } else if (after > 0) {
      this.logger.warn({ after }, 'the checkpoint stores no Kafka offsets: starting from where the log puts its events');
    }
    const start = new Map(options.from.map((o) => [`${o.topic}\u0000${o.partition}`, BigInt(o.offset)]));
    const selected = entries.filter((e) => e.record.count > 0 && e.firstSeq > after && e.lastSeq <= until);
    const batchSize = checkBatchSize(options.batchSize);
    const groupId = this.settings.group ?? `${this.settings.topicPrefix}.warehouse`;
    const final = offsetsAt(entries, until, this.commits.topic);
    let started = false;
    const readers: RangeReader[] = [];
    return {
      read: () => {
        if (started) throw new SendwhError('bad-consume-range', 'a consumption is read once');
        started = true;
        return this.readEntries(selected, {
          after,
          until,
          batchSize,
          groupId,
          start,
          onReader: (reader) => readers.push(reader),
          // The group's own offsets are for lag monitoring only: builds seek to the checkpoint's.
          onDone: (reader) =>
            reader.commitOffsets(final.filter((o) => o.topic !== this.commits.topic)).catch((error: unknown) => {
              this.logger.info({ err: String(error), groupId }, 'could not commit offsets to the consumer group (informational only)');
            }),
        });
      },
      offsets: () => final.map((o) => ({ ...o })),
      close: async () => {
        for (const reader of readers.splice(0)) await reader.close();
      },
    };
  }

  async verify(): Promise<VerifyReport> {
    this.assertOpen();
    const problems = new ProblemList();
    const topics = await this.kafkaStep('checking the Kafka topics', async () => [
      this.commits.topic,
      ...(await existingEventsTopics(this.admin, this.settings.topicPrefix)),
    ]);
    for (const p of await this.kafkaStep('checking the Kafka topics', () => topicProblems(this.admin, topics))) {
      problems.add({ where: p.topic, problem: `${p.topic}: ${p.problem}` });
    }
    await this.kafkaStep('reading the Kafka event log', () => this.commits.sync({ tolerant: true }));
    for (const p of this.commits.problems) problems.add(p);
    const entries = this.commits.entries;
    const eventTopics = topics.slice(1);
    const ranges: PartitionRange[] = [];
    for (const topic of eventTopics) {
      const offsets = await this.kafkaStep('reading the Kafka event log', () => this.admin.fetchTopicOffsets(topic));
      for (const o of offsets) {
        const low = BigInt(o.low);
        if (low > 0n) problems.add({ where: topic, problem: `${topic} partition ${o.partition}: offsets 0..${low - 1n} were deleted (events lost)` });
        if (BigInt(o.offset) > low) ranges.push({ topic, partition: o.partition, start: low, end: BigInt(o.offset) });
      }
    }
    const seen = new Map<string, Uint8Array>(entries.map((e) => [e.record.append, new Uint8Array(Math.ceil(e.record.count / 8))]));
    let valid = 0;
    if (ranges.length > 0) {
      const reader = await this.kafkaStep('reading the Kafka event log', () =>
        RangeReader.open(this.kafka, {
          groupId: `${this.settings.topicPrefix}.verify.${randomUUID()}`,
          ranges,
          logger: this.logger,
          stallTimeoutMs: this.settings.stallTimeoutMs,
        }),
      );
      try {
        for (let batch = await reader.takeAll(); batch !== undefined; batch = await reader.takeAll()) {
          for (const { topic, partition, message } of batch) {
            if (this.verifyMessage(topic, partition, message, seen, problems)) valid++;
          }
        }
      } finally {
        await reader.close();
      }
    }
    for (const e of entries) {
      const bits = seen.get(e.record.append);
      if (bits === undefined) continue;
      let gap: number | undefined;
      for (let i = 0; i <= e.record.count; i++) {
        const missing = i < e.record.count && ((bits[i >> 3] ?? 0) & (1 << (i & 7))) === 0;
        if (missing && gap === undefined) gap = i;
        if (!missing && gap !== undefined) {
          problems.add({
            seq: e.firstSeq + gap,
            where: e.record.topic,
            problem: `${eventRange(e.firstSeq + gap, e.firstSeq + i - 1)} (${e.record.source} file ${e.record.file}) missing from ${e.record.topic}`,
          });
          gap = undefined;
        }
      }
    }
    const list = problems.list();
    return { ok: list.length === 0, events: valid, files: entries.length, problems: list };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.active?.abort().catch(() => undefined);
    await this.commits.close();
    if (this.adminConnected) await this.admin.disconnect().catch(() => undefined);
    this.destroySockets();
  }

  // ---- shared with KafkaAppend ----

  /** Runs a step against the brokers, turning kafkajs failures into SendwhErrors. */
  async kafkaStep<T>(what: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw kafkaFailure(what, this.settings.brokers, error);
    }
  }

  private async sourceTopic(source: SourceName): Promise<SourceTopic> {
    const known = this.sourceTopics.get(source);
    if (known) return known;
    const topic = eventsTopic(this.settings.topicPrefix, source);
    const existed = (await partitionCount(this.admin, topic)) !== undefined;
    const partitions = await ensureTopic(this.admin, topic, this.settings.partitions, this.settings.replicationFactor);
    if (existed) refuseUnsafeTopics(await topicProblems(this.admin, [topic]), this.settings.brokers);
    const entry = { topic, partitions };
    this.sourceTopics.set(source, entry);
    return entry;
  }

  /**
   * The events of `entries` (committed files, in commit order) with seq in
   * (after, until], in seq order: each file's events are merged back into append
   * order from its partitions by their index.
   */
  private async *readEntries(
    entries: readonly CommitEntry[],
    options: {
      after: number;
      until: number;
      batchSize: number;
      groupId: string;
      type?: EventType;
      start?: ReadonlyMap<string, bigint>;
      onReader?: (reader: RangeReader) => void;
      onDone?: (reader: RangeReader) => Promise<void>;
    },
  ): AsyncGenerator<StoredEvent[]> {
    if (entries.length === 0) return;
    const ranges = new Map<string, PartitionRange>();
    for (const e of entries) {
      for (const p of e.record.partitions) {
        const key = `${e.record.topic}\u0000${p.partition}`;
        const r = ranges.get(key);
        const first = BigInt(p.first);
        const end = BigInt(p.last) + 1n;
        if (r === undefined) {
          const stored = options.start?.get(key);
          ranges.set(key, { topic: e.record.topic, partition: p.partition, start: stored !== undefined && stored < first ? stored : first, end });
        } else if (r.end !== null && end > r.end) {
          r.end = end;
        }
      }
    }
    const reader = await this.kafkaStep('reading the Kafka event log', () =>
      RangeReader.open(this.kafka, { groupId: options.groupId, ranges: [...ranges.values()], logger: this.logger, stallTimeoutMs: this.settings.stallTimeoutMs }),
    );
    options.onReader?.(reader);
    try {
      let batch: StoredEvent[] = [];
      for (const e of entries) {
        const { topic, append, file } = e.record;
        const parts = e.record.partitions.map((p) => ({ partition: p.partition, first: BigInt(p.first), last: BigInt(p.last), left: p.count }));
        for (let index = 0; index < e.record.count; index++) {
          const seq = e.firstSeq + index;
          if (seq > options.until) break;
          let found: RawMessage | undefined;
          let where = '';
          while (found === undefined) {
            let waiting = false;
            for (const part of parts) {
              if (part.left === 0) continue;
              let head = reader.peek(topic, part.partition);
              // Anything before the file's range on this partition belongs to no file being read.
              while (head !== undefined && head.offset < part.first) {
                reader.take(topic, part.partition);
                head = reader.peek(topic, part.partition);
              }
              where = `${topic} partition ${part.partition}`;
              if (head === undefined) {
                if (reader.exhausted(topic, part.partition)) {
                  throw corrupt(`${where}: ends before the ${part.left} event(s) of ${e.record.source} file ${file} its commit record lists`);
                }
                waiting = true;
                continue;
              }
              if (head.offset > part.last || head.append !== append) {
                throw corrupt(`${where} offset ${head.offset}: expected an event of ${e.record.source} file ${file} (append ${append})`);
              }
              if (head.index === index) {
                found = reader.take(topic, part.partition);
                part.left--;
                where = `${where} offset ${head.offset}`;
                break;
              }
            }
            if (found !== undefined) break;
            if (!waiting) throw corrupt(`event ${seq} (${e.record.source} file ${file}, index ${index}) is missing from ${topic}`);
            await reader.wait();
          }
          if (seq <= options.after) continue;
          const event = decodeEventMessage(found.value, seq, `event ${seq} at ${where}`);
          if (options.type !== undefined && event.type !== options.type) continue;
          batch.push(event);
          if (batch.length >= options.batchSize) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
      await options.onDone?.(reader);
    } catch (error) {
      throw error instanceof SendwhError ? error : kafkaFailure('reading the Kafka event log', this.settings.brokers, error);
    } finally {
      await reader.close();
    }
  }

  private verifyMessage(topic: string, partition: number, message: RawMessage, seen: Map<string, Uint8Array>, problems: ProblemList): boolean {
    const where = `${topic} partition ${partition} offset ${message.offset}`;
    const entry = message.append === undefined ? undefined : this.commits.find(message.append);
    if (entry === undefined) {
      problems.add({ where: topic, problem: `${where}: a committed message that belongs to no committed file` });
      return false;
    }
    const { record } = entry;
    const index = message.index;
    const seq = index === undefined ? undefined : entry.firstSeq + index;
    const at = seq === undefined ? where : `event ${seq} at ${where}`;
    const range = record.partitions.find((p) => p.partition === partition);
    if (record.topic !== topic || range === undefined || message.offset < BigInt(range.first) || message.offset > BigInt(range.last)) {
      problems.add({ ...(seq === undefined ? {} : { seq }), where: topic, problem: `${at}: outside the range its commit record gives (${record.source} file ${record.file})` });
      return false;
    }
    if (index === undefined || seq === undefined || index >= record.count) {
      problems.add({ where: topic, problem: `${where}: no valid ${INDEX_HEADER} header for ${record.source} file ${record.file}` });
      return false;
    }
    const bits = seen.get(record.append) as Uint8Array;
    if (((bits[index >> 3] ?? 0) & (1 << (index & 7))) !== 0) {
      problems.add({ seq, where: topic, problem: `${at}: appears twice` });
      return false;
    }
    bits[index >> 3] = (bits[index >> 3] ?? 0) | (1 << (index & 7));
    let content: unknown;
    try {
      content = JSON.parse(message.value ?? '');
    } catch {
      problems.add({ seq, where: topic, problem: `${at}: not valid JSON` });
      return false;
    }
    const { checked, problem } = eventProblem(content);
    if (checked === undefined) {
      problems.add({ seq, where: topic, problem: `${at}: ${problem ?? 'not a valid event'}` });
      return false;
    }
    if (checked.event.source !== record.source) {
      problems.add({ seq, where: topic, problem: `${at}: source ${checked.event.source} in a file of ${record.source}` });
      return false;
    }
    return true;
  }

  private assertOpen(): void {
    if (this.closed) throw new SendwhError('log-closed', 'the event log is closed');
  }
}

/** An append in progress: one Kafka transaction of the source's transactional producer. */
class KafkaAppend implements AppendTransaction {
  // broken: a send failed and only abort remains; done: committed, aborted or failed.
  private state: AppendState = 'open';
  private readonly appendId = randomUUID();
  private count = 0;
  private readonly ranges = new Map<number, { first: bigint; last: bigint; count: number }>();
  private readonly partitionOf: (key: string) => number;
  private readonly steps = new SerialQueue();

  constructor(
    private readonly log: KafkaEventLog,
    readonly meta: AppendMeta,
    private readonly topic: string,
    partitions: number,
    private readonly producer: Producer,
    private readonly transaction: Transaction,
    private readonly onEnd: () => void,
  ) {
    // Kafka's default (murmur2) partitioner, as Java clients key records too.
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
      offlineReplicas: [],
    }));
    this.partitionOf = (key) => partitioner({ topic, partitionMetadata, message: { key, value: null } });
  }

  append(events: readonly NewEvent[]): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      // Check the whole batch first, so a refused batch adds nothing.
      const checked = events.map((e) => checkNewEvent(e, this.meta));
      await this.add(checked.map((c) => ({ key: c.event.key, json: encodeEvent(c) })));
    });
  }

  appendEncoded(events: readonly EncodedEvent[]): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      await this.add(
        events.map((bytes) => {
          const json = utf8.decode(bytes);
          return { key: (JSON.parse(json) as { key: string }).key, json };
        }),
      );
    });
  }

  /** Sends events as messages (value: the event without seq), in chunks of about SEND_BYTES. */
  private async add(events: ReadonlyArray<{ key: string; json: string }>): Promise<void> {
    let chunk: Array<{ key: string; value: string; partition: number; headers: Record<string, string> }> = [];
    let bytes = 0;
    for (const { key, json } of events) {
      chunk.push({
        key,
        value: json,
        partition: this.partitionOf(key),
        headers: { [APPEND_HEADER]: this.appendId, [INDEX_HEADER]: String(this.count + chunk.length) },
      });
      bytes += json.length + key.length;
      if (bytes >= SEND_BYTES) {
        await this.send(chunk);
        chunk = [];
        bytes = 0;
      }
    }
    if (chunk.length > 0) await this.send(chunk);
  }

  commit(): Promise<CommitResult> {
    return this.serial(async () => {
      this.assertOpen();
      const { source, file, sha256 } = this.meta;
      const record: CommitRecord = {
        format: 'sendwh-commit',
        version: 1,
        append: this.appendId,
        source,
        file,
        sha256,
        count: this.count,
        committedAt: new Date().toISOString(),
        topic: this.topic,
        partitions: [...this.ranges.entries()]
          .sort(([a], [b]) => a - b)
          .map(([partition, r]) => ({ partition, first: r.first.toString(), last: r.last.toString(), count: r.count })),
      };
      let recordOffset: bigint | undefined;
      let failure: unknown;
      try {
        const [meta] = await this.transaction.send({
          topic: this.log.commits.topic,
          messages: [{ key: source, value: encodeCommitRecord(record), partition: 0 }],
        });
        if (meta === undefined) throw new Error('the brokers did not acknowledge the commit record');
        await this.transaction.commit();
        recordOffset = BigInt(meta.baseOffset ?? '-1');
      } catch (error) {
        failure = error;
      }
      this.state = 'done';
      if (recordOffset !== undefined) {
        await this.end();
        // Committed: only its place in the log is left to read.
        await this.log.kafkaStep('reading the Kafka event log', () => this.log.commits.syncTo(recordOffset));
      } else {
        await this.settle(failure);
      }
      const entry = this.log.commits.find(this.appendId);
      if (entry === undefined) throw this.lost(failure);
      this.log.logger.debug({ source, file, firstSeq: entry.firstSeq, count: entry.record.count }, 'committed an append');
      return { firstSeq: entry.firstSeq, lastSeq: entry.lastSeq, count: entry.record.count };
    });
  }

  abort(): Promise<void> {
    return this.serial(async () => {
      if (this.state === 'done') return;
      this.state = 'done';
      await this.transaction.abort().catch(() => undefined);
      await this.end();
    });
  }

  private async send(messages: Array<{ key: string; value: string; partition: number; headers: Record<string, string> }>): Promise<void> {
    let metadata;
    try {
      metadata = await this.transaction.send({ topic: this.topic, messages });
    } catch (error) {
      this.state = 'broken';
      throw this.failed(error);
    }
    const perPartition = new Map<number, number>();
    for (const m of messages) perPartition.set(m.partition, (perPartition.get(m.partition) ?? 0) + 1);
    for (const md of metadata) {
      const n = perPartition.get(md.partition) ?? 0;
      if (n === 0) continue;
      const base = BigInt(md.baseOffset ?? '-1');
      if (base < 0n) throw this.failed(new Error(`the brokers gave no offset for partition ${md.partition}`));
      const r = this.ranges.get(md.partition);
      if (r === undefined) this.ranges.set(md.partition, { first: base, last: base + BigInt(n) - 1n, count: n });
      else {
        r.last = base + BigInt(n) - 1n;
        r.count += n;
      }
    }
    this.count += messages.length;
  }

  /**
   * After a failed commit, makes sure the transaction is decided before saying what
   * happened: a commit request may have reached the brokers even though its answer
   * did not come back. Re-initialising the transactional id completes or aborts it;
   * when another writer has already fenced this one, its initialisation did that.
   */
  private async settle(failure: unknown): Promise<void> {
    await this.end();
    if (!isFenced(failure)) {
      const resolver = this.log.kafka.producer({
        transactionalId: `${this.log.settings.topicPrefix}.writer.${this.meta.source}`,
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      try {
        await resolver.connect();
        await (await resolver.transaction()).abort().catch(() => undefined);
      } catch (error) {
        this.log.logger.warn({ err: String(error) }, 'could not settle a failed Kafka commit');
      } finally {
        await resolver.disconnect().catch(() => undefined);
      }
    }
    await this.log.commits.sync().catch((error: unknown) => {
      this.log.logger.warn({ err: String(error) }, 'could not re-read the commits topic after a failed commit');
    });
  }

  private lost(failure: unknown): SendwhError {
    if (isFenced(failure)) return this.failed(failure);
    return new SendwhError('log-write-failed', `could not commit ${this.meta.source} file ${this.meta.file} to the Kafka event log`, {
      cause: failure,
      hint: 'nothing of this file was committed; check the brokers and ingest it again',
    });
  }

  private failed(error: unknown): SendwhError {
    if (isFenced(error)) {
      return new SendwhError(
        'log-conflict',
        `another writer took over the ${this.meta.source} appends while ${this.meta.file} was being appended (or it outlived the transaction timeout): nothing of it was committed`,
        { cause: error, hint: 'ingest the file again; run one ingest worker per source to avoid this' },
      );
    }
    return kafkaFailure(`appending ${this.meta.source} file ${this.meta.file}`, this.log.settings.brokers, error);
  }

  private async end(): Promise<void> {
    this.onEnd();
    await this.producer.disconnect().catch(() => undefined);
  }

  private assertOpen(): void {
    assertAppendOpen(this.state, this.meta, 'send');
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    return this.steps.run(work);
  }
}

/**
 * Where a consumer stands after event `position` (a file boundary): for each
 * partition that holds events, the offset after the last event at or before it,
 * and for the commits topic the offset after the last non-empty file's record.
 */
export function offsetsAt(entries: readonly CommitEntry[], position: number, commits: string): LogOffset[] {
  const next = new Map<string, LogOffset>();
  let commitsNext = 0n;
  for (const e of entries) {
    if (e.record.count === 0) continue;
    if (e.lastSeq > position) {
      if (e.firstSeq <= position) throw new SendwhError('bad-consume-range', `event ${position} is inside ${e.record.source} file ${e.record.file}, not at the end of a file`);
      break;
    }
    commitsNext = e.offset + 1n;
    for (const p of e.record.partitions) {
      next.set(`${e.record.topic}\u0000${p.partition}`, { topic: e.record.topic, partition: p.partition, offset: (BigInt(p.last) + 1n).toString() });
    }
  }
  const list = [{ topic: commits, partition: 0, offset: commitsNext.toString() }, ...next.values()];
  return list.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

function compareOffsets(stored: readonly LogOffset[], actual: readonly LogOffset[]): { stored: string; actual: string } | undefined {
  const text = (o: LogOffset | undefined, topic: string, partition: number) => `${topic}/${partition} at offset ${o?.offset ?? '(none)'}`;
  const actualByKey = new Map(actual.map((o) => [`${o.topic}\u0000${o.partition}`, o]));
  const storedByKey = new Map(stored.map((o) => [`${o.topic}\u0000${o.partition}`, o]));
  for (const o of stored) {
    const a = actualByKey.get(`${o.topic}\u0000${o.partition}`);
    if (a?.offset !== o.offset) return { stored: text(o, o.topic, o.partition), actual: text(a, o.topic, o.partition) };
  }
  for (const a of actual) {
    if (!storedByKey.has(`${a.topic}\u0000${a.partition}`) && a.offset !== '0') {
      return { stored: text(undefined, a.topic, a.partition), actual: text(a, a.topic, a.partition) };
    }
  }
  return undefined;
}

/** Fails fast, with a plain message, when no broker accepts a TCP connection. */
async function assertSomeBrokerListens(brokers: readonly string[]): Promise<void> {
  const results = await Promise.all(brokers.map((b) => canConnect(b)));
  if (results.some((ok) => ok)) return;
  throw new SendwhError('kafka-unavailable', `no Kafka broker accepts connections at ${brokers.join(',')}`, {
    hint: 'check --brokers (or SENDWH_KAFKA_BROKERS) and that the brokers are running and reachable from here',
  });
}

function canConnect(broker: string): Promise<boolean> {
  const at = broker.lastIndexOf(':');
  const host = broker.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(broker.slice(at + 1));
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 10_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

function corrupt(message: string): SendwhError {
  return new SendwhError('log-corrupt', message, { hint: VERIFY_HINT });
}

function checkBatchSize(batchSize: number | undefined): number {
  const size = batchSize ?? 10_000;
  if (!Number.isInteger(size) || size < 1) {
    throw new SendwhError('bad-read-options', `batchSize must be a positive integer, got ${size}`);
  }
  return size;
}


