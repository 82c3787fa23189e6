// Smoke test of the test broker itself, through kafkajs (the client the Kafka event log
// uses): a plain produce/consume round trip, transactional commit and abort as a
// read_committed consumer sees them, and a restart that keeps the data.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBroker, restartBroker, stopBroker } from './broker.js';

interface Received {
  key: string | undefined;
  value: string | undefined;
  offset: string;
}

// A dedicated broker for the restart test, so the shared one is never bounced under
// other test files running in parallel.
const restartPort = 19_192;

function client(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'sendwh-broker-smoke', brokers, logLevel: logLevel.NOTHING });
}

async function createTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

async function highWatermark(kafka: Kafka, topic: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.find((o) => o.partition === 0)?.high;
  } finally {
    await admin.disconnect();
  }
}

/** Reads the topic from the beginning until `last` arrives (read_committed), or fails after 30 s. */
async function readUntil(kafka: Kafka, topic: string, last: string): Promise<Received[]> {
  const consumer: Consumer = kafka.consumer({ groupId: `smoke-${randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  const received: Received[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${last}" on ${topic} within 30 s; got ${JSON.stringify(received)}`)), 30_000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            const value = message.value?.toString();
            received.push({ key: message.key?.toString(), value, offset: message.offset });
            if (value === last) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

describe('test Kafka broker', () => {
  let kafka: Kafka;

  beforeAll(async () => {
    const { brokers } = await ensureBroker();
    expect(brokers.length).toBeGreaterThan(0);
    kafka = client(brokers);
  });

  it('round-trips a message from a producer to a consumer', async () => {
    const topic = `smoke-plain-${randomUUID()}`;
    await createTopic(kafka, topic);
    const producer = kafka.producer();
    await producer.connect();
    try {
      const [meta] = await producer.send({ topic, messages: [{ key: 'la-938', value: 'hello broker' }] });
      expect(meta?.baseOffset).toBe('0');
    } finally {
      await producer.disconnect();
    }

    const received = await readUntil(kafka, topic, 'hello broker');
    expect(received).toEqual([{ key: 'la-938', value: 'hello broker', offset: '0' }]);
  });

  it('shows committed transactions and hides aborted ones from a read_committed consumer', async () => {
    const topic = `smoke-txn-${randomUUID()}`;
    await createTopic(kafka, topic);
    const producer = kafka.producer({ transactionalId: `smoke-${randomUUID()}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const committed = await producer.transaction();
      await committed.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
      await committed.commit();

      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: [{ value: 'x' }] });
      await aborted.abort();

      const last = await producer.transaction();
      await last.send({ topic, messages: [{ value: 'c' }] });
      await last.commit();
    } finally {
      await producer.disconnect();
    }

    const received = await readUntil(kafka, topic, 'c');
    expect(received.map((m) => m.value)).toEqual(['a', 'b', 'c']);
    // a, b, commit marker, x, abort marker, c, commit marker
    expect(received.map((m) => m.offset)).toEqual(['0', '1', '5']);
    expect(await highWatermark(kafka, topic)).toBe('7');
  });
});

describe('test Kafka broker restart', () => {
  afterAll(async () => {
    await stopBroker({ port: restartPort });
  });

  it('keeps topics and messages across restartBroker()', async () => {
    const { brokers } = await ensureBroker({ port: restartPort });
    expect(brokers).toEqual([`127.0.0.1:${restartPort}`]);
    const kafka = client(brokers);
    const topic = `smoke-restart-${randomUUID()}`;
    await createTopic(kafka, topic);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: 'before restart' }] });
    } finally {
      await producer.disconnect();
    }

    await restartBroker({ port: restartPort });

    const received = await readUntil(kafka, topic, 'before restart');
    expect(received.map((m) => [m.value, m.offset])).toEqual([['before restart', '0']]);
    expect(await highWatermark(kafka, topic)).toBe('1');
  });
});
