// Wires the adapters a command needs from its options and home: the event log
// (embedded by default), the record index and the pseudonymiser.
import type { EventLog } from '../../models/index.js';
import { createFileEventLog } from '../../ingest/log/fileEventLog.js';
import { openRecordIndex, type RecordIndex } from '../../ingest/recordIndex.js';
import { createPseudonymiser, loadOrCreateSecret } from '../../ingest/pseudonym.js';
import type { Context } from './command.js';

/** Opens the event log this command should use. */
export async function openEventLog(ctx: Context): Promise<EventLog> {
  return createFileEventLog(ctx.home.log, { logger: ctx.logger });
}

export async function openIndex(ctx: Context): Promise<RecordIndex> {
  return openRecordIndex(ctx.home.index, { logger: ctx.logger });
}

export function pseudonymiser(ctx: Context): (identifier: string) => string {
  return createPseudonymiser(loadOrCreateSecret(ctx.home.secret));
}

/** Runs `fn` with a resource and always closes it. */
export async function using<T extends { close(): unknown }, R>(resource: T | Promise<T>, fn: (r: T) => Promise<R>): Promise<R> {
  const r = await resource;
  try {
    return await fn(r);
  } finally {
    await r.close();
  }
}
