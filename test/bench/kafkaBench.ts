// Kafka benchmark (a script, not a test): events/s through sendwh's Kafka event
// log against kcat (librdkafka) moving the same messages through the same broker
// in the same run, both ways:
//   produce: kcat -P (idempotent producer, acks=all) the encoded event messages,
//            against sendwh appending the same events (checked against the
//            catalogue and their ids, one Kafka transaction per file, with
//            its commit record);
//   consume: kcat -C (read_committed) the sendwh events topic to its end,
//            against sendwh reading the log back (seq order rebuilt across the
//            partitions, every event parsed and checked against the envelope).
//
//   npm run bench:kafka -- [--events 200000] [--files 10] [--partitions 3] [--brokers HOST:PORT] [--keep]
//
// Needs kcat (Debian: apt-get install -y kcat) and a broker: --brokers, else
// SENDWH_KAFKA_BROKERS, else the test broker (test/kafka/broker.sh, started if needed).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import { createKafkaEventLog } from '../../ingest/log/kafka/kafkaEventLog.js';
import { checkNewEvent, encodeEvent } from '../../ingest/log/eventCodec.js';
import { KEEP_FOREVER } from '../../ingest/log/kafka/topics.js';
import { ledgerEvents, ledgerMeta } from '../ingest/log/fixtures/testEvents.js';

const { Kafka, logLevel } = kafkajs;

