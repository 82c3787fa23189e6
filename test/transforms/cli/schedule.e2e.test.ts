// `sendwh schedule` as a user (or systemd) runs it: real long-running
// processes on a real home, node-cron made to tick every second or two by the
// config file, stopped with SIGTERM. The dry run's dates, the drop folder end
// to end, two schedulers on one home never running a job twice, a missed
// return caught up exactly once at start, and a lock left by a dead process.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createHolidayCalendar } from '../../../transforms/schedule/bankHolidays.js';
import { latestReturnOccurrence } from '../../../transforms/schedule/returnCalendar.js';
import type { RunRecord, ScheduleState } from '../../../transforms/schedule/scheduleState.js';
import { cliPath, ensureBuilt, sendwh, tempDir } from '../../support/cli.js';

const AREAS = 'District,AreaTeam\nDartford,North\nThanet,East\nDover,South\nMaidstone,West\n';
const NOT_AREAS = 'Town,Team\nDartford,North\n';

/** Ticks every second or two instead of hourly, so the tests need not wait. */
function writeFastConfig(home: string, extra: { quarterlyReturn?: object; dropFolder?: object } = {}): void {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'schedule.json'), JSON.stringify({
    quarterlyReturn: { cron: '*/2 * * * * *', build: false, ...extra.quarterlyReturn },
    dropFolder: { pollSeconds: 1, stableSeconds: 1, ...extra.dropFolder },
  }));
}

