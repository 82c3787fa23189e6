// Records a CLI command as a run, generically: the composition root wraps
// every command in this. Commands that change something (ingest, build,
// rebuild, return, reproduce, demo, export) get a run record; pure reads
// (status, sql, quarantine, why, docs, verify) do not. Recording never
// changes a command's outcome: a failure to read a position is recorded as
// null, and the command's own error is rethrown after the record is written.
import { exitCodeFor } from '../../models/index.js';
import { Run, type RunPositions, type RunRecorder, type RunTrigger } from './runRecord.js';

/** The commands whose runs are recorded. */
export const RECORDED_COMMANDS: ReadonlySet<string> = new Set(['ingest', 'build', 'rebuild', 'return', 'reproduce', 'demo', 'export']);

/** The trigger of this process: SENDWH_TRIGGER=schedule when the scheduler spawned it, else cli. */
export function triggerFromEnv(env: NodeJS.ProcessEnv): RunTrigger {
  const value = env.SENDWH_TRIGGER?.trim().toLowerCase();
  return value === 'schedule' || value === 'demo' ? value : 'cli';
}

export interface RecordCommandOptions {
  file: string;
  command: string;
  args: readonly string[];
  trigger: RunTrigger;
  version: string;
  /** Reads the log and warehouse positions (before and after the run); failures become nulls. */
  readPositions: () => Promise<{ log: number | null; warehouse: number | null }>;
}

/** Runs `fn` with a recorder when the command is recorded, else without one. */
export async function recordCommand<T extends number | void>(
  options: RecordCommandOptions,
  fn: (run: RunRecorder | undefined) => Promise<T>,
): Promise<T> {
  if (!RECORDED_COMMANDS.has(options.command)) return fn(undefined);
  const before = await safePositions(options.readPositions);
  const run = Run.start({ file: options.file, command: options.command, args: options.args, trigger: options.trigger, version: options.version, readPositions: options.readPositions });
  run.positionsIfUnset({ logBefore: before.log, warehouseBefore: before.warehouse });
  let result: T;
  try {
    result = await fn(run);
  } catch (error) {
    await finishWithPositions(run, options, { exitCode: exitCodeFor(error), error });
    throw error;
  }
  await finishWithPositions(run, options, { exitCode: typeof result === 'number' ? result : 0 });
  return result;
}

async function finishWithPositions(run: Run, options: RecordCommandOptions, outcome: { exitCode: number; error?: unknown }): Promise<void> {
  const after = await safePositions(options.readPositions);
  const positions: RunPositions = { logAfter: after.log, warehouseAfter: after.warehouse };
  run.positionsIfUnset(positions);
  run.finish(outcome);
}

async function safePositions(read: RecordCommandOptions['readPositions']): Promise<{ log: number | null; warehouse: number | null }> {
  try {
    return await read();
  } catch {
    return { log: null, warehouse: null };
  }
}