interface Measured {
  what: string;
  seconds: number;
  events: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '200000' },
      files: { type: 'string', default: '10' },
      partitions: { type: 'string', default: '3' },
      brokers: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const total = Number(values.events);
  const fileCount = Number(values.files);
  const partitions = Number(values.partitions);
  const brokers = values.brokers?.split(',') ?? (await testBroker());
  const prefix = `sendwh-bench-${randomUUID().slice(0, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'sendwh-kafka-bench-'));
  const admin = new Kafka({ clientId: 'sendwh-bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  log(`broker ${brokers.join(',')}, topics ${prefix}.*, ${fmt(total)} events in ${fileCount} files, ${partitions} partitions`);
  try {
    const files = Array.from({ length: fileCount }, (_, i) => {
      const meta = ledgerMeta(`bench-${String(i).padStart(3, '0')}.csv`);
      const per = Math.floor(total / fileCount) + (i < total % fileCount ? 1 : 0);
      return { meta, events: ledgerEvents(meta, per) };
    });
    // The exact messages sendwh sends (key = record identity, value = canonical event JSON), for kcat.
    const input = join(dir, 'messages.tsv');
    writeFileSync(input, files.flatMap((f) => f.events.map((e) => `${e.key}\t${encodeEvent(checkNewEvent(e, f.meta))}\n`)).join(''));
    const kcatTopic = `${prefix}.kcat`;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: kcatTopic, numPartitions: partitions, replicationFactor: 1, configEntries: Object.entries(KEEP_FOREVER).map(([name, value]) => ({ name, value })) }],
    });

    const results: Measured[] = [];
    // produce: kcat
    {
      const t0 = performance.now();
      await run('kcat', ['-P', '-b', brokers.join(','), '-t', kcatTopic, '-K', '\t', '-z', 'none', '-H', `sendwh-append=${randomUUID()}`,
        '-X', 'enable.idempotence=true', '-X', 'acks=all', '-X', 'linger.ms=5', '-l', input]);
      const seconds = (performance.now() - t0) / 1000;
      const landed = await messagesIn(admin, kcatTopic);
      if (landed !== total) throw new Error(`kcat produced ${landed} messages, not ${total}`);
      results.push({ what: 'produce: kcat -P (idempotent, acks=all)', seconds, events: total });
    }
    // produce: sendwh
    const log = await createKafkaEventLog({ brokers, topicPrefix: prefix, partitions, replicationFactor: 1 });
    try {
      const t0 = performance.now();
      for (const f of files) {
        const tx = await log.begin(f.meta);
        for (let at = 0; at < f.events.length; at += 2048) await tx.append(f.events.slice(at, at + 2048));
        await tx.commit();
      }
      const seconds = (performance.now() - t0) / 1000;
      const position = await log.position();
      if (position !== total) throw new Error(`sendwh committed ${position} events, not ${total}`);
      results.push({ what: `produce: sendwh append (checked, 1 transaction per file)`, seconds, events: total });

      // consume: kcat, the sendwh events topic itself, read_committed, to its end
      {
        const t0c = performance.now();
        const out = await run('kcat', ['-C', '-b', brokers.join(','), '-t', `${prefix}.events.finance`, '-o', 'beginning', '-e', '-q',
          '-X', 'isolation.level=read_committed', '-f', '%k\t%s\n'], true);
        const seconds = (performance.now() - t0c) / 1000;
        const lines = out.split('\n').filter((l) => l !== '').length;
        if (lines !== total) throw new Error(`kcat consumed ${lines} messages, not ${total}`);
        results.push({ what: 'consume: kcat -C (read_committed) the events topic', seconds, events: total });
      }
      // consume: sendwh read
      {
        const reader = await createKafkaEventLog({ brokers, topicPrefix: prefix });
        try {
          const t0r = performance.now();
          let n = 0;
          let last = 0;
          for await (const batch of reader.read()) {
            for (const e of batch) {
              if (e.seq !== last + 1) throw new Error(`read event ${e.seq} after ${last}`);
              last = e.seq;
            }
            n += batch.length;
          }
          const seconds = (performance.now() - t0r) / 1000;
          if (n !== total) throw new Error(`sendwh read ${n} events, not ${total}`);
          results.push({ what: 'consume: sendwh read (seq order, parsed, checked)', seconds, events: total });
        } finally {
          await reader.close();
        }
      }
    } finally {
      await log.close();
    }

    const [kcatP, sendwhP, kcatC, sendwhC] = results as [Measured, Measured, Measured, Measured];
    process.stdout.write('\n');
    for (const [r, base] of [[kcatP, kcatP], [sendwhP, kcatP], [kcatC, kcatC], [sendwhC, kcatC]] as const) {
      const rate = r.events / r.seconds;
      const ratio = rate / (base.events / base.seconds);
      process.stdout.write(`${r.what.padEnd(56)} ${r.seconds.toFixed(2).padStart(7)} s ${fmt(Math.round(rate)).padStart(9)} events/s  ${(ratio * 100).toFixed(0).padStart(4)}% of kcat\n`);
    }
    process.stdout.write(
      `\n${JSON.stringify({ events: total, files: fileCount, partitions, brokers, results: results.map((r) => ({ ...r, eventsPerSecond: Math.round(r.events / r.seconds) })) })}\n`,
    );
  } finally {
    if (!values.keep) {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
      if (topics.length > 0) await admin.deleteTopics({ topics });
      rmSync(dir, { recursive: true, force: true });
    } else log(`kept ${dir} and topics ${prefix}.*`);
    await admin.disconnect();
  }
}

/** SENDWH_KAFKA_BROKERS, else the test broker on 127.0.0.1:9092 (started by the repository's broker.sh if needed). */
async function testBroker(): Promise<string[]> {
  const configured = process.env['SENDWH_KAFKA_BROKERS']?.split(',').filter((b) => b.trim() !== '');
  if (configured !== undefined && configured.length > 0) return configured;
  // From dist/test/bench/ (compiled) the script sits at the repository's test/kafka/.
  await run('bash', [fileURLToPath(new URL('../../../test/kafka/broker.sh', import.meta.url)), 'start']);
  return ['127.0.0.1:9092'];
}

async function messagesIn(admin: kafkajs.Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((n, o) => n + Number(o.high), 0);
}

/** Runs a command; rejects on a non-zero exit; its stdout when asked. */
function run(command: string, args: string[], captureStdout = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => chunks.push(d));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => reject(new Error(`${command}: ${error.message} (is it installed? Debian: apt-get install -y kcat)`)));
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`${command} exited ${code}: ${stderr}`))));
  });
}

function log(message: string): void {
  process.stderr.write(`[kafka-bench] ${message}\n`);
}

function fmt(n: number): string {
  return n.toLocaleString('en-GB');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
