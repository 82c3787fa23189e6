// What sendwh schedule does (declared in ../schedule.ts): reads the options and
// the config, then lists the next runs (--dry-run) or runs the scheduler.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../../../models/index.js';
import { GLOBAL_OPTIONS, type Context } from '../../command.js';
import { renderTable } from '../../output.js';
import { createDropScanner } from '../../../schedule/dropFolder.js';
import { nextReturnOccurrences } from '../../../schedule/returnCalendar.js';
import {
  dropFolderPath,
  jobCron,
  loadScheduleConfig,
  SCHEDULE_JOBS,
  ScheduleJob,
  type ScheduleConfig,
  type ScheduleOverrides,
} from '../../../schedule/scheduleConfig.js';
import { readScheduleState, type RunRecord, type ScheduleState } from '../../../schedule/scheduleState.js';
import { createScheduler, dueReturn, holidayCalendar, returnRule, schedulePaths } from '../../../schedule/scheduler.js';
import { formatWallClock, zonedInstant } from '../../../schedule/zonedTime.js';

/** The CLI the jobs run in child processes: this build's main.js. */
const CLI_PATH = fileURLToPath(new URL('../../main.js', import.meta.url));

export async function run(ctx: Context): Promise<number> {
  const configPath = resolve((ctx.options.config as string | undefined) ?? schedulePaths(ctx.home.root).config);
  const config = loadScheduleConfig(configPath, overridesFrom(ctx));
  if (!config.quarterlyReturn.enabled && !config.dropFolder.enabled) {
    throw new UsageError('every scheduled job is disabled', `enable one in ${configPath} or with --jobs ${SCHEDULE_JOBS.join(',')}`);
  }
  if (ctx.options['dry-run']) return dryRun(ctx, config, configPath);
  if (ctx.options.count !== undefined || ctx.options.from !== undefined) throw new UsageError('--count and --from go with --dry-run');
  return runScheduler(ctx, config);
}

function overridesFrom(ctx: Context): ScheduleOverrides {
  const o = ctx.options;
  const overrides: ScheduleOverrides = {};
  if (o.time !== undefined) overrides.time = String(o.time);
  if (o['working-day'] !== undefined) {
    const n = Number(o['working-day']);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--working-day must be a whole number from 1, not '${String(o['working-day'])}'`);
    overrides.workingDay = n;
  }
  if (o.drop !== undefined) overrides.dropPath = resolve(String(o.drop));
  if (o.jobs !== undefined) {
    const names = String(o.jobs).split(',').map((s) => s.trim()).filter((s) => s !== '');
    const jobs = names.map((n) => {
      const parsed = ScheduleJob.safeParse(n);
      if (!parsed.success) throw new UsageError(`unknown job '${n}'`, `jobs are: ${SCHEDULE_JOBS.join(', ')}`);
      return parsed.data;
    });
    overrides.jobs = jobs;
  }
  return overrides;
}

interface PlannedRun {
  job: ScheduleJob;
  when: string;
  at: string | null;
  what: string;
  why: string;
}

async function dryRun(ctx: Context, config: ScheduleConfig, configPath: string): Promise<number> {
  const count = ctx.options.count === undefined ? 4 : Number(ctx.options.count);
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new UsageError(`--count must be a whole number from 1 to 100, not '${String(ctx.options.count)}'`);
  const from = parseFrom(ctx.options.from as string | undefined, config.timeZone);
  const paths = schedulePaths(ctx.home.root);
  const state = await readScheduleState(paths.state, ctx.logger, { repair: false }).catch((): ScheduleState | undefined => undefined);
  const rule = returnRule(config);
  const calendar = holidayCalendar(config);
  const planned: PlannedRun[] = [];
  const notes: string[] = [];
  if (config.quarterlyReturn.enabled) {
    const build = config.quarterlyReturn.build ? 'build, then ' : '';
    if (state !== undefined && ctx.options.from === undefined) {
      const missed = dueReturn(state, from, rule, calendar);
      if (missed !== undefined) {
        planned.push({ job: 'quarterly-return', when: 'at start', at: null, what: `${build}return safety-valve --quarter ${missed.quarter}`, why: `catch-up: missed on ${formatWallClock(missed.at, config.timeZone)}; ${missed.why}` });
      }
      if (state.jobs['quarterly-return'] === undefined) notes.push('The return has not been scheduled on this home before: runs due before the first start are not caught up.');
    }
    for (const o of nextReturnOccurrences(from, count, rule, calendar)) {
      planned.push({ job: 'quarterly-return', when: formatWallClock(o.at, config.timeZone), at: o.at.toISOString(), what: `${build}return safety-valve --quarter ${o.quarter}`, why: o.why });
    }
  }
  let waiting: Array<{ source: string; file: string }> = [];
  if (config.dropFolder.enabled) {
    const dropRoot = dropFolderPath(config, ctx.home.root);
    const poll = await createDropScanner(dropRoot, { stableMs: 0 }).poll();
    waiting = poll.waiting.map((f) => ({ source: f.source, file: f.name }));
    const every = config.dropFolder.cron ? `cron '${config.dropFolder.cron}'` : `every ${config.dropFolder.pollSeconds} s`;
    planned.push({
      job: 'drop-folder',
      when: every,
      at: null,
      what: `ingest files in ${dropRoot}/<source>/${config.dropFolder.build ? ', then build' : ''}`,
      why: `taken when unchanged for ${config.dropFolder.stableSeconds} s; ${waiting.length} file(s) there now`,
    });
    for (const name of poll.ignored) notes.push(`'${name}' in the drop folder is not in a source folder and will be left alone.`);
  }
  const lastRuns = Object.fromEntries(SCHEDULE_JOBS.map((j) => [j, state?.jobs[j]?.lastRun ?? null]));
  const result = {
    config: { path: configPath, exists: existsSync(configPath), timeZone: config.timeZone, checks: Object.fromEntries(SCHEDULE_JOBS.map((j) => [j, jobCron(config, j)])) },
    runs: planned,
    waiting,
    lastRuns,
    notes,
  };
  ctx.output.result(result, () =>
    [
      `Next runs (times ${config.timeZone}; settings: ${existsSync(configPath) ? configPath : 'the defaults'}):`,
      renderTable(planned.map((p) => ({ job: p.job, when: p.when, what: p.what, why: p.why }))),
      ...Object.entries(lastRuns)
        .filter(([, r]) => r !== null)
        .map(([job, r]) => `last ${job} run: ${r!.at} (${r!.outcome})`),
      ...notes,
    ].join('\n'),
  );
  return 0;
}

function parseFrom(value: string | undefined, timeZone: string): Date {
  if (value === undefined) return new Date();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return zonedInstant(value, '00:00', timeZone);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--from must be a date (YYYY-MM-DD) or an ISO time, not '${value}'`);
  return new Date(ms);
}

