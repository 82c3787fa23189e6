// The Kafka event log on a real broker: the event-log contract suite, then what
// only Kafka has: the refusal of topics that would lose events, the fencing of a
// second writer of one source, parallel writers of different sources, verify on
// a damaged topic, and the offsets a warehouse build consumes from.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaEventLog } from '../../../ingest/log/kafka/kafkaEventLog.js';
import type { KafkaSettingsInput } from '../../../ingest/log/kafka/kafkaSettings.js';
import type { EventLog, StoredEvent } from '../../../models/index.js';
import { ensureBroker } from '../../kafka/broker.js';
import { describeEventLogContract, readAll, stored } from './eventLogContract.js';
import { ledgerEvents, ledgerMeta, schoolEvents, schoolsMeta } from './fixtures/testEvents.js';

const run = randomUUID().slice(0, 8);
let counter = 0;
let brokers: string[] = [];
let admin: Admin;

/** Settings for a log of its own: a fresh topic prefix. */
function settings(prefix = `sendwh-test-${run}-${++counter}`): KafkaSettingsInput {
  return { brokers, topicPrefix: prefix, partitions: 3, replicationFactor: 1 };
}

async function deleteTopics(prefix: string): Promise<void> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
  if (topics.length > 0) await admin.deleteTopics({ topics });
}

