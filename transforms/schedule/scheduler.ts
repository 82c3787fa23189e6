// The scheduler behind `sendwh schedule`: node-cron ticks that check whether a
// job is due, and the jobs themselves.
// - quarterly-return: due at the latest run time (returnCalendar.ts) at or before
//   now that has not been run; the check runs at start (catching up, once, a run
//   missed while the scheduler was off: only the latest) and at every tick.
//   Runs `sendwh build` then `sendwh return safety-valve --quarter Q`.
// - drop-folder: polls the drop folder; stable files are ingested one by one,
//   moved to processed/ or rejected/, then `sendwh build` runs once.
// Every run holds the schedule lock (so two schedulers on one home never run
// at once; each re-reads the state under the lock, so a run is never done
// twice), is logged and is recorded in schedule-state.json.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../../models/index.js';
import { createHolidayCalendar, type HolidayCalendar } from './bankHolidays.js';
import { createCliRunner, type CliRunner } from './childRun.js';
import { createDropScanner, ensureDropFolders, ingestDropFile, unchanged, type DropFile, type DropScanner } from './dropFolder.js';
import { latestReturnOccurrence, type ReturnOccurrence, type ReturnRule } from './returnCalendar.js';
import { dropFolderPath, jobCron, type ScheduleConfig, type ScheduleJob } from './scheduleConfig.js';
import { tidyScheduleLock, withScheduleLock } from './scheduleLock.js';
import { readScheduleState, writeScheduleState, type DropFileOutcome, type RunRecord, type RunStep, type ScheduleState } from './scheduleState.js';

/** Where the scheduler keeps its things under the home directory. */
export function schedulePaths(home: string): { config: string; state: string; lock: string } {
  return { config: join(home, 'schedule.json'), state: join(home, 'schedule-state.json'), lock: join(home, 'schedule.lock') };
}

export interface SchedulerOptions {
  home: string;
  config: ScheduleConfig;
  /** The built CLI (dist/transforms/cli/main.js) the jobs run. */
  cliPath: string;
  /** Options passed on to every child (the scheduler's global options other than --home and --json). */
  globalArgs?: readonly string[];
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Called after every run is recorded. */
  onRun?: (run: RunRecord) => void;
}

export interface Scheduler {
  /** Catches up a missed return (once), then starts the node-cron tasks. */
  start(): Promise<void>;
  /** Stops the tasks; a child still running is sent SIGTERM and its run recorded as interrupted. */
  stop(): Promise<void>;
  /** The runs this scheduler did. */
  readonly runs: readonly RunRecord[];
}

/** How long to wait before checking again when a due return found the lock held. */
const BUSY_RETRY_MS = 60_000;

export function returnRule(config: ScheduleConfig): ReturnRule {
  return { workingDay: config.quarterlyReturn.workingDay, time: config.quarterlyReturn.time, timeZone: config.timeZone };
}

export function holidayCalendar(config: ScheduleConfig): HolidayCalendar {
  return createHolidayCalendar(config.holidays);
}

