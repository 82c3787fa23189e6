// Wires run records into the CLI: main.ts runs every command through
// runRecorded(), which records the commands that change something (see
// transforms/runs/recordCommand.ts) with the log and warehouse positions
// before and after, and hands the command its recorder as ctx.run.
import { existsSync, readFileSync } from 'node:fs';
import { recordCommand } from '../runs/recordCommand.js';
import { runRecordsFile } from '../runs/runRecord.js';
import type { Command, Context } from './command.js';
import { openEventLog, using } from './services.js';
import { eventLogChoice } from './eventLogOptions.js';

/** Runs a command, recording it as a run when it is one that is recorded. */
export async function runRecorded(ctx: Context, command: Command, args: readonly string[]): Promise<number | void> {
  return recordCommand(
    {
      file: runRecordsFile(ctx.home.root),
      command: command.name,
      args,
      trigger: ctx.trigger,
      version: packageVersion(),
      readPositions: () => readPositions(ctx),
    },
    (run) => command.run(run === undefined ? ctx : { ...ctx, run }),
  );
}

/** The event log's position and the live warehouse's (null when there is no warehouse). */
export async function readPositions(ctx: Context): Promise<{ log: number | null; warehouse: number | null }> {
  // An embedded log not created yet stands at position 0 (opening it would create it).
  const embeddedMissing = eventLogChoice(ctx).kind !== 'kafka' && !existsSync(ctx.home.log);
  const log = embeddedMissing ? 0 : await using(openEventLog(ctx), (l) => l.position());
  const warehouse = existsSync(ctx.home.warehouse) ? await warehousePosition(ctx.home.root) : null;
  return { log, warehouse };
}

/** The live warehouse's log position, null when it cannot be read. Its code is loaded only here: an ingest into a home without a warehouse never loads it. */
async function warehousePosition(home: string): Promise<number | null> {
  const { readWarehouseStatus } = await import('../warehouse/readOnly.js');
  return readWarehouseStatus(home).then((s) => s.logPosition ?? null, () => null);
}

let version: string | undefined;

function packageVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      version = 'unknown';
    }
  }
  return version;
}
