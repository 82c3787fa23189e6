// "Never two runs at once": every scheduled run, in any `sendwh schedule`
// process on this home, holds <home>/schedule.lock while it works. It is the
// event log's lock file mechanism (ingest/log/lock.ts: pid + hostname inside,
// taken over when that pid is dead), so a crashed run does not leave it stuck.
import { removeDeadLockTemps, tryAcquireLock, type LockOwner } from '../../ingest/log/lock.js';
import type { Logger } from '../../models/index.js';

export type LockedResult<T> = { ran: true; value: T } | { ran: false; holder: LockOwner | undefined };

/** Runs `fn` holding the schedule lock, or returns who holds it (without waiting). */
export async function withScheduleLock<T>(path: string, purpose: string, logger: Logger, fn: () => Promise<T>): Promise<LockedResult<T>> {
  const { lock, holder } = await tryAcquireLock(path, { purpose, logger });
  if (lock === undefined) return { ran: false, holder };
  try {
    return { ran: true, value: await fn() };
  } finally {
    await lock.release();
  }
}

/** Deletes lock temp files left by killed processes (call once at start). */
export async function tidyScheduleLock(path: string, logger: Logger): Promise<void> {
  await removeDeadLockTemps(path, logger);
}
