// The configuration of `sendwh schedule`: <home>/schedule.json, every key
// optional (defaults below), validated with zod; command-line options override
// the file. Unknown keys are refused so that a typo is not silently ignored.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';
import { BadInputError } from '../../models/index.js';
import { isTimeZone } from './zonedTime.js';
import { SCHEDULE_JOBS } from './scheduleJobs.js';

export { SCHEDULE_JOBS };
export const ScheduleJob = z.enum(SCHEDULE_JOBS);
export type ScheduleJob = z.infer<typeof ScheduleJob>;

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date must be written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time must be written HH:MM (24-hour), e.g. '07:00'");
const CronExpression = z.string().refine((s) => isCronExpression(s), 'not a valid cron expression (node-cron syntax, seconds optional)');
const POLL_SECONDS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

/** <home>/schedule.json. */
export const ScheduleConfig = z.strictObject({
  /** The zone of `time` (IANA name). */
  timeZone: z.string().refine(isTimeZone, 'not a time zone this Node.js knows (IANA name, e.g. Europe/London)').default('Europe/London'),
  quarterlyReturn: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Wall-clock time of the run on its day. */
      time: ClockTime.default('07:00'),
      /** The run is on this working day after the quarter end (weekends and bank holidays not counted). */
      workingDay: z.int().min(1).max(60).default(10),
      /** Run `sendwh build` first so the return reads an up-to-date warehouse. */
      build: z.boolean().default(true),
      /** Passed to `sendwh return safety-valve --out`, relative to the home unless absolute (default: the return command's own). */
      out: z.string().min(1).optional(),
      /** When to check whether the return is due (node-cron; default hourly at the minute of `time`). */
      cron: CronExpression.optional(),
    })
    .prefault({}),
  dropFolder: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** The drop folder, relative to the home directory unless absolute. */
      path: z.string().min(1).default('drop'),
      /** How often the folder is looked at. */
      pollSeconds: z.int().refine((n) => POLL_SECONDS.includes(n), `pollSeconds must divide a minute: ${POLL_SECONDS.join(', ')}`).default(15),
      /** A file is taken when two looks at least this far apart see the same size and modification time. */
      stableSeconds: z.number().min(0).max(3600).default(10),
      /** Run `sendwh build` after the files of a poll are ingested. */
      build: z.boolean().default(true),
      /** Overrides pollSeconds with a node-cron expression. */
      cron: CronExpression.optional(),
    })
    .prefault({}),
  /** Bank holidays added to the computed ones and the known one-off changes (see bankHolidays.ts). */
  holidays: z
    .strictObject({
      extra: z.array(z.strictObject({ date: IsoDate, name: z.string().min(1).default('Bank holiday') })).default([]),
      moved: z.array(z.strictObject({ from: IsoDate, to: IsoDate, name: z.string().min(1).optional() })).default([]),
    })
    .prefault({}),
});
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;

/** Command-line overrides of the file. */
export interface ScheduleOverrides {
  time?: string | undefined;
  workingDay?: number | undefined;
  dropPath?: string | undefined;
  /** Only these jobs run (the others are disabled). */
  jobs?: readonly ScheduleJob[] | undefined;
}

/** Reads <home>/schedule.json (absent: all defaults), applies the overrides and validates the result. */
export function loadScheduleConfig(path: string, overrides: ScheduleOverrides = {}): ScheduleConfig {
  let raw: unknown = {};
  if (existsSync(path)) {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new BadInputError('schedule-config-invalid', path, `not valid JSON (${(error as Error).message})`, 'fix the file, or delete it to use the defaults');
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BadInputError('schedule-config-invalid', path, 'must be a JSON object', 'see "Running on a schedule" in README.md');
  }
  const merged = applyOverrides(raw as Record<string, unknown>, overrides);
  const parsed = ScheduleConfig.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new BadInputError('schedule-config-invalid', path, `${where}: ${issue.message}`, 'fix the file (or the option), or see "Running on a schedule" in README.md');
  }
  return parsed.data;
}

function applyOverrides(raw: Record<string, unknown>, o: ScheduleOverrides): Record<string, unknown> {
  const section = (key: string): Record<string, unknown> => {
    const value = raw[key];
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  };
  const ret = section('quarterlyReturn');
  const drop = section('dropFolder');
  if (o.time !== undefined) ret.time = o.time;
  if (o.workingDay !== undefined) ret.workingDay = o.workingDay;
  if (o.dropPath !== undefined) drop.path = o.dropPath;
  if (o.jobs !== undefined) {
    ret.enabled = o.jobs.includes('quarterly-return');
    drop.enabled = o.jobs.includes('drop-folder');
  }
  return { ...raw, quarterlyReturn: ret, dropFolder: drop };
}

/** The drop folder's absolute path. */
export function dropFolderPath(config: ScheduleConfig, home: string): string {
  return isAbsolute(config.dropFolder.path) ? config.dropFolder.path : join(home, config.dropFolder.path);
}

/** The node-cron expression of each job's checks. */
export function jobCron(config: ScheduleConfig, job: ScheduleJob): string {
  if (job === 'quarterly-return') {
    const minute = Number(config.quarterlyReturn.time.slice(3, 5));
    return config.quarterlyReturn.cron ?? `${minute} * * * *`;
  }
  const every = config.dropFolder.pollSeconds;
  return config.dropFolder.cron ?? (every === 60 ? '0 * * * * *' : `*/${every} * * * * *`);
}
