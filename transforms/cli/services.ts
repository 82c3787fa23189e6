// Wires the adapters a command needs from its options and home: the event log
// (embedded by default, or Kafka), the record index and the pseudonymiser.
// The Kafka client and DuckDB (the record index) are imported when first
// opened, so commands that need neither (verify, quarantine on the embedded
// log) never load them.
import { SendwhError, type EventLog, type Logger, type SourceName } from '../../models/index.js';
import { createFileEventLog } from '../../ingest/log/fileEventLog.js';
import type { RecordIndex } from '../../ingest/recordIndex.js';
import { createPseudonymiser, loadOrCreateSecret } from '../../ingest/pseudonym.js';
import type { Context } from './command.js';
import { eventLogChoice } from './eventLogOptions.js';

/** Opens the event log this command should use: embedded under --home, or Kafka (--log kafka). */
export async function openEventLog(ctx: Context): Promise<EventLog> {
  const choice = eventLogChoice(ctx);
  if (choice.kind === 'kafka') {
    // Loaded only when asked for: the embedded default never loads the Kafka client.
    const { createKafkaEventLog } = await import('../../ingest/log/kafka/kafkaEventLog.js');
    return createKafkaEventLog(choice.settings, { logger: ctx.logger });
  }
  return createFileEventLog(ctx.home.log, { logger: ctx.logger });
}

/** Opens the record index under --home (a DuckDB file): what ingest diffs each file against. */
export async function openIndex(ctx: Context): Promise<RecordIndex> {
  const { openRecordIndex } = await import('../../ingest/recordIndex.js');
  return openRecordIndex(ctx.home.index, { logger: ctx.logger });
}

export function pseudonymiser(ctx: Context): (identifier: string) => string {
  return createPseudonymiser(pseudonymSecret(ctx));
}

/** The installation's pseudonym secret (created on first use): for the ingest's worker threads. */
export function pseudonymSecret(ctx: Context): Buffer {
  return loadOrCreateSecret(ctx.home.secret);
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

/**
 * Ingests a file, taking turns with other workers of the same source: on a Kafka log,
 * starting an append fences any other writer of that source, whose append fails with
 * 'log-conflict' and commits nothing. The fenced worker then waits until the one that
 * fenced it has committed (or for up to two minutes, should it have died) before trying
 * again, so two workers never keep fencing each other; the retry diffs the file against
 * everything committed meanwhile.
 */
export async function takingTurns<T>(log: EventLog, source: SourceName, what: string, logger: Logger, attempt: () => Promise<T>, attempts = 8): Promise<T> {
  for (let n = 1; ; n++) {
    const seen = (await log.files()).filter((f) => f.source === source).length;
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof SendwhError) || error.code !== 'log-conflict' || n >= attempts) throw error;
      logger.warn({ file: what, attempt: n }, 'another worker took over this source: ingesting the file again once it has committed');
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && (await log.files()).filter((f) => f.source === source).length <= seen) {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 500));
    }
  }
}
