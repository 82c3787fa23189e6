// A warehouse as the log knew it at an earlier position: what a submission
// was made from. Built from the log's first `position` events into
// <home>/cache/as-of/<position>/ (kept, so asking again is instant) and opened
// read-only like the live one. The live warehouse is used when it stands at
// exactly that position.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SendwhError, UsageError, type EventLog, type Logger, type ReadOptions, type StoredEvent } from '../../models/index.js';
import { openDatabase, querySqlFile } from '../duckdb/database.js';
import { buildWarehouse, definitionsHash, warehousePath } from '../warehouse/index.js';
import { readSubmission } from '../returns/submissions.js';

/** The log as it stood at `position`: reads and files stop there; it cannot be appended to. */
export function logAsOf(log: EventLog, position: number): EventLog {
  return {
    kind: `${log.kind}@${position}`,
    position: async () => Math.min(position, await log.position()),
    begin: () => Promise.reject(new SendwhError('log-read-only', 'a log as of an earlier position cannot be appended to')),
    read: (options: ReadOptions = {}): AsyncIterable<StoredEvent[]> => log.read({ ...options, until: Math.min(options.until ?? position, position) }),
    files: async () => (await log.files()).filter((f) => f.lastSeq <= position),
    verify: () => log.verify(),
    close: async () => undefined,
  };
}

/** Where a warehouse at `position` is cached. */
export function asOfHome(home: string, position: number): string {
  return join(home, 'cache', 'as-of', String(position));
}

/** Reads a warehouse file's checkpoint (log position and definitions hash), or undefined. */
export async function readCheckpoint(path: string): Promise<{ position: number; definitionsHash: string } | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    const db = await openDatabase(path, { readOnly: true });
    try {
      const [row] = await querySqlFile(db.connection, 'build/read_checkpoint.sql');
      return row === undefined ? undefined : { position: Number(row.log_position), definitionsHash: String(row.definitions_hash) };
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/** The path of a warehouse that reflects the log at exactly `position`, building one when needed. */
export async function warehouseAsOf(home: string, log: EventLog, position: number, logger?: Logger): Promise<{ path: string; built: boolean }> {
  const logPosition = await log.position();
  if (!Number.isInteger(position) || position < 0) throw new UsageError(`--as-of must be a log position (a whole number), not '${position}'`);
  if (position > logPosition) {
    throw new UsageError(`the log ends at position ${logPosition}: there is no position ${position} yet`, 'run `sendwh status` to see the log position');
  }
  const live = warehousePath(home);
  const liveCheckpoint = await readCheckpoint(live);
  if (liveCheckpoint !== undefined && liveCheckpoint.position === position) return { path: live, built: false };
  const cacheHome = asOfHome(home, position);
  const cached = await readCheckpoint(warehousePath(cacheHome));
  if (cached !== undefined && cached.position === position && cached.definitionsHash === definitionsHash()) {
    return { path: warehousePath(cacheHome), built: false };
  }
  await buildWarehouse({ home: cacheHome, log: logAsOf(log, position), mode: 'full', ...(logger === undefined ? {} : { logger }) });
  return { path: warehousePath(cacheHome), built: true };
}

/** The log position a submission was made at (its record under <home>/submissions, checked against its manifest hash). */
export function submissionPosition(submissionsDir: string, id: string): number {
  return readSubmission(submissionsDir, id).logPosition;
}