/** The return due at `now` (not run yet, and not before the scheduler began), or undefined. */
export function dueReturn(state: ScheduleState, now: Date, rule: ReturnRule, calendar: HolidayCalendar): ReturnOccurrence | undefined {
  const job = state.jobs['quarterly-return'];
  if (job === undefined) return undefined;
  const latest = latestReturnOccurrence(now, rule, calendar);
  const at = latest.at.getTime();
  if (Date.parse(job.since) >= at) return undefined;
  if (job.lastRun?.occurrence !== undefined && Date.parse(job.lastRun.occurrence) >= at) return undefined;
  return latest;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { config, logger } = options;
  const paths = schedulePaths(options.home);
  const rule = returnRule(config);
  const calendar = holidayCalendar(config);
  const dropRoot = dropFolderPath(config, options.home);
  const runner: CliRunner = createCliRunner({ cliPath: options.cliPath, home: options.home, globalArgs: options.globalArgs ?? [], env: options.env, logger });
  const scanner: DropScanner = createDropScanner(dropRoot, { stableMs: config.dropFolder.stableSeconds * 1000 });
  const runs: RunRecord[] = [];
  const tasks: ScheduledTask[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const warnedIgnored = new Set<string>();
  const retryAfter = new Map<string, number>();
  let busyRetry: NodeJS.Timeout | undefined;
  let stopping = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  const record = async (state: ScheduleState, run: RunRecord): Promise<void> => {
    const job = state.jobs[run.job] ?? { since: run.startedAt };
    // An interrupted return (the scheduler was stopped mid-run) is not its last run: the next start catches it up.
    const done = run.job === 'drop-folder' || run.outcome !== 'interrupted';
    state.jobs[run.job] = done
      ? { ...job, lastRun: { id: run.id, at: run.startedAt, outcome: run.outcome, ...(run.occurrence ? { occurrence: run.occurrence } : {}) } }
      : job;
    state.runs.push(run);
    await writeScheduleState(paths.state, state);
    runs.push(run);
    const log = logger.child({ job: run.job, runId: run.id });
    const fields = { reason: run.reason, outcome: run.outcome, quarter: run.quarter, steps: run.steps.map((s) => ({ args: s.args.join(' '), exitCode: s.exitCode, ms: s.ms })) };
    if (run.outcome === 'ok') log.info(fields, 'scheduled run done');
    else log.error(fields, `scheduled run ${run.outcome}`);
    options.onRun?.(run);
  };

  const newRun = (job: ScheduleJob, reason: RunRecord['reason']) => ({
    id: `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${job}-${randomBytes(3).toString('hex')}`,
    job,
    reason,
    startedAt: new Date().toISOString(),
    pid: process.pid,
    hostname: hostname(),
  });

  const outcomeOf = (steps: RunStep[]): RunRecord['outcome'] =>
    steps.some((s) => s.signal !== null && stopping) ? 'interrupted' : steps.every((s) => s.exitCode === 0) ? 'ok' : 'failed';

  /** Runs the return if it is due. */
  const checkReturn = async (reason: 'scheduled' | 'catch-up', tick?: Date): Promise<void> => {
    if (stopping) return;
    const now = new Date(Math.max(Date.now(), tick?.getTime() ?? 0));
    // A cheap look first, without the lock: most ticks have nothing to do.
    const peek = await readScheduleState(paths.state, logger, { repair: false }).catch(() => undefined);
    if (peek !== undefined && peek.jobs['quarterly-return'] !== undefined && dueReturn(peek, now, rule, calendar) === undefined) return;
    const result = await withScheduleLock(paths.lock, 'schedule:quarterly-return', logger, async () => {
      const state = await readScheduleState(paths.state, logger);
      if (state.jobs['quarterly-return'] === undefined) {
        state.jobs['quarterly-return'] = { since: now.toISOString() };
        await writeScheduleState(paths.state, state);
        logger.info({ job: 'quarterly-return', since: now.toISOString() }, 'quarterly return scheduled from now on (earlier quarters are not caught up)');
        return;
      }
      const due = dueReturn(state, now, rule, calendar);
      if (due === undefined || stopping) return;
      const run = { ...newRun('quarterly-return', reason), occurrence: due.at.toISOString(), quarter: due.quarter };
      logger.child({ job: run.job, runId: run.id }).info({ reason, quarter: due.quarter, occurrence: run.occurrence, why: due.why }, 'scheduled run starting');
      const steps: RunStep[] = [];
      if (config.quarterlyReturn.build) steps.push(strip(await runner.run(['build'])));
      if (steps.every((s) => s.exitCode === 0) && !stopping) {
        const out = config.quarterlyReturn.out === undefined ? undefined : resolve(options.home, config.quarterlyReturn.out);
        steps.push(strip(await runner.run(['return', 'safety-valve', '--quarter', due.quarter, ...(out ? ['--out', out] : [])])));
      }
      await record(state, { ...run, finishedAt: new Date().toISOString(), outcome: outcomeOf(steps), steps });
    });
    if (!result.ran && !stopping) {
      const who = result.holder ? `${result.holder.purpose} (pid ${result.holder.pid} on ${result.holder.hostname})` : 'another run';
      logger.info({ job: 'quarterly-return', holder: result.holder }, `${who} holds the schedule lock: the return is checked again in a minute`);
      if (busyRetry === undefined) {
        busyRetry = setTimeout(() => {
          busyRetry = undefined;
          void track(checkReturn(reason)).catch((error: unknown) => logger.error({ err: error }, 'quarterly return check failed'));
        }, BUSY_RETRY_MS);
      }
    }
  };

  /** Looks at the drop folder and ingests the files that have stopped changing. */
  const pollDrop = async (): Promise<void> => {
    if (stopping) return;
    const { stable, ignored } = await scanner.poll();
    for (const name of ignored) {
      if (warnedIgnored.has(name)) continue;
      warnedIgnored.add(name);
      logger.warn({ job: 'drop-folder', entry: name, dropFolder: dropRoot }, `'${name}' in the drop folder is not in a source folder: left alone (put files in <drop>/<source>/)`);
    }
    const ready = stable.filter((f) => (retryAfter.get(f.path) ?? 0) <= Date.now());
    if (ready.length === 0) return;
    await withScheduleLock(paths.lock, 'schedule:drop-folder', logger, async () => {
      const state = await readScheduleState(paths.state, logger);
      state.jobs['drop-folder'] ??= { since: new Date().toISOString() };
      const run = newRun('drop-folder', 'files');
      const steps: RunStep[] = [];
      const refusals = new Set<RunStep>();
      const files: DropFileOutcome[] = [];
      for (const file of ready) {
        if (stopping) break;
        // Another scheduler may have taken it, or it changed since the poll.
        if (!(await unchanged(file))) continue;
        const { outcome, step } = await ingestDropFile(dropRoot, file, runner);
        steps.push(step);
        files.push(outcome);
        if (outcome.outcome === 'rejected') refusals.add(step);
        if (outcome.outcome === 'retry') retryAfter.set(file.path, Date.now() + retryDelayMs(config));
        else retryAfter.delete(file.path);
      }
      if (files.length === 0) return;
      if (config.dropFolder.build && files.some((f) => f.outcome === 'processed') && !stopping) steps.push(strip(await runner.run(['build'])));
      // A refused file (exit 2) is an outcome of the run, not a failure of it.
      const outcome: RunRecord['outcome'] = steps.some((s) => s.signal !== null && stopping)
        ? 'interrupted'
        : files.every((f) => f.outcome !== 'retry') && steps.every((s) => s.exitCode === 0 || refusals.has(s))
          ? 'ok'
          : 'failed';
      await record(state, { ...run, files, finishedAt: new Date().toISOString(), outcome, steps });
    });
  };

  const guarded = (name: ScheduleJob, fn: () => Promise<void>) => async () => {
    try {
      await track(fn());
    } catch (error) {
      logger.error({ job: name, err: error }, 'scheduled check failed (it will be tried again at the next tick)');
    }
  };

  return {
    runs,
    async start() {
      await mkdir(options.home, { recursive: true });
      await tidyScheduleLock(paths.lock, logger);
      if (config.dropFolder.enabled) await ensureDropFolders(dropRoot);
      const cronLogger = cronLoggerFor(logger);
      if (config.quarterlyReturn.enabled) {
        await guarded('quarterly-return', () => checkReturn('catch-up'))();
        if (stopping) return;
        tasks.push(
          cron.schedule(jobCron(config, 'quarterly-return'), (ctx) => guarded('quarterly-return', () => checkReturn('scheduled', ctx.date))(), {
            name: 'quarterly-return',
            timezone: config.timeZone,
            noOverlap: true,
            logger: cronLogger,
          }),
        );
      }
      if (config.dropFolder.enabled && !stopping) {
        tasks.push(
          cron.schedule(jobCron(config, 'drop-folder'), () => guarded('drop-folder', pollDrop)(), {
            name: 'drop-folder',
            timezone: config.timeZone,
            noOverlap: true,
            logger: cronLogger,
          }),
        );
        await guarded('drop-folder', pollDrop)();
      }
    },
    async stop() {
      stopping = true;
      if (busyRetry !== undefined) clearTimeout(busyRetry);
      for (const task of tasks) await task.destroy();
      runner.terminate();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** A file whose ingest failed for a reason other than the file (exit 1) waits this long before it is tried again. */
function retryDelayMs(config: ScheduleConfig): number {
  return Math.max(60_000, config.dropFolder.pollSeconds * 4000);
}

function strip(step: RunStep & { result: unknown }): RunStep {
  const { result: _result, ...rest } = step;
  return rest;
}

/** node-cron's own messages (e.g. a missed tick) go to our log, not to stdout. */
function cronLoggerFor(logger: Logger) {
  const log = logger.child({ component: 'node-cron' });
  return {
    info: (message: string) => log.debug({}, message),
    // A tick that finds the previous check still running (a long ingest) is expected: not a warning.
    warn: (message: string) => (/overlap/i.test(message) ? log.debug({}, message) : log.warn({}, message)),
    error: (message: string | Error, err?: Error) => log.error({ err: err ?? message }, String(message)),
    debug: (message: string | Error) => log.debug({}, String(message)),
  };
}

export type { DropFile };
