// sendwh on Kafka as a user runs it, against a real broker of its own (a
// dedicated port, so restarting it disturbs no other test file): a slice of the
// sample extracts ingested by two workers at once (each its own --home, one set of
// sources each), the warehouse built by the Kafka consumer, every figure equal
// to the embedded-log run of the same extracts; the builder killed (-9) mid-batch
// and at later points, and the broker restarted mid-build, with the same
// warehouse afterwards; an incremental build that starts from the offsets stored
// in the warehouse, not from the consumer group's.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileEventLog } from '../../../ingest/log/fileEventLog.js';
import { createKafkaEventLog } from '../../../ingest/log/kafka/kafkaEventLog.js';
import { generateSample } from '../../../ingest/sample/generateSample.js';
import type { EventLog, SourceName } from '../../../models/index.js';
import { UNVERIFIED_TABLES } from '../../../transforms/warehouse/systemTables.js';
import { brokerPid, ensureBroker, restartBroker, stopBroker } from '../../kafka/broker.js';
import { cliPath, ensureBuilt, sendwh, tempDir } from '../../support/cli.js';

// A dedicated broker (restarted by a test); SENDWH_TEST_KAFKA_PORT moves it when 19194 is taken.
const PORT = Number(process.env.SENDWH_TEST_KAFKA_PORT ?? 19_194);
const prefix = `sendwh-e2e-${randomUUID().slice(0, 8)}`;
const group = `${prefix}.warehouse.b`;

let brokers: string[];
let root: string;
let embedded: string;
let sample: string;
let baseline: FileReport[];
let admin: kafkajs.Admin;

interface FileReport {
  source: SourceName;
  file: string;
  accepted: number;
  duplicates: number;
  corrections: number;
  rejected: number;
  events: number;
}

interface IngestJson {
  ok: boolean;
  files: Array<FileReport & { firstSeq: number | null; lastSeq: number | null; alreadyIngested: boolean }>;
}

interface BuildJson {
  mode: string;
  upToDate: boolean;
  events: number;
  fromPosition: number;
  toPosition: number;
}

const kafkaArgs = (topicPrefix = prefix) => ['--log', 'kafka', '--brokers', brokers.join(','), '--kafka-topic-prefix', topicPrefix, '--kafka-replication-factor', '1'];

/** The two workers' shares of the sources; each source's files stay in the generator's order. */
const WORKERS: SourceName[][] = [
  ['schools', 'census', 'finance'],
  ['areas', 'cost-centres', 'cases', 'placements', 'safety-valve-plan'],
];

/**
 * The slice of the sample extracts these tests run on (a third of the whole, for time): every
 * reference file and the first snapshots of each extract, in the generator's order. The second
 * snapshots bring duplicates, corrections and quarantined rows. A build logs 'loading events'
 * every 100,000 events, and the kill and restart tests act on those lines, so the slice must
 * hold over 200,000 events (checked below).
 */
const SLICE: Partial<Record<SourceName, number>> = { census: 2, cases: 2, placements: 2, finance: 3 };
const LOADING_EVENTS_EVERY = 100_000;