beforeAll(async () => {
  ({ brokers } = await ensureBroker());
  admin = new Kafka({ clientId: 'sendwh-test', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
}, 300_000);

afterAll(async () => {
  await admin?.disconnect();
});

describeEventLogContract('kafka', async () => {
  const s = settings();
  const log = await createKafkaEventLog(s);
  return {
    log,
    reopen: () => createKafkaEventLog(s),
    cleanup: () => deleteTopics(s.topicPrefix as string),
  };
});

/** Every message of `topic` (all partitions) as raw records, read from the start until `count` arrived. */
async function rawMessages(topic: string, count: number): Promise<Array<{ partition: number; key: string; headers: Record<string, string>; value: string }>> {
  const kafka = new Kafka({ clientId: 'sendwh-test-raw', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `sendwh-test-raw-${randomUUID()}` });
  const out: Array<{ partition: number; key: string; headers: Record<string, string>; value: string }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${out.length} of ${count} messages on ${topic}`)), 60_000);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
            out.push({ partition, key: message.key?.toString() ?? '', headers, value: message.value?.toString() ?? '' });
            if (out.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

async function commit(log: EventLog, meta: ReturnType<typeof ledgerMeta>, events: ReturnType<typeof ledgerEvents>) {
  const tx = await log.begin(meta);
  await tx.append(events);
  return tx.commit();
}

describe('kafka event log: topics', () => {
  const opened: EventLog[] = [];
  const prefixes: string[] = [];
  const open = async (s: KafkaSettingsInput) => {
    prefixes.push(s.topicPrefix as string);
    const log = await createKafkaEventLog(s);
    opened.push(log);
    return log;
  };
  afterAll(async () => {
    for (const log of opened) await log.close();
    for (const p of prefixes) await deleteTopics(p);
  });

  it('creates its topics to keep events forever: delete policy, no time or size limit; one commits partition', async () => {
    const s = settings();
    const log = await open(s);
    const a = ledgerMeta('ledger-a.csv');
    await commit(log, a, ledgerEvents(a, 3));
    const prefix = s.topicPrefix as string;
    const { ConfigResourceTypes } = await import('kafkajs');
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [`${prefix}.commits`, `${prefix}.events.finance`].map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
    });
    for (const resource of described.resources) {
      const config = Object.fromEntries(resource.configEntries.map((e) => [e.configName, e.configValue]));
      expect(config['cleanup.policy'], resource.resourceName).toBe('delete');
      expect(config['retention.ms'], resource.resourceName).toBe('-1');
      expect(config['retention.bytes'], resource.resourceName).toBe('-1');
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [`${prefix}.commits`, `${prefix}.events.finance`] });
    expect(metadata.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([
      [`${prefix}.commits`, 1],
      [`${prefix}.events.finance`, 3],
    ]);
  });

  const unsafe: Array<[string, string, Array<{ name: string; value: string }>, RegExp]> = [
    ['a compacted events topic', 'events.finance', [{ name: 'cleanup.policy', value: 'compact' }], /events\.finance: cleanup\.policy=compact compacts/],
    ['an events topic deleting after 7 days', 'events.census', [{ name: 'retention.ms', value: '604800000' }], /events\.census: retention\.ms=604800000 deletes events after a time/],
    ['an events topic deleting beyond 1 GiB', 'events.cases', [{ name: 'retention.ms', value: '-1' }, { name: 'retention.bytes', value: '1073741824' }], /retention\.bytes=1073741824 deletes events beyond a size/],
    ['a compacted commits topic', 'commits', [{ name: 'cleanup.policy', value: 'compact,delete' }, { name: 'retention.ms', value: '-1' }], /commits: cleanup\.policy=compact,delete compacts/],
  ];
  for (const [what, suffix, configEntries, message] of unsafe) {
    it(`refuses to run on ${what}`, async () => {
      const s = settings();
      prefixes.push(s.topicPrefix as string);
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `${s.topicPrefix}.${suffix}`, numPartitions: 1, replicationFactor: 1, configEntries }] });
      const attempt = createKafkaEventLog(s);
      await expect(attempt).rejects.toMatchObject({ code: 'kafka-topic-unsafe', message });
      await expect(attempt).rejects.toMatchObject({ hint: expect.stringContaining('retention.ms=-1') });
    });
  }

  it('refuses a commits topic with more than one partition', async () => {
    const s = settings();
    prefixes.push(s.topicPrefix as string);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: `${s.topicPrefix}.commits`, numPartitions: 2, replicationFactor: 1 }] });
    await expect(createKafkaEventLog(s)).rejects.toMatchObject({ code: 'kafka-topic-unsafe', message: expect.stringMatching(/has 2 partitions/) });
  });

  it('refuses a topic changed to delete events after the log first used it, and verify reports it', async () => {
    const s = settings();
    const log = await open(s);
    const a = ledgerMeta('ledger-a.csv');
    await commit(log, a, ledgerEvents(a, 2));
    const { ConfigResourceTypes } = await import('kafkajs');
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: `${s.topicPrefix}.events.finance`, configEntries: [{ name: 'retention.ms', value: '86400000' }] }],
    });
    const report = await log.verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.problem)).toEqual([`${s.topicPrefix}.events.finance: retention.ms=86400000 deletes events after a time`]);
    await expect(createKafkaEventLog(s)).rejects.toMatchObject({ code: 'kafka-topic-unsafe' });
  });

  it('fails fast and plainly when no broker listens', async () => {
    await expect(createKafkaEventLog({ brokers: ['127.0.0.1:1'], topicPrefix: 'nowhere' })).rejects.toMatchObject({
      code: 'kafka-unavailable',
      message: 'no Kafka broker accepts connections at 127.0.0.1:1',
    });
  });
});

describe('kafka event log: messages', () => {
  it('keys every event by its record identity, so one record stays in one partition, with its append and index', async () => {
    const s = settings();
    const log = await createKafkaEventLog(s);
    try {
      const first = ledgerMeta('ledger-a.csv');
      // The same records (keys) again in a second file with other content.
      const second = { ...first, sha256: 'b'.repeat(64) };
      await commit(log, first, ledgerEvents(first, 30));
      await commit(log, second, ledgerEvents(second, 30));
      const raw = await rawMessages(`${s.topicPrefix}.events.finance`, 60);
      expect(raw).toHaveLength(60);
      const partitionsByKey = new Map<string, Set<number>>();
      for (const m of raw) partitionsByKey.set(m.key, (partitionsByKey.get(m.key) ?? new Set()).add(m.partition));
      expect(partitionsByKey.size).toBe(30);
      expect([...partitionsByKey.values()].every((p) => p.size === 1)).toBe(true);
      expect(new Set(raw.map((m) => m.partition)).size).toBe(3);
      for (const m of raw) {
        const event = JSON.parse(m.value) as { key: string; seq?: number };
        expect(event.key).toBe(m.key);
        expect(event.seq).toBeUndefined();
        expect(m.headers['sendwh-append']).toMatch(/^[0-9a-f-]{36}$/);
        expect(Number(m.headers['sendwh-index'])).toBeLessThan(30);
      }
      expect(new Set(raw.map((m) => m.headers['sendwh-append'])).size).toBe(2);
      // Read back in append order across the partitions.
      expect(await readAll(log)).toEqual([...stored(ledgerEvents(first, 30), 1), ...stored(ledgerEvents(second, 30), 31)]);
    } finally {
      await log.close();
      await deleteTopics(s.topicPrefix as string);
    }
  });
});

describe('kafka event log: several writers', () => {
  it('fences a second writer of the same source: the first fails with log-conflict and commits nothing', async () => {
    const s = settings();
    const one = await createKafkaEventLog(s);
    const two = await createKafkaEventLog(s);
    try {
      const a = ledgerMeta('ledger-a.csv');
      const b = ledgerMeta('ledger-b.csv');
      const first = await one.begin(a);
      await first.append(ledgerEvents(a, 5));
      const second = await two.begin(b); // fences `one`
      await expect(first.append(ledgerEvents(a, 2, 10))).rejects.toMatchObject({ code: 'log-conflict' });
      await first.abort();
      await second.append(ledgerEvents(b, 4));
      expect(await second.commit()).toEqual({ firstSeq: 1, lastSeq: 4, count: 4 });
      // The fenced worker tries again, after the other's commit: its file follows.
      expect(await commit(one, a, ledgerEvents(a, 5))).toEqual({ firstSeq: 5, lastSeq: 9, count: 5 });
      for (const view of [one, two]) {
        expect(await readAll(view)).toEqual([...stored(ledgerEvents(b, 4), 1), ...stored(ledgerEvents(a, 5), 5)]);
        expect(await view.verify()).toEqual({ ok: true, events: 9, files: 2, problems: [] });
      }
    } finally {
      await one.close();
      await two.close();
      await deleteTopics(s.topicPrefix as string);
    }
  });

  it('fences at commit too: a writer overtaken after its last append fails to commit, and nothing of it shows', async () => {
    const s = settings();
    const one = await createKafkaEventLog(s);
    const two = await createKafkaEventLog(s);
    try {
      const a = ledgerMeta('ledger-a.csv');
      const first = await one.begin(a);
      await first.append(ledgerEvents(a, 5));
      const second = await two.begin(ledgerMeta('ledger-b.csv'));
      await expect(first.commit()).rejects.toMatchObject({ code: 'log-conflict' });
      await second.abort();
      expect(await one.position()).toBe(0);
      expect(await two.files()).toEqual([]);
      expect(await one.verify()).toEqual({ ok: true, events: 0, files: 0, problems: [] });
    } finally {
      await one.close();
      await two.close();
      await deleteTopics(s.topicPrefix as string);
    }
  });

  it('lets writers of different sources append at once; both see one order, given by the commits', async () => {
    const s = settings();
    const one = await createKafkaEventLog(s);
    const two = await createKafkaEventLog(s);
    try {
      const a = ledgerMeta('ledger-a.csv');
      const b = schoolsMeta('schools-b.csv');
      const ledger = await one.begin(a);
      const schools = await two.begin(b);
      await Promise.all([ledger.append(ledgerEvents(a, 40)), schools.append(schoolEvents(b, 25))]);
      expect(await schools.commit()).toEqual({ firstSeq: 1, lastSeq: 25, count: 25 });
      expect(await ledger.commit()).toEqual({ firstSeq: 26, lastSeq: 65, count: 40 });
      const expected: StoredEvent[] = [...stored(schoolEvents(b, 25), 1), ...stored(ledgerEvents(a, 40), 26)];
      expect(await readAll(one)).toEqual(expected);
      expect(await readAll(two)).toEqual(expected);
      expect((await one.files()).map((f) => [f.file, f.firstSeq, f.lastSeq])).toEqual([
        ['schools-b.csv', 1, 25],
        ['ledger-a.csv', 26, 65],
      ]);
      expect(await two.files()).toEqual(await one.files());
    } finally {
      await one.close();
      await two.close();
      await deleteTopics(s.topicPrefix as string);
    }
  });

  it('hides the events of a writer killed mid-append; the next writer of its source takes over at once', async () => {
    const s = settings();
    const prefix = s.topicPrefix as string;
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const register = fileURLToPath(new URL('../../transforms/warehouse/support/registerTs.mjs', import.meta.url));
    const child = fileURLToPath(new URL('./fixtures/killableKafkaAppend.ts', import.meta.url));
    const proc = spawn(process.execPath, ['--import', register, child, brokers.join(','), prefix, 'ledger-killed.csv', '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('APPENDED')) resolve();
      });
      proc.on('exit', (code) => reject(new Error(`child exited (${code}) before appending: ${stderr}`)));
    });
    const exited = new Promise((resolve) => proc.on('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
    const log = await createKafkaEventLog(s);
    try {
      expect(await log.position()).toBe(0);
      // Another source is not held up by the dead writer's open transaction.
      const b = schoolsMeta('schools-b.csv');
      expect(await commit(log, b, schoolEvents(b, 3))).toEqual({ firstSeq: 1, lastSeq: 3, count: 3 });
      // Its own source: the next writer fences the dead one, whose transaction is aborted.
      const a = ledgerMeta('ledger-a.csv');
      expect(await commit(log, a, ledgerEvents(a, 4))).toEqual({ firstSeq: 4, lastSeq: 7, count: 4 });
      expect(await readAll(log)).toEqual([...stored(schoolEvents(b, 3), 1), ...stored(ledgerEvents(a, 4), 4)]);
      expect(await log.verify()).toEqual({ ok: true, events: 7, files: 2, problems: [] });
      const offsets = await admin.fetchTopicOffsets(`${prefix}.events.finance`);
      // The 50 killed events are still in the topic, aborted: read_committed readers never see them.
      expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBeGreaterThanOrEqual(54);
    } finally {
      await log.close();
      await deleteTopics(prefix);
    }
  });
});

describe('kafka event log: damage', () => {
  it('reads around a stray message in an events topic, and verify names it', async () => {
    const s = settings();
    const prefix = s.topicPrefix as string;
    const log = await createKafkaEventLog(s);
    try {
      const a = ledgerMeta('ledger-a.csv');
      const b = ledgerMeta('ledger-b.csv');
      await commit(log, a, ledgerEvents(a, 6));
      const producer = new Kafka({ clientId: 'stray', brokers, logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({ topic: `${prefix}.events.finance`, messages: [{ partition: 0, key: 'x', value: '{"not":"an event"}' }] });
      await producer.disconnect();
      await commit(log, b, ledgerEvents(b, 6));
      expect(await readAll(log)).toEqual([...stored(ledgerEvents(a, 6), 1), ...stored(ledgerEvents(b, 6), 7)]);
      const report = await log.verify();
      expect(report.ok).toBe(false);
      expect(report.events).toBe(12);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]?.problem).toMatch(new RegExp(`^${prefix.replaceAll('.', '\\.')}\\.events\\.finance partition 0 offset \\d+: a committed message that belongs to no committed file$`));
    } finally {
      await log.close();
      await deleteTopics(prefix);
    }
  });

  it('refuses to read a commits topic holding something that is not a commit record', async () => {
    const s = settings();
    const prefix = s.topicPrefix as string;
    const log = await createKafkaEventLog(s);
    try {
      const a = ledgerMeta('ledger-a.csv');
      await commit(log, a, ledgerEvents(a, 2));
      const producer = new Kafka({ clientId: 'stray', brokers, logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({ topic: `${prefix}.commits`, messages: [{ value: 'garbage' }] });
      await producer.disconnect();
      const other = await createKafkaEventLog(s);
      try {
        await expect(other.position()).rejects.toMatchObject({ code: 'log-corrupt', message: expect.stringMatching(/commits offset \d+: not valid JSON/) });
        const report = await other.verify();
        expect(report).toMatchObject({ ok: false, events: 2, files: 1 });
        expect(report.problems.map((p) => p.problem)).toEqual([expect.stringMatching(/commits offset 2: not valid JSON$/)]);
      } finally {
        await other.close();
      }
    } finally {
      await log.close();
      await deleteTopics(prefix);
    }
  });
});

describe('kafka event log: consuming for a build', () => {
  it('reads (after, until] from the stored offsets, ends at the offsets to store, and rejects offsets from other topics', async () => {
    const s = { ...settings(), group: `sendwh-test-${run}-group-${randomUUID()}` };
    const prefix = s.topicPrefix as string;
    const log = await createKafkaEventLog(s);
    try {
      const a = ledgerMeta('ledger-a.csv');
      const b = schoolsMeta('schools-b.csv');
      const c = ledgerMeta('ledger-c.csv');
      await commit(log, a, ledgerEvents(a, 20)); // 1..20
      await commit(log, b, schoolEvents(b, 5)); // 21..25
      const consume = async (after: number, until: number, from: readonly { topic: string; partition: number; offset: string }[]) => {
        const consumption = await (log.consume as NonNullable<EventLog['consume']>)({ after, until, from, batchSize: 7 });
        const events: StoredEvent[] = [];
        try {
          for await (const batch of consumption.read()) {
            expect(batch.length).toBeLessThanOrEqual(7);
            events.push(...batch);
          }
        } finally {
          await consumption.close();
        }
        return { events, offsets: consumption.offsets() };
      };
      const first = await consume(0, 25, []);
      expect(first.events).toEqual([...stored(ledgerEvents(a, 20), 1), ...stored(schoolEvents(b, 5), 21)]);
      const byTopic = (topic: string) => first.offsets.filter((o) => o.topic === topic);
      // Records at 0 and 2, each followed by its transaction's commit marker: next is the second marker, 3.
      expect(byTopic(`${prefix}.commits`)).toEqual([{ topic: `${prefix}.commits`, partition: 0, offset: '3' }]);
      // Each partition holds its share of the file's events from offset 0: next offsets add up to the events.
      expect(byTopic(`${prefix}.events.finance`).reduce((n, o) => n + Number(o.offset), 0)).toBe(20);
      expect(byTopic(`${prefix}.events.schools`).reduce((n, o) => n + Number(o.offset), 0)).toBe(5);

      await commit(log, c, ledgerEvents(c, 9)); // 26..34
      const second = await consume(25, 34, first.offsets);
      expect(second.events).toEqual(stored(ledgerEvents(c, 9), 26));
      // The group's committed offsets follow, for lag monitoring.
      const [groupOffsets] = await admin.fetchOffsets({ groupId: s.group, topics: [`${prefix}.events.finance`] });
      expect(groupOffsets?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(
        second.offsets.filter((o) => o.topic === `${prefix}.events.finance`).map((o) => [o.partition, o.offset]),
      );

      const moved = first.offsets.map((o) => (o.topic === `${prefix}.events.schools` ? { ...o, offset: String(Number(o.offset) + 1) } : o));
      await expect(consume(25, 34, moved)).rejects.toMatchObject({ code: 'kafka-offsets-mismatch', message: expect.stringMatching(/events\.schools\/\d at offset \d+/) });
      await expect(consume(10, 34, [])).rejects.toMatchObject({ code: 'bad-consume-range' });
    } finally {
      await log.close();
      await deleteTopics(prefix);
    }
  });
});
