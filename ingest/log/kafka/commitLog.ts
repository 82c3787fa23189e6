// The commits topic as the log's total order. It has one partition; every
// appended file puts one commit record there, in the same Kafka transaction as
// its events, so the order of the committed records is the order of the files,
// and a file's first seq is one more than the events of all earlier records.
// This reader follows the topic (read_committed) and keeps the records, with
// their derived seqs, in memory: a few hundred bytes per file.
import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import { SendwhError, type Logger } from '../../../models/index.js';
import { decodeCommitRecord, type CommitRecord } from './messages.js';
import { RangeReader } from './rangeReader.js';

/** A committed file with its place in the log. */
export interface CommitEntry {
  record: CommitRecord;
  /** Offset of the commit record in the commits topic. */
  offset: bigint;
  firstSeq: number;
  lastSeq: number;
}

/** Something in the commits topic that is not a usable commit record. */
export interface CommitProblem {
  where: string;
  problem: string;
}

export class CommitLog {
  readonly entries: CommitEntry[] = [];
  readonly problems: CommitProblem[] = [];
  private readonly byAppend = new Map<string, CommitEntry>();
  private total = 0;
  private reader: RangeReader | undefined;
  private opening: Promise<RangeReader> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    readonly topic: string,
    private readonly groupPrefix: string,
    private readonly stallTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** The number of committed events (the log position) as of the last sync. */
  get position(): number {
    return this.total;
  }

  /** The entry of an append, if committed (as of the last sync). */
  find(append: string): CommitEntry | undefined {
    return this.byAppend.get(append);
  }

  /**
   * Reads every record committed by now (up to the topic's last stable offset).
   * Throws 'log-corrupt' if the topic holds something that is not a commit record,
   * unless `tolerant` (verify reports the problems instead).
   */
  async sync(options: { tolerant?: boolean } = {}): Promise<void> {
    const [offsets] = await this.admin.fetchTopicOffsets(this.topic);
    if (offsets === undefined) throw new SendwhError('kafka-topic-missing', `Kafka topic ${this.topic} has no partition 0`);
    const low = BigInt(offsets.low);
    if (low > 0n) {
      const problem = { where: this.topic, problem: `commit records at offsets 0..${low - 1n} were deleted: the log has lost files` };
      if (!this.problems.some((p) => p.problem === problem.problem)) this.problems.push(problem);
    }
    // With read_committed, ListOffsets gives the last stable offset: nothing below it is undecided.
    await this.readTo(BigInt(offsets.offset));
    if (!options.tolerant) this.assertHealthy();
  }

  /** Reads until the record at `offset` (a commit this process just made) is in. */
  async syncTo(offset: bigint): Promise<void> {
    await this.readTo(offset + 1n);
    this.assertHealthy();
  }

  async close(): Promise<void> {
    const reader = this.reader ?? (await this.opening?.catch(() => undefined));
    this.reader = undefined;
    this.opening = undefined;
    await reader?.close();
  }

  private async readTo(end: bigint): Promise<void> {
    if (end <= (this.reader?.position(this.topic, 0) ?? 0n)) {
      this.drain();
      return;
    }
    const reader = await this.openReader();
    await reader.reached(this.topic, 0, end);
    this.drain();
  }

  private openReader(): Promise<RangeReader> {
    if (this.reader) return Promise.resolve(this.reader);
    this.opening ??= RangeReader.open(this.kafka, {
      groupId: `${this.groupPrefix}.reader.${randomUUID()}`,
      ranges: [{ topic: this.topic, partition: 0, start: 0n, end: null }],
      logger: this.logger,
      stallTimeoutMs: this.stallTimeoutMs,
      highWater: Number.POSITIVE_INFINITY,
    }).then((reader) => {
      this.reader = reader;
      return reader;
    });
    return this.opening;
  }

  private drain(): void {
    const reader = this.reader;
    if (!reader) return;
    for (let m = reader.take(this.topic, 0); m !== undefined; m = reader.take(this.topic, 0)) {
      const where = `${this.topic} offset ${m.offset}`;
      const { record, problem } = decodeCommitRecord(m.value);
      if (record === undefined) {
        this.problems.push({ where, problem: `${where}: ${problem ?? 'unreadable'}` });
        continue;
      }
      if (this.byAppend.has(record.append)) {
        this.problems.push({ where, problem: `${where}: append ${record.append} (${record.file}) is committed twice` });
        continue;
      }
      const entry: CommitEntry = { record, offset: m.offset, firstSeq: this.total + 1, lastSeq: this.total + record.count };
      this.total += record.count;
      this.entries.push(entry);
      this.byAppend.set(record.append, entry);
    }
  }

  private assertHealthy(): void {
    const first = this.problems[0];
    if (first === undefined) return;
    this.logger.error({ problems: this.problems.length }, 'the commits topic is damaged');
    throw new SendwhError('log-corrupt', `the Kafka event log's commits topic is damaged: ${first.problem}`, {
      hint: 'run `sendwh verify --log kafka` to see what is damaged',
    });
  }
}