beforeAll(async () => {
  ensureBuilt();
  ({ brokers } = await ensureBroker({ port: PORT }));
  admin = new kafkajs.Kafka({ clientId: 'sendwh-e2e', brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  root = tempDir('sendwh-kafka-e2e-');
  sample = join(root, 'sample');
  const taken = new Map<SourceName, number>();
  const files = (await generateSample(sample)).files.filter((f) => {
    taken.set(f.source, (taken.get(f.source) ?? 0) + 1);
    return (taken.get(f.source) as number) <= (SLICE[f.source] ?? Infinity);
  });
  // The embedded-log run everything is compared with: the slice ingested by one worker, a
  // source at a time in the generator's order (as `sendwh demo` does), then built.
  embedded = join(root, 'embedded');
  baseline = [];
  for (const source of [...new Set(files.map((f) => f.source))]) {
    const run = await sendwh(['ingest', source, ...files.filter((f) => f.source === source).map((f) => f.path), '--home', embedded, '--json']);
    expect(run.code, run.stderr).toBe(0);
    baseline.push(...(JSON.parse(run.stdout) as IngestJson).files.map(({ source, file, accepted, duplicates, corrections, rejected, events }) => ({ source, file, accepted, duplicates, corrections, rejected, events })));
  }
  expect(baseline.map((f) => f.file)).toEqual(files.map((f) => f.file));
  expect(total(), 'events in the slice: enough for two progress lines of a build').toBeGreaterThan(2 * LOADING_EVENTS_EVERY);
  const build = await sendwh(['build', '--home', embedded, '--json']);
  expect(build.code, build.stderr).toBe(0);
  expect(JSON.parse(build.stdout)).toMatchObject({ mode: 'full', events: total(), toPosition: total() });
}, 900_000);

afterAll(async () => {
  await admin?.disconnect();
  await stopBroker({ port: PORT });
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

/** A home for a worker or a builder; workers share the embedded run's secret, so pseudonyms (and event ids) match. */
function home(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(embedded, 'secret.key'), join(dir, 'secret.key'));
  return dir;
}

/** Runs the CLI, calling onLine for each stderr line (JSON logs); resolves with the exit code or signal. */
function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; onLine?: (line: string, child: ReturnType<typeof spawn>) => void } = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, SENDWH_LOG_FORMAT: 'json', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const message = (line: string): string => {
  try {
    return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
  } catch {
    return '';
  }
};

/**
 * Row-for-row comparison of two warehouse files, table by table (as multisets), leaving out
 * build_runs (when each build ran), runs (the run records of each home) and the columns named in
 * `ignore` ('table.column').
 */
async function differences(a: string, b: string, ignore: readonly string[] = []): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run(`attach '${a}' as a (read_only); attach '${b}' as b (read_only)`);
    const tables = async (db: string) =>
      (await c.runAndReadAll(`select table_name from information_schema.tables where table_catalog = '${db}' and table_schema = 'main' order by 1`)).getRowsJS().map((r) => String(r[0]));
    const left = await tables('a');
    const right = await tables('b');
    const out: string[] = [];
    if (left.join() !== right.join()) out.push(`tables differ: ${left.join()} vs ${right.join()}`);
    for (const t of left.filter((x) => right.includes(x) && x !== 'build_runs' && x !== 'runs')) {
      const columns = (await c.runAndReadAll(`select column_name from information_schema.columns where table_catalog = 'a' and table_name = '${t}' order by ordinal_position`))
        .getRowsJS()
        .map((r) => String(r[0]))
        .filter((col) => !ignore.includes(`${t}.${col}`) && !ignore.includes(`*.${col}`));
      const select = (db: string) => `select ${columns.map((col) => `"${col}"`).join(', ')} from ${db}.main."${t}"`;
      const [[onlyA, onlyB, rows]] = (await c.runAndReadAll(
        `select (select count(*) from (${select('a')} except all ${select('b')})), (select count(*) from (${select('b')} except all ${select('a')})), (select count(*) from a.main."${t}")`,
      )).getRowsJS() as [[bigint, bigint, bigint]];
      if (onlyA !== 0n || onlyB !== 0n) out.push(`${t}: ${onlyA} row(s) only in the first, ${onlyB} only in the second (of ${rows})`);
    }
    return out;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** Event ids of a log, by source and file, in log order. */
async function idsByFile(log: EventLog): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for await (const batch of log.read()) {
    for (const e of batch) {
      const key = `${e.source}/${e.file}`;
      const list = out.get(key) ?? [];
      list.push(e.id);
      out.set(key, list);
    }
  }
  return out;
}

function filesOf(source: SourceName): string[] {
  return baseline.filter((f) => f.source === source).map((f) => join(sample, f.file));
}

/**
 * Rewinds consumer group `groupId` to the start of every partition of `topics`, as
 * admin.resetOffsets({ earliest: true }) does one topic at a time (a member of the group seeks
 * each partition to the earliest offset, -2, and commits it), here for all topics in one
 * session: resetOffsets waits out kafkajs's default 5 s fetch wait once per topic.
 */
async function rewindGroup(groupId: string, topics: string[]): Promise<void> {
  const EARLIEST = '-2';
  const [description] = (await admin.describeGroups([groupId])).groups;
  expect(description?.state, `${groupId} has no running member`).toBe('Empty');
  const partitions = await Promise.all(topics.map(async (topic) => ({ topic, partitions: (await admin.fetchTopicOffsets(topic)).map((p) => p.partition) })));
  const consumer = new kafkajs.Kafka({ clientId: 'sendwh-e2e', brokers, logLevel: kafkajs.logLevel.NOTHING }).consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => void consumer.stop().then(resolve, reject));
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => {} }).catch(reject);
      consumer.pause(topics.map((topic) => ({ topic })));
      for (const p of partitions) for (const partition of p.partitions) consumer.seek({ topic: p.topic, partition, offset: EARLIEST });
    });
  } finally {
    await consumer.disconnect();
  }
  const committed = (await admin.fetchOffsets({ groupId, topics })).flatMap((t) => t.partitions.map((p) => `${t.topic}/${p.partition}@${p.offset}`));
  expect(committed.sort()).toEqual(partitions.flatMap((t) => t.partitions.map((p) => `${t.topic}/${p}@${EARLIEST}`)).sort());
}

