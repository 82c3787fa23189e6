// What the Kafka event log writes: one message per event in the source's
// events topic, and one commit record per appended file in the commits topic.
//
// An event message is the event's canonical JSON without seq (the log derives
// seq on read), keyed by the record identity, with two headers: the append it
// belongs to and its index within that append. A commit record names the file,
// its event count and where its events went (per partition: first and last
// offset and count); it is written in the same Kafka transaction as the events.
import { z } from 'zod';
import { SendwhError, SourceName, StoredEvent } from '../../../models/index.js';
import { summariseIssues } from '../eventCodec.js';

export const APPEND_HEADER = 'sendwh-append';
export const INDEX_HEADER = 'sendwh-index';

const VERIFY_HINT = 'run `sendwh verify --log kafka` to see what is damaged';

/** Parses an event message and gives it its seq; throws 'log-corrupt' when it is not a valid stored event. */
export function decodeEventMessage(value: string | undefined, seq: number, where: string): StoredEvent {
  let json: unknown;
  try {
    json = JSON.parse(value ?? '');
  } catch (cause) {
    throw new SendwhError('log-corrupt', `${where}: not valid JSON`, { cause, hint: VERIFY_HINT });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SendwhError('log-corrupt', `${where}: not a JSON object`, { hint: VERIFY_HINT });
  }
  const parsed = StoredEvent.safeParse({ seq, ...json });
  if (!parsed.success) {
    throw new SendwhError('log-corrupt', `${where}: not a stored event (${summariseIssues(parsed.error.issues)})`, { hint: VERIFY_HINT });
  }
  return parsed.data;
}

const Offset = z.string().regex(/^\d{1,19}$/);

/** Where a file's events went in one partition of its events topic. */
export const CommitPartition = z.object({
  partition: z.number().int().min(0),
  first: Offset,
  last: Offset,
  count: z.number().int().min(1),
});
export type CommitPartition = z.infer<typeof CommitPartition>;

/** One committed file: the commits topic holds one per append, in commit order. */
export const CommitRecord = z
  .object({
    format: z.literal('sendwh-commit'),
    version: z.literal(1),
    /** Unique id of the append; every event message of the file carries it. */
    append: z.uuid(),
    source: SourceName,
    file: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    count: z.number().int().min(0),
    committedAt: z.string(),
    topic: z.string().min(1),
    partitions: z.array(CommitPartition),
  })
  .refine((r) => r.partitions.reduce((n, p) => n + p.count, 0) === r.count, 'partition counts do not add up to count')
  .refine((r) => new Set(r.partitions.map((p) => p.partition)).size === r.partitions.length, 'a partition is listed twice')
  .refine((r) => r.partitions.every((p) => BigInt(p.last) - BigInt(p.first) + 1n >= BigInt(p.count)), 'a partition range is shorter than its count');
export type CommitRecord = z.infer<typeof CommitRecord>;

/** The commit record's message value. */
export function encodeCommitRecord(record: CommitRecord): string {
  return JSON.stringify({
    format: record.format,
    version: record.version,
    append: record.append,
    source: record.source,
    file: record.file,
    sha256: record.sha256,
    count: record.count,
    committedAt: record.committedAt,
    topic: record.topic,
    partitions: record.partitions.map((p) => ({ partition: p.partition, first: p.first, last: p.last, count: p.count })),
  });
}

/** The commit record in a message value, or why it is not one. */
export function decodeCommitRecord(value: string | undefined): { record?: CommitRecord; problem?: string } {
  let json: unknown;
  try {
    json = JSON.parse(value ?? '');
  } catch {
    return { problem: 'not valid JSON' };
  }
  const parsed = CommitRecord.safeParse(json);
  if (!parsed.success) return { problem: `not a commit record (${summariseIssues(parsed.error.issues)})` };
  return { record: parsed.data };
}
