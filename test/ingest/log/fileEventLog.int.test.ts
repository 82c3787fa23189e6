// The embedded file event log: the event-log contract on a real directory, then
// what only a file log has: verify naming tampered events, all-or-nothing
// appends when a writer is killed with SIGKILL at any point, and the writer lock.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog, Logger, VerifyProblem } from '../../../models/index.js';
import { createFileEventLog, segmentName } from '../../../ingest/log/fileEventLog.js';
import { childAppend } from './fixtures/appendChild.js';
import { batchSizes, describeEventLogContract, readAll, stored } from './eventLogContract.js';
import { commitFile, commitThreeFiles, ledgerEvents, ledgerMeta, schoolEvents, schoolsMeta } from './fixtures/testEvents.js';

const repo = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sendwh-log-'));
  temps.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describeEventLogContract('file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sendwh-log-'));
  const logDir = join(dir, 'log');
  return {
    log: await createFileEventLog(logDir),
    reopen: () => createFileEventLog(logDir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

/** A logger that keeps warn messages, to check what the log reported. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger & { warnings: string[] } = {
    warnings,
    debug() {},
    info() {},
    warn(_fields, message) {
      warnings.push(message);
    },
    error() {},
    child() {
      return logger;
    },
  };
  return logger;
}

describe('file event log: layout', () => {
  it('writes one canonical NDJSON segment per append and a manifest naming it', async () => {
    const dir = join(await tempDir(), 'log');
    const log = await createFileEventLog(dir);
    const a = ledgerMeta('ledger-a.csv');
    await commitFile(log, a, ledgerEvents(a, 3));
    await commitFile(log, ledgerMeta('empty.csv'), []);
    const b = schoolsMeta('schools-b.csv');
    await commitFile(log, b, schoolEvents(b, 2));
    await log.close();

    expect((await readdir(join(dir, 'segments'))).sort()).toEqual(['000000000001.ndjson', '000000000004.ndjson']);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: Record<string, unknown>) => [f.segment, f.file, f.firstSeq, f.lastSeq, f.count])).toEqual([
      ['000000000001.ndjson', 'ledger-a.csv', 1, 3, 3],
      [null, 'empty.csv', 4, 3, 0],
      ['000000000004.ndjson', 'schools-b.csv', 4, 5, 2],
    ]);
    const lines = (await readFile(join(dir, 'segments', '000000000001.ndjson'), 'utf8')).split('\n');
    expect(lines.length).toBe(4);
    expect(lines[3]).toBe('');
    expect(Object.keys(JSON.parse(lines[0] as string))).toEqual([
      'seq', 'id', 'type', 'v', 'source', 'key', 'asAt', 'file', 'sha256', 'line', 'data',
    ]);
    expect(Object.keys(JSON.parse(lines[0] as string).data)).toEqual([...Object.keys(JSON.parse(lines[0] as string).data)].sort());
    expect(existsSync(join(dir, 'writer.lock'))).toBe(false);
  });

  it('streams an append to its temp segment instead of holding it in memory', async () => {
    const dir = join(await tempDir(), 'log');
    const log = await createFileEventLog(dir);
    const a = ledgerMeta('ledger-big.csv');
    const events = ledgerEvents(a, 6000);
    const tx = await log.begin(a);
    for (let at = 0; at < events.length; at += 500) await tx.append(events.slice(at, at + 500));
    const tmp = join(dir, 'segments', `${segmentName(1)}.tmp`);
    // ~450 bytes a line: at least two 1 MiB flushes have reached the file before commit.
    expect((await stat(tmp)).size).toBeGreaterThanOrEqual(2 * (1 << 20));
    expect(await log.position()).toBe(0);
    expect(await tx.commit()).toEqual({ firstSeq: 1, lastSeq: 6000, count: 6000 });
    expect(existsSync(tmp)).toBe(false);
    expect(await batchSizes(log, { batchSize: 2500 })).toEqual([2500, 2500, 1000]);
    expect(await log.verify()).toEqual({ ok: true, events: 6000, files: 1, problems: [] });
    await log.close();
  });

  it('sends an append to disk in the background as it grows; commit and abort wait for it', async () => {
    const dir = join(await tempDir(), 'log');
    // Every 64 KiB written starts a background flush: about 40 of them over this append.
    const log = await createFileEventLog(dir, { syncAheadBytes: 64 * 1024 });
    const a = ledgerMeta('ledger-synced.csv');
    const events = ledgerEvents(a, 6000);
    const tx = await log.begin(a);
    for (let at = 0; at < events.length; at += 100) await tx.append(events.slice(at, at + 100));
    expect(await tx.commit()).toEqual({ firstSeq: 1, lastSeq: 6000, count: 6000 });
    const b = ledgerMeta('ledger-dropped.csv');
    const dropped = await log.begin(b);
    const more = ledgerEvents(b, 3000);
    for (let at = 0; at < more.length; at += 100) await dropped.append(more.slice(at, at + 100));
    await dropped.abort();
    expect(await readdir(join(dir, 'segments'))).toEqual([segmentName(1)]);
    expect(await log.verify()).toEqual({ ok: true, events: 6000, files: 1, problems: [] });
    expect((await readAll(log)).map((e) => e.seq)).toEqual(Array.from({ length: 6000 }, (_, i) => i + 1));
    await log.close();
  });

  it('refuses to open a damaged manifest, and verify says so', async () => {
    const dir = join(await tempDir(), 'log');
    const log = await createFileEventLog(dir);
    const a = ledgerMeta('ledger-a.csv');
    await commitFile(log, a, ledgerEvents(a, 2));
    await writeFile(join(dir, 'manifest.json'), '{"format":"sendwh-event-log","version":1,"files":[');
    await expect(createFileEventLog(dir)).rejects.toMatchObject({ code: 'log-corrupt' });
    const report = await log.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ where: 'manifest.json', problem: `${join(dir, 'manifest.json')} is not valid JSON` }]);
    await log.close();
  });
});

describe('file event log: verify', () => {
  // Three files: ledger a (events 1..10), schools b (11..15), ledger c (16..25).
  let dir: string;
  let log: EventLog;
  const seg = (n: number) => join(dir, 'segments', segmentName(n));
  const segLines = async (n: number) => (await readFile(seg(n), 'utf8')).split('\n').slice(0, -1);
  const writeLines = (n: number, lines: string[]) => writeFile(seg(n), `${lines.join('\n')}\n`);
  const checksum = (n: number): VerifyProblem => ({
    where: segmentName(n),
    problem: `segment ${segmentName(n)}: bytes do not match the checksum in the manifest (changed after commit)`,
  });

  beforeEach(async () => {
    dir = join(await tempDir(), 'log');
    log = await createFileEventLog(dir);
    await commitThreeFiles(log, [10, 5, 10]);
  });

  afterEach(async () => {
    await log.close();
  });

  it('passes a clean log', async () => {
    expect(await log.verify()).toEqual({ ok: true, events: 25, files: 3, problems: [] });
  });

  it('names an edited event (one digit of a data field changed)', async () => {
    const lines = await segLines(16);
    const line = lines[2] as string; // event 18
    const edited = line.replace(/"amount":"(\d)/, (_m, d: string) => `"amount":"${(Number(d) + 1) % 10}`);
    expect(edited).not.toBe(line);
    lines[2] = edited;
    await writeLines(16, lines);
    const report = await log.verify();
    expect(report.ok).toBe(false);
    expect(report.events).toBe(24);
    expect(report.problems).toEqual([
      {
        seq: 18,
        where: '000000000016.ndjson',
        problem: 'event 18 in segment 000000000016.ndjson: content does not match its id (edited?)',
      },
      checksum(16),
    ]);
  });

  it('names a removed line', async () => {
    const lines = await segLines(11);
    lines.splice(2, 1); // event 13
    await writeLines(11, lines);
    const report = await log.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      checksum(11),
      { seq: 13, where: '000000000011.ndjson', problem: 'event 13 missing from segment 000000000011.ndjson (removed?)' },
    ]);
  });

  it('names two swapped lines', async () => {
    const lines = await segLines(1);
    [lines[3], lines[4]] = [lines[4] as string, lines[3] as string]; // events 4 and 5
    await writeLines(1, lines);
    const report = await log.verify();
    expect(report.ok).toBe(false);
    expect(report.events).toBe(25);
    expect(report.problems).toEqual([
      { seq: 4, where: '000000000001.ndjson', problem: 'event 4 in segment 000000000001.ndjson: out of order (after event 5)' },
      checksum(1),
    ]);
    await expect(readAll(log)).rejects.toMatchObject({ code: 'log-corrupt' });
  });

  it('names a deleted segment, and read refuses it', async () => {
    await unlink(seg(11));
    const report = await log.verify();
    expect(report).toEqual({
      ok: false,
      events: 20,
      files: 3,
      problems: [{ seq: 11, where: '000000000011.ndjson', problem: 'segment 000000000011.ndjson missing (deleted?): events 11..15 lost' }],
    });
    await expect(readAll(log)).rejects.toMatchObject({ code: 'log-corrupt' });
    // Reads that skip the damaged segment still work.
    expect((await readAll(log, { source: 'finance' })).length).toBe(20);
  });

  it('names a truncated segment', async () => {
    const lines = await segLines(16);
    const keep = lines.slice(0, 6).join('\n').length + 1 + 40; // six whole lines and 40 bytes of event 22
    await truncate(seg(16), Buffer.byteLength((await readFile(seg(16), 'utf8')).slice(0, keep)));
    const report = await log.verify();
    expect(report.ok).toBe(false);
    expect(report.events).toBe(21);
    expect(report.problems).toEqual([
      { where: '000000000016.ndjson', problem: 'segment 000000000016.ndjson line 7 is incomplete (truncated?)' },
      checksum(16),
      { seq: 22, where: '000000000016.ndjson', problem: 'events 22..25 missing from segment 000000000016.ndjson (removed?)' },
    ]);
    await expect(readAll(log)).rejects.toMatchObject({ code: 'log-corrupt' });
  });

  it('names events dropped from the manifest', async () => {
    const manifestPath = join(dir, 'manifest.json');
    const text = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, text.replace(/\n\{"segment":"000000000011\.ndjson"[^\n]*,/, ''));
    const report = await log.verify();
    expect(report.problems).toEqual([
      { seq: 11, where: 'manifest.json', problem: 'events 11..15 missing from the manifest (removed?)' },
    ]);
    expect(report.files).toBe(2);
  });
});

// ---- kill -9 durability ----

const CHILD_APPENDS = 4;
const CHILD_PER_APPEND = 300;
const CHILD_CHUNK = 50;
let childScript: string;

/** Compiles the child fixture and what it imports (only those: other work in progress cannot break it). */
async function buildChild(): Promise<string> {
  const cache = join(repo, 'node_modules', '.cache', 'sendwh-log-child');
  await mkdir(cache, { recursive: true });
  const config = join(cache, 'tsconfig.json');
  await writeFile(
    config,
    JSON.stringify({
      extends: join(repo, 'tsconfig.json'),
      compilerOptions: { outDir: join(cache, 'out'), rootDir: repo, sourceMap: false, noEmitOnError: true },
      include: [],
      files: [join(repo, 'test/ingest/log/fixtures/appendChild.ts')],
    }),
  );
  await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: repo });
  return join(cache, 'out/test/ingest/log/fixtures/appendChild.js');
}