/** A scheduler to seed as "running since long ago", so that the latest return is due (missed). */
function seedSince(home: string, since: string): void {
  const state: ScheduleState = { version: 1, jobs: { 'quarterly-return': { since } }, runs: [] };
  writeFileSync(join(home, 'schedule-state.json'), JSON.stringify(state));
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startSchedule(home: string, args: string[] = []): Running {
  ensureBuilt();
  const child = spawn(process.execPath, [cliPath, 'schedule', '--home', home, '--json', ...args], {
    env: { ...process.env, SENDWH_LOG_FORMAT: 'json', SENDWH_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function stop(running: Running): Promise<{ code: number | null; runs: RunRecord[] }> {
  running.child.kill('SIGTERM');
  const code = await running.exited;
  return { code, runs: (JSON.parse(running.stdout()) as { runs: RunRecord[] }).runs };
}

function readState(home: string): ScheduleState {
  const path = join(home, 'schedule-state.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ScheduleState) : { version: 1, jobs: {}, runs: [] };
}

async function until(what: string, condition: () => boolean, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The run-record lines (<home>/runs/runs.ndjson) of the children the scheduler started. */
function scheduledRunLines(home: string): Array<{ command: string; args: string[]; trigger: string }> {
  const path = join(home, 'runs', 'runs.ndjson');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { record: string; command: string; args: string[]; trigger: string })
    .filter((l) => l.record === 'started' && l.trigger === 'schedule');
}

const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('sendwh schedule', () => {
  it('--dry-run lists the next returns with the exact dates and why', async () => {
    const home = join(tempDir(), 'home');
    const run = await sendwh(['schedule', '--dry-run', '--from', '2024-12-01', '--count', '2', '--home', home, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { runs: Array<{ job: string; at: string | null; what: string; why: string; when: string }> };
    expect(out.runs.filter((r) => r.job === 'quarterly-return')).toEqual([
      {
        job: 'quarterly-return',
        when: 'Wed 15 Jan 2025 07:00',
        at: '2025-01-15T07:00:00.000Z',
        what: 'build, then return safety-valve --quarter 2024-25-Q3',
        why: "10th working day after 2024-12-31 (the end of 2024-25 Q3), skipping the bank holiday Wed 1 Jan (New Year's Day)",
      },
      {
        job: 'quarterly-return',
        when: 'Mon 14 Apr 2025 07:00',
        at: '2025-04-14T06:00:00.000Z',
        what: 'build, then return safety-valve --quarter 2024-25-Q4',
        why: '10th working day after 2025-03-31 (the end of 2024-25 Q4), no bank holidays in between',
      },
    ]);
    expect(out.runs.find((r) => r.job === 'drop-folder')?.what).toBe(`ingest files in ${join(home, 'drop')}/<source>/, then build`);
    // The dry run writes nothing.
    expect(existsSync(home)).toBe(false);

    const text = await sendwh(['schedule', '--dry-run', '--from', '2026-03-01', '--count', '1', '--working-day', '3', '--time', '08:15', '--home', home]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Tue 7 Apr 2026 08:15');
    expect(text.stdout).toContain('3rd working day after 2026-03-31 (the end of 2025-26 Q4), skipping the bank holidays Fri 3 Apr (Good Friday) and Mon 6 Apr (Easter Monday)');

    const bad = await sendwh(['schedule', '--dry-run', '--jobs', 'payroll', '--home', home]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown job 'payroll'/);
    const help = await sendwh(['schedule', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--dry-run', '--count', '--from', '--config', '--jobs', '--time', '--working-day', '--drop', 'Examples:']) expect(help.stdout).toContain(option);
  });

  it('drop folder: a good file is ingested, built and moved to processed/; a refused one goes to rejected/ with its reason', async () => {
    const home = join(tempDir(), 'home');
    writeFastConfig(home, { quarterlyReturn: { enabled: false } });
    mkdirSync(join(home, 'drop', 'areas'), { recursive: true });
    writeFileSync(join(home, 'drop', 'areas', 'areas_2025.csv'), AREAS);
    writeFileSync(join(home, 'drop', 'areas', 'wrong_columns.csv'), NOT_AREAS);
    const s = startSchedule(home, ['--log', 'embedded']);
    await until('both files handled', () => readState(home).runs.flatMap((r) => r.files ?? []).length === 2);
    const { code, runs } = await stop(s);
    expect(code).toBe(0);

    const processed = files(join(home, 'drop', 'processed', 'areas'));
    expect(processed).toHaveLength(1);
    expect(processed[0]).toMatch(/^\d{8}T\d{6}Z_areas_2025\.csv$/);
    expect(readFileSync(join(home, 'drop', 'processed', 'areas', processed[0]!), 'utf8')).toBe(AREAS);
    const rejected = files(join(home, 'drop', 'rejected', 'areas'));
    expect(rejected).toHaveLength(2);
    const reason = readFileSync(join(home, 'drop', 'rejected', 'areas', rejected.find((f) => f.endsWith('.reason.txt'))!), 'utf8');
    expect(reason).toMatch(/wrong_columns\.csv was refused by 'sendwh ingest areas'/);
    expect(reason).toMatch(/Reason: .*(District|AreaTeam)/);
    expect(files(join(home, 'drop', 'areas'))).toEqual([]);

    const state = readState(home);
    expect(state.runs).toEqual(runs);
    const outcomes = state.runs.flatMap((r) => r.files ?? []).map((f) => `${f.file}:${f.outcome}`).sort();
    expect(outcomes).toEqual(['areas_2025.csv:processed', 'wrong_columns.csv:rejected']);
    // Ingest each file (the refused one exits 2), then build once: a refusal is not a failure of the run.
    expect(state.runs.flatMap((r) => r.steps).map((st) => `${st.args[0]} ${st.exitCode}`).sort()).toEqual(['build 0', 'ingest 0', 'ingest 2']);
    expect(state.runs.map((r) => r.outcome)).toEqual(state.runs.map(() => 'ok'));

    // The log holds the four districts once; the children's run records say they were scheduled.
    const status = JSON.parse((await sendwh(['status', '--home', home, '--json'])).stdout) as { log: { position: number } };
    expect(status.log.position).toBe(4);
    const lines = scheduledRunLines(home);
    expect(lines.filter((l) => l.command === 'ingest')).toHaveLength(2);
    expect(lines.filter((l) => l.command === 'build')).toHaveLength(1);
    // The scheduler's global options (which event log) are passed on to every child.
    for (const l of lines) expect(l.args.join(' ')).toContain('--log embedded');
  });

  it('two schedulers on one home: the due return runs once and a dropped file is ingested once', async () => {
    const home = join(tempDir(), 'home');
    writeFastConfig(home, { dropFolder: { build: false } });
    seedSince(home, '2000-01-01T00:00:00.000Z');
    mkdirSync(join(home, 'drop', 'areas'), { recursive: true });
    writeFileSync(join(home, 'drop', 'areas', 'areas.csv'), AREAS);
    const expected = latestReturnOccurrence(new Date(), { workingDay: 10, time: '07:00', timeZone: 'Europe/London' }, createHolidayCalendar());

    const a = startSchedule(home);
    const b = startSchedule(home);
    await until('the return and the file done', () => {
      const runs = readState(home).runs;
      return runs.some((r) => r.job === 'quarterly-return') && runs.some((r) => r.files?.some((f) => f.outcome === 'processed'));
    });
    // Let both keep ticking (the return checks every 2 s, the folder every 1 s) for a while.
    const ticksFrom = readState(home).runs.length;
    await new Promise((r) => setTimeout(r, 5_000));
    const [ra, rb] = [await stop(a), await stop(b)];
    expect([ra.code, rb.code]).toEqual([0, 0]);

    const state = readState(home);
    expect(state.runs).toHaveLength(ticksFrom);
    const returns = state.runs.filter((r) => r.job === 'quarterly-return');
    expect(returns).toHaveLength(1);
    expect(returns[0]).toMatchObject({ reason: 'catch-up', quarter: expected.quarter, occurrence: expected.at.toISOString() });
    expect(returns[0]!.steps.map((st) => st.args)).toEqual([['return', 'safety-valve', '--quarter', expected.quarter]]);
    expect(returns[0]!.steps[0]!.exitCode).not.toBeNull();
    const taken = state.runs.flatMap((r) => r.files ?? []);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ file: 'areas.csv', outcome: 'processed' });
    // Between them, the two processes did exactly the runs in the state file.
    expect([...ra.runs, ...rb.runs].map((r) => r.id).sort()).toEqual(state.runs.map((r) => r.id).sort());
    expect(scheduledRunLines(home).filter((l) => l.command === 'ingest')).toHaveLength(1);
    const status = JSON.parse((await sendwh(['status', '--home', home, '--json'])).stdout) as { log: { position: number } };
    expect(status.log.position).toBe(4);
  });

  it('a return interrupted by stopping the scheduler is recorded as interrupted and run again at the next start', async () => {
    const home = join(tempDir(), 'home');
    writeFastConfig(home, { quarterlyReturn: { build: true }, dropFolder: { enabled: false } });
    seedSince(home, '2000-01-01T00:00:00.000Z');
    const expected = latestReturnOccurrence(new Date(), { workingDay: 10, time: '07:00', timeZone: 'Europe/London' }, createHolidayCalendar());
    const first = startSchedule(home);
    await until('the return has started', () => first.stderr().includes('scheduled run starting'));
    const stopped = await stop(first);
    expect(stopped.code).toBe(0);
    expect(stopped.runs).toHaveLength(1);
    expect(stopped.runs[0]).toMatchObject({ job: 'quarterly-return', reason: 'catch-up', quarter: expected.quarter, outcome: 'interrupted' });
    expect(stopped.runs[0]!.steps.at(-1)).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    expect(readState(home).jobs['quarterly-return']?.lastRun).toBeUndefined();
    expect(existsSync(join(home, 'schedule.lock'))).toBe(false);

    const again = startSchedule(home);
    await until('the return run again', () => readState(home).runs.length === 2);
    const second = await stop(again);
    expect(second.runs).toHaveLength(1);
    expect(second.runs[0]).toMatchObject({ reason: 'catch-up', quarter: expected.quarter, occurrence: expected.at.toISOString() });
    expect(second.runs[0]!.outcome).not.toBe('interrupted');
    const steps = second.runs[0]!.steps;
    expect(steps.map((st) => st.args[0]), JSON.stringify(steps)).toEqual(['build', 'return']);
    expect(steps[0]!.exitCode).toBe(0);
    expect(readState(home).jobs['quarterly-return']?.lastRun?.id).toBe(second.runs[0]!.id);
  });

  it('a return missed while the scheduler was off is caught up once at start, even past a lock left by a dead process', async () => {
    const home = join(tempDir(), 'home');
    writeFastConfig(home, { dropFolder: { enabled: false } });
    seedSince(home, '2000-01-01T00:00:00.000Z');
    // A lock held by a process that has since died (this machine, its pid gone).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    writeFileSync(join(home, 'schedule.lock'), `${JSON.stringify({ pid: deadPid, hostname: hostname(), purpose: 'schedule:quarterly-return', since: '2025-01-15T07:00:00.000Z', nonce: 'deadbeefdeadbeef' })}\n`);
    const expected = latestReturnOccurrence(new Date(), { workingDay: 10, time: '07:00', timeZone: 'Europe/London' }, createHolidayCalendar());

    const first = startSchedule(home);
    await until('the catch-up run', () => readState(home).runs.length === 1);
    await new Promise((r) => setTimeout(r, 3_000)); // a tick or two more
    const one = await stop(first);
    expect(one.code).toBe(0);
    expect(one.runs).toHaveLength(1);
    expect(one.runs[0]).toMatchObject({ job: 'quarterly-return', reason: 'catch-up', quarter: expected.quarter });
    expect(existsSync(join(home, 'schedule.lock'))).toBe(false);

    // Started again: nothing more to catch up.
    const second = startSchedule(home);
    await until('the second scheduler has started', () => second.stderr().includes('scheduler starting'));
    await new Promise((r) => setTimeout(r, 3_000));
    const two = await stop(second);
    expect(two.code).toBe(0);
    expect(two.runs).toEqual([]);
    const state = readState(home);
    expect(state.runs).toHaveLength(1);
    expect(state.jobs['quarterly-return']?.lastRun).toMatchObject({ occurrence: expected.at.toISOString(), id: one.runs[0]!.id });
  });
});
