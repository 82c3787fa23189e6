// <home>/schedule-state.json: what the scheduler has done, so that a run missed
// while the machine was off is caught up once at the next start and a run is
// never repeated: per job, since when it has been scheduled and its last run;
// and the records of the recent runs. Read and written only under the schedule
// lock (scheduleLock.ts); written atomically (a temp file renamed over it).
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../../models/index.js';
import { ScheduleJob } from './scheduleConfig.js';

/** One `sendwh` child process a run started. */
export const RunStep = z.object({
  args: z.array(z.string()),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  ms: z.number(),
  /** A line about the outcome: counts on success, the error message on failure. */
  summary: z.string(),
});
export type RunStep = z.infer<typeof RunStep>;

/** What became of one file of the drop folder. */
export const DropFileOutcome = z.object({
  source: z.string(),
  file: z.string(),
  outcome: z.enum(['processed', 'rejected', 'retry']),
  movedTo: z.string().optional(),
  reason: z.string().optional(),
});
export type DropFileOutcome = z.infer<typeof DropFileOutcome>;

/** The record of one scheduled run. */
export const RunRecord = z.object({
  id: z.string(),
  job: ScheduleJob,
  /** scheduled: at its time; catch-up: at start, for a run missed while the scheduler was not running; files: the drop folder had stable files. */
  reason: z.enum(['scheduled', 'catch-up', 'files']),
  /** For the return: the run time it was for, and the quarter. */
  occurrence: z.string().optional(),
  quarter: z.string().optional(),
  files: z.array(DropFileOutcome).optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  outcome: z.enum(['ok', 'failed', 'interrupted']),
  steps: z.array(RunStep),
  pid: z.number(),
  hostname: z.string(),
});
export type RunRecord = z.infer<typeof RunRecord>;

const JobState = z.object({
  /** When the scheduler first ran this job: runs due before then are not caught up. */
  since: z.string(),
  lastRun: z
    .object({ id: z.string(), at: z.string(), occurrence: z.string().optional(), outcome: RunRecord.shape.outcome })
    .optional(),
});

/** The whole state file. */
export const ScheduleState = z.object({
  version: z.literal(1),
  jobs: z.partialRecord(ScheduleJob, JobState),
  runs: z.array(RunRecord),
});
export type ScheduleState = z.infer<typeof ScheduleState>;

/** How many run records the file keeps (the oldest are dropped). */
export const KEPT_RUNS = 500;

export function emptyState(): ScheduleState {
  return { version: 1, jobs: {}, runs: [] };
}

/**
 * Reads the state; a missing file is an empty state. An unreadable one is moved
 * aside (logged) and replaced by an empty state, or with `repair: false` (a look
 * without the lock) is an error.
 */
export async function readScheduleState(path: string, logger: Logger, options: { repair?: boolean } = {}): Promise<ScheduleState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw error;
  }
  let parsed: ReturnType<typeof ScheduleState.safeParse> | undefined;
  try {
    parsed = ScheduleState.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return parsed.data;
  if (options.repair === false) throw new Error(`${path} is unreadable`);
  const aside = `${path}.unreadable-${Date.now()}`;
  await rename(path, aside);
  logger.error({ state: path, movedTo: aside }, 'the schedule state file was unreadable: moved aside; runs due before now will not be caught up');
  return emptyState();
}

/** Writes the state atomically (temp file, fsync, rename). */
export async function writeScheduleState(path: string, state: ScheduleState): Promise<void> {
  const trimmed: ScheduleState = { ...state, runs: state.runs.slice(-KEPT_RUNS) };
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(trimmed, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