interface Child {
  proc: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(dir: string, pause?: string): Child {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (pause === undefined) delete env.SENDWH_TEST_PAUSE;
  else env.SENDWH_TEST_PAUSE = pause;
  const proc = spawn(
    process.execPath,
    [childScript, dir, String(CHILD_APPENDS), String(CHILD_PER_APPEND), String(CHILD_CHUNK)],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const seen: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    seen.push(line);
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(line)) w.resolve(line);
      else waiters.push(w);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    proc.on('exit', (code, signal) => done({ code, signal })),
  );
  return {
    proc,
    exited,
    waitFor(pattern) {
      const already = seen.find((l) => pattern.test(l));
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolveLine, reject) => {
        waiters.push({ pattern, resolve: resolveLine });
        void exited.then(({ code, signal }) =>
          reject(new Error(`child exited (${code ?? signal}) before ${pattern}; stdout: ${seen.join(' | ')}; stderr: ${stderr}`)),
        );
      });
    },
  };
}

/** Runs the child until it pauses at `pause`, then kills it with SIGKILL. */
async function killChildAt(dir: string, pause: string): Promise<number> {
  const child = startChild(dir, pause);
  await child.waitFor(new RegExp(`^paused ${pause}$`));
  const pid = child.proc.pid as number;
  child.proc.kill('SIGKILL');
  expect((await child.exited).signal).toBe('SIGKILL');
  return pid;
}