async function runScheduler(ctx: Context, config: ScheduleConfig): Promise<number> {
  const scheduler = createScheduler({
    home: ctx.home.root,
    config,
    cliPath: CLI_PATH,
    globalArgs: globalArgs(ctx),
    env: ctx.env,
    logger: ctx.logger,
    onRun: (run) => ctx.output.line(describeRun(run)),
  });
  const stopped = new Promise<string>((resolvePromise) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolvePromise(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  const jobs = [
    config.quarterlyReturn.enabled ? `quarterly-return (checks '${jobCron(config, 'quarterly-return')}' ${config.timeZone})` : undefined,
    config.dropFolder.enabled ? `drop-folder (${dropFolderPath(config, ctx.home.root)}, checks '${jobCron(config, 'drop-folder')}')` : undefined,
  ].filter((s) => s !== undefined);
  ctx.logger.info({ home: ctx.home.root, jobs, pid: process.pid }, 'scheduler starting');
  ctx.output.line(`sendwh schedule: ${jobs.join('; ')}. Stop with Ctrl-C or SIGTERM.`);
  // A signal during the start (e.g. mid catch-up) stops at once: the child is sent SIGTERM.
  await Promise.race([scheduler.start(), stopped]);
  const signal = await stopped;
  ctx.logger.info({ signal }, 'scheduler stopping');
  await scheduler.stop();
  ctx.output.result({ runs: scheduler.runs }, () => `stopped (${signal}) after ${scheduler.runs.length} run(s)`);
  return 0;
}

/** This command's global options (other than --home, --json and --help), for the children: they use the same event log. */
function globalArgs(ctx: Context): string[] {
  const args: string[] = [];
  for (const spec of GLOBAL_OPTIONS) {
    if (spec.name === 'home' || spec.name === 'json' || spec.name === 'help') continue;
    const value = ctx.options[spec.name];
    if (value === undefined || value === false) continue;
    for (const v of Array.isArray(value) ? value : [value]) args.push(...(v === true ? [`--${spec.name}`] : [`--${spec.name}`, String(v)]));
  }
  return args;
}

function describeRun(run: RunRecord): string {
  const what =
    run.job === 'quarterly-return'
      ? `${run.quarter} (${run.reason})`
      : (run.files ?? []).map((f) => `${f.source}/${f.file}: ${f.outcome}${f.reason ? ` (${f.reason})` : ''}`).join('; ');
  const failed = run.steps.filter((s) => s.exitCode !== 0).map((s) => `${s.args[0]}: ${s.summary}`);
  return `${run.finishedAt} ${run.job} ${what}: ${run.outcome}${run.outcome === 'ok' || failed.length === 0 ? '' : ` (${failed.join('; ')})`}`;
}