/** Resolves once process `pid` has exited. */
async function gone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const total = () => baseline.reduce((n, f) => n + f.events, 0);
const warehouse = (h: string) => join(h, 'warehouse.duckdb');
/** Parallel workers interleave sources in the log, so a record's last seq differs; every figure must not. */
const ACROSS_LOGS = ['*.last_seq', 'build_checkpoint.log_offsets'];

describe('sendwh on Kafka', () => {
  let built: string;

  it('two ingest workers at once give the same events as one worker, file by file', async () => {
    const workers = WORKERS.map((sources, i) => ({ sources, home: home(`worker-${i + 1}`) }));
    const reports = await Promise.all(
      workers.map(async (w, i) => {
        const out: Array<IngestJson['files'][number] & { worker: number }> = [];
        for (const source of w.sources) {
          const run = await sendwh(['ingest', source, ...filesOf(source), '--home', w.home, '--json', ...kafkaArgs()]);
          expect(run.code, run.stderr).toBe(0);
          out.push(...(JSON.parse(run.stdout) as IngestJson).files.map((f) => ({ ...f, worker: i + 1 })));
        }
        return out;
      }),
    );
    const all = reports.flat();
    // Per file, what the two workers report is what one worker on the embedded log reported.
    const strip = ({ source, file, accepted, duplicates, corrections, rejected, events }: FileReport) => ({ source, file, accepted, duplicates, corrections, rejected, events });
    expect(all.map(strip).sort((x, y) => x.file.localeCompare(y.file))).toEqual(baseline.map(strip).sort((x, y) => x.file.localeCompare(y.file)));
    // They really ran at once: in the log's order, their files interleave.
    const order = all.filter((f) => f.firstSeq !== null).sort((x, y) => (x.firstSeq as number) - (y.firstSeq as number)).map((f) => f.worker);
    const switches = order.filter((w, i) => i > 0 && w !== order[i - 1]).length;
    expect(switches).toBeGreaterThanOrEqual(2);

    const verify = await sendwh(['verify', '--home', workers[0]!.home, '--json', ...kafkaArgs()]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, events: total(), files: baseline.length });

    // The same events, id for id and in the same order within each file.
    const fileLog = await createFileEventLog(join(embedded, 'log'));
    const kafkaLog = await createKafkaEventLog({ brokers, topicPrefix: prefix });
    try {
      const [one, two] = [await idsByFile(fileLog), await idsByFile(kafkaLog)];
      expect(two.size).toBe(one.size);
      for (const [file, ids] of one) expect(two.get(file), file).toEqual(ids);
    } finally {
      await fileLog.close();
      await kafkaLog.close();
    }
  }, 1_200_000);

  it('the consumer builds a warehouse with every figure of the embedded run, and stores its offsets with the checkpoint', async () => {
    built = home('builder');
    const run = await sendwh(['build', '--home', built, '--json', '--kafka-group', group, ...kafkaArgs()]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'full', upToDate: false, events: total(), fromPosition: 0, toPosition: total() } satisfies Partial<BuildJson>);
    expect(await differences(warehouse(embedded), warehouse(built), ACROSS_LOGS)).toEqual([]);

    // The checkpoint holds where the consumer stands: after each partition's last event,
    // which is the offset of that transaction's commit marker, one below the end.
    const db = await DuckDBInstance.create(warehouse(built), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const [[position, text]] = (await c.runAndReadAll('select log_position, log_offsets from build_checkpoint')).getRowsJS() as [[bigint, string]];
    c.closeSync();
    db.closeSync();
    expect(Number(position)).toBe(total());
    const offsets = JSON.parse(text) as Array<{ topic: string; partition: number; offset: string }>;
    const topics = [...new Set(offsets.map((o) => o.topic))].sort();
    expect(topics).toEqual([`${prefix}.commits`, ...[...new Set(baseline.map((f) => f.source))].sort().map((s) => `${prefix}.events.${s}`)].sort());
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const o of offsets.filter((x) => x.topic === topic)) {
        expect(Number(o.offset), `${topic}/${o.partition}`).toBe(Number(ends.find((e) => e.partition === o.partition)?.offset) - 1);
      }
    }

    const again = await sendwh(['build', '--home', built, '--json', '--kafka-group', group, ...kafkaArgs()]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ upToDate: true, events: 0 });
  }, 600_000);

  it('kill -9 of the builder mid-batch, mid-models and before publishing, then a restart: the same warehouse as the clean run', async () => {
    const killed = home('killed');
    const killAt: Array<[string, (line: string, seen: string[]) => boolean]> = [
      // while the consumer is feeding events into DuckDB, 100,000 events in
      ['mid-batch', (line) => message(line) === 'loading events'],
      // the events are loaded, the models are being built
      ['mid-models', (line, seen) => message(line) === 'model built' && seen.includes('events loaded')],
      // the building file is committed and checked, not yet renamed over the live one
      ['before publishing', (line) => message(line) === 'quality checks recorded'],
    ];
    for (const [point, when] of killAt) {
      const seen: string[] = [];
      const run = await runCli(['build', '--home', killed, ...kafkaArgs()], {
        env: { SENDWH_LOG_LEVEL: 'debug' },
        onLine: (line, child) => {
          seen.push(message(line));
          if (when(line, seen)) child.kill('SIGKILL');
        },
      });
      expect(run.signal, `${point}: ${run.stderr.slice(-2000)}`).toBe('SIGKILL');
      expect(existsSync(warehouse(killed)), point).toBe(false);
    }
    const run = await sendwh(['build', '--home', killed, '--json', ...kafkaArgs()]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'full', events: total(), toPosition: total() });
    // Same log, same consumer offsets: identical to the clean build, table by table, row by row.
    expect(await differences(warehouse(built), warehouse(killed))).toEqual([]);
    expect(await differences(warehouse(embedded), warehouse(killed), ACROSS_LOGS)).toEqual([]);
  }, 900_000);

  it('a broker restart during a build: the consumer rides it out and the warehouse is the same', async () => {
    const restarted = home('restarted');
    let restart: Promise<void> | undefined;
    let resumed = false;
    let loadingAfterRestart = 0;
    // The builder is held (SIGSTOP) at its first progress line until the broker process is
    // gone, so it meets the restart mid-load, with events still to fetch, however fast it reads.
    const restartWhileHeld = async (builder: ReturnType<typeof spawn>): Promise<void> => {
      let restarting: Promise<void> | undefined;
      try {
        const pid = brokerPid({ port: PORT });
        expect(pid, 'the pid of the dedicated broker').toBeDefined();
        restarting = restartBroker({ port: PORT });
        await Promise.race([gone(pid as number), restarting]);
      } finally {
        resumed = true;
        builder.kill('SIGCONT');
      }
      await restarting;
    };
    const run = await runCli(['build', '--home', restarted, '--json', ...kafkaArgs()], {
      env: { SENDWH_LOG_LEVEL: 'info' },
      onLine: (line, child) => {
        if (message(line) !== 'loading events') return;
        if (restart === undefined) {
          child.kill('SIGSTOP');
          restart = restartWhileHeld(child);
        } else if (resumed) loadingAfterRestart++;
      },
    });
    expect(restart, 'the broker was restarted while events were loading').toBeDefined();
    await restart;
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(loadingAfterRestart).toBeGreaterThan(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'full', events: total(), toPosition: total() });
    expect(await differences(warehouse(built), warehouse(restarted))).toEqual([]);
  }, 900_000);

  it('an incremental build starts from the offsets in the warehouse, not the consumer group’s, and matches the embedded run', async () => {
    // A new cost-centre map that maps the cost centre the sample leaves unmapped.
    const file = join(root, 'cost_centres_2025-04.csv');
    writeFileSync(file, `${readFileSync(join(sample, 'cost_centres.csv'), 'utf8').trimEnd()}\nC14599,Other SEN Support & Alternative Provision Services,spend,Late-mapped cost centre\n`);
    const onEmbedded = await sendwh(['ingest', 'cost-centres', file, '--home', embedded, '--json']);
    expect(onEmbedded.code, onEmbedded.stderr).toBe(0);
    const onKafka = await sendwh(['ingest', 'cost-centres', file, '--home', join(root, 'worker-2'), '--json', ...kafkaArgs()]);
    expect(onKafka.code, onKafka.stderr).toBe(0);
    const added = (JSON.parse(onKafka.stdout) as IngestJson).files[0]!.events;
    expect(added).toBe((JSON.parse(onEmbedded.stdout) as IngestJson).files[0]!.events);
    expect(added).toBeGreaterThan(0);

    // Rewind the group to the start of every topic: a build that trusted it would read everything again.
    await rewindGroup(group, (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`)));
    expect((await sendwh(['build', '--home', embedded])).code).toBe(0);
    const run = await sendwh(['build', '--home', built, '--json', '--kafka-group', group, ...kafkaArgs()]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ mode: 'incremental', events: added, fromPosition: total(), toPosition: total() + added });
    expect(await differences(warehouse(embedded), warehouse(built), ACROSS_LOGS)).toEqual([]);
    // ... and the group's own offsets follow the build again (for lag monitoring).
    const [costCentres] = await admin.fetchOffsets({ groupId: group, topics: [`${prefix}.events.cost-centres`] });
    expect(costCentres?.partitions.every((p) => Number(p.offset) > 0)).toBe(true);
    // A rebuild from the whole of the topics matches the incrementally built warehouse, checkpoint offsets included.
    const verify = await sendwh(['rebuild', '--verify', '--home', built, '--kafka-group', group, ...kafkaArgs()]);
    expect(verify.code, verify.stderr).toBe(0);
  }, 600_000);

  it('two workers given the same files of one source at once take turns: each file goes in once, with the events of one worker', async () => {
    const topicPrefix = `${prefix}-same`;
    const files = baseline.filter((f) => f.source === 'finance').slice(0, 3);
    const runs = await Promise.all(
      ['same-1', 'same-2'].map((name) => sendwh(['ingest', 'finance', ...files.map((f) => join(sample, f.file)), '--home', home(name), '--json', ...kafkaArgs(topicPrefix)])),
    );
    const reports = runs.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as IngestJson).files;
    });
    for (const f of files) {
      const mine = reports.map((list) => list.find((r) => r.file === f.file)!);
      // One worker appended it, with one worker's events; the other found it in the log (its sha256).
      expect(mine.filter((r) => !r.alreadyIngested).map((r) => r.events), f.file).toEqual([f.events]);
      expect(mine.filter((r) => r.alreadyIngested).map((r) => r.events), f.file).toEqual([0]);
    }
    const verify = await sendwh(['verify', '--home', join(root, 'same-1'), '--json', ...kafkaArgs(topicPrefix)]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, files: 3, events: files.reduce((n, f) => n + f.events, 0) });
  }, 300_000);
});