/** What a log holds, minus commit times: for comparing with a clean run. */
async function snapshot(log: EventLog, dir: string) {
  const path = join(dir, 'manifest.json');
  const manifest = existsSync(path) ? JSON.parse(await readFile(path, 'utf8')) : { files: [] };
  return {
    position: await log.position(),
    files: (await log.files()).map(({ committedAt, ...rest }) => rest),
    events: await readAll(log),
    segments: manifest.files.map((f: Record<string, unknown>) => [f.segment, f.segmentSha256]),
    onDisk: (await readdir(join(dir, 'segments'))).sort(),
  };
}

/** Appends the child's appends `from`.. in this process, as a re-run of the ingest would. */
async function appendRest(log: EventLog, from: number): Promise<void> {
  for (let i = from; i < CHILD_APPENDS; i++) {
    const { meta, events } = childAppend(i, CHILD_PER_APPEND);
    await commitFile(log, meta, events);
  }
}

describe('file event log: a writer killed with SIGKILL', () => {
  let clean: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    childScript = await buildChild();
    // The reference: the child's appends run to the end without a kill.
    const dir = join(await tempDir(), 'log');
    const child = startChild(dir);
    await child.waitFor(/^done$/);
    const log = await createFileEventLog(dir);
    clean = await snapshot(log, dir);
    await log.close();
    expect(clean.position).toBe(CHILD_APPENDS * CHILD_PER_APPEND);
    expect(clean.onDisk.length).toBe(CHILD_APPENDS);
  });

  /** Kills the child at `pause`, reopens, checks `committed` appends survived whole, then finishes the run. */
  async function killReopenFinish(pause: string, committed: number, leftovers: string[]) {
    const dir = join(await tempDir(), 'log');
    const pid = await killChildAt(dir, pause);
    const lock = JSON.parse(await readFile(join(dir, 'writer.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid, hostname: hostname(), purpose: 'append' });
    const onDisk = [...(await readdir(join(dir, 'segments'))), ...(await readdir(dir))].sort();
    for (const name of leftovers) expect(onDisk).toContain(name);

    const logger = recordingLogger();
    const log = await createFileEventLog(dir, { logger });
    expect(logger.warnings).toContain('took over a stale event-log lock left by a process that is no longer running');
    expect(logger.warnings.filter((w) => w.startsWith('removed a'))).toHaveLength(leftovers.length);
    expect(existsSync(join(dir, 'writer.lock'))).toBe(false);
    expect(existsSync(join(dir, 'manifest.json.tmp'))).toBe(false);

    const after = await snapshot(log, dir);
    const n = committed * CHILD_PER_APPEND;
    expect(after.position).toBe(n);
    expect(after.files).toEqual(clean.files.slice(0, committed));
    expect(after.events).toEqual(clean.events.slice(0, n));
    expect(after.segments).toEqual(clean.segments.slice(0, committed));
    expect(after.onDisk).toEqual(clean.onDisk.slice(0, committed));
    expect(await log.verify()).toEqual({ ok: true, events: n, files: committed, problems: [] });

    await appendRest(log, committed);
    expect(await snapshot(log, dir)).toEqual(clean);
    expect(await log.verify()).toEqual({ ok: true, events: clean.position, files: CHILD_APPENDS, problems: [] });
    await log.close();
  }

  it('before any commit: the log is empty, the temp segment is removed', async () => {
    await killReopenFinish('0:chunk-3', 0, [`${segmentName(1)}.tmp`]);
  });

  it('mid-stream after two commits: exactly the two committed appends remain', async () => {
    await killReopenFinish('2:chunk-4', 2, [`${segmentName(601)}.tmp`]);
  });

  it('after the segment is renamed into place, before the manifest: the unlisted segment is removed', async () => {
    await killReopenFinish('1:segment-renamed', 1, [segmentName(301)]);
  });

  it('right before the manifest rename: the append is not committed', async () => {
    await killReopenFinish('1:manifest-written', 1, [segmentName(301), 'manifest.json.tmp']);
  });

  it('right after the manifest rename: the append is committed, the stale lock taken over', async () => {
    await killReopenFinish('1:manifest-renamed', 2, []);
  });

  it('while the writer is alive: readers see committed events only, a second writer is refused', async () => {
    const dir = join(await tempDir(), 'log');
    const child = startChild(dir, '1:manifest-written');
    await child.waitFor(/^paused 1:manifest-written$/);
    try {
      const log = await createFileEventLog(dir);
      // Its files are not leftovers while it lives.
      expect(existsSync(join(dir, 'segments', segmentName(301)))).toBe(true);
      expect(existsSync(join(dir, 'manifest.json.tmp'))).toBe(true);
      expect(await log.position()).toBe(300);
      expect(await readAll(log)).toEqual(clean.events.slice(0, 300));
      expect(await log.verify()).toEqual({ ok: true, events: 300, files: 1, problems: [] });
      const refused = log.begin(ledgerMeta('ledger-x.csv'));
      await expect(refused).rejects.toMatchObject({ code: 'log-locked' });
      await expect(refused).rejects.toThrow(`process ${child.proc.pid} on ${hostname()}`);
      await refused.catch((error: { hint?: string }) => expect(error.hint).toContain('writer.lock'));
      await log.close();
    } finally {
      child.proc.kill('SIGKILL');
      await child.exited;
    }
    const log = await createFileEventLog(dir);
    expect(existsSync(join(dir, 'segments', segmentName(301)))).toBe(false);
    await appendRest(log, 1);
    expect(await snapshot(log, dir)).toEqual(clean);
    await log.close();
  });
});

describe('file event log: writer lock', () => {
  it('takes over a lock whose process is dead', async () => {
    const dir = join(await tempDir(), 'log');
    await createFileEventLog(dir).then((l) => l.close());
    const gone = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((done) => gone.on('exit', () => done(gone.pid as number)));
    await writeFile(
      join(dir, 'writer.lock'),
      JSON.stringify({ pid: deadPid, hostname: hostname(), purpose: 'append', since: '2024-01-01T00:00:00.000Z', nonce: 'dead' }),
    );
    const logger = recordingLogger();
    const log = await createFileEventLog(dir, { logger });
    const a = ledgerMeta('ledger-a.csv');
    expect(await commitFile(log, a, ledgerEvents(a, 2))).toEqual({ firstSeq: 1, lastSeq: 2, count: 2 });
    expect(logger.warnings).toEqual(['took over a stale event-log lock left by a process that is no longer running']);
    expect(existsSync(join(dir, 'writer.lock'))).toBe(false);
    await log.close();
  });

  it('refuses a second writer while a live process holds the lock', async () => {
    const dir = join(await tempDir(), 'log');
    const one = await createFileEventLog(dir);
    const two = await createFileEventLog(dir);
    const a = ledgerMeta('ledger-a.csv');
    const tx = await one.begin(a);
    const lock = JSON.parse(await readFile(join(dir, 'writer.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname(), purpose: 'append' });
    await expect(two.begin(ledgerMeta('ledger-b.csv'))).rejects.toMatchObject({ code: 'log-locked' });
    await tx.append(ledgerEvents(a, 3));
    await tx.commit();
    const b = ledgerMeta('ledger-b.csv');
    expect(await commitFile(two, b, ledgerEvents(b, 1))).toEqual({ firstSeq: 4, lastSeq: 4, count: 1 });
    await one.close();
    await two.close();
  });

  it('refuses a lock held on another machine (its process cannot be checked)', async () => {
    const dir = join(await tempDir(), 'log');
    const log = await createFileEventLog(dir);
    await writeFile(
      join(dir, 'writer.lock'),
      JSON.stringify({ pid: 999999, hostname: `not-${hostname()}`, purpose: 'append', since: '2024-01-01T00:00:00.000Z', nonce: 'x' }),
    );
    await expect(log.begin(ledgerMeta('ledger-a.csv'))).rejects.toMatchObject({ code: 'log-locked' });
    await log.close();
  });

  it('leaves the lock free after commit and after abort', async () => {
    const dir = join(await tempDir(), 'log');
    const log = await createFileEventLog(dir);
    const a = ledgerMeta('ledger-a.csv');
    const tx = await log.begin(a);
    await tx.append(ledgerEvents(a, 2));
    await tx.abort();
    expect(existsSync(join(dir, 'writer.lock'))).toBe(false);
    expect(await readdir(join(dir, 'segments'))).toEqual([]);
    await commitFile(log, a, ledgerEvents(a, 2));
    expect(existsSync(join(dir, 'writer.lock'))).toBe(false);
    expect(stored(ledgerEvents(a, 2), 1)).toEqual(await readAll(log));
    await log.close();
  });
});
