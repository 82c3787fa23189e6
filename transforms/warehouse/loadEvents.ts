// Loads the events a build reads from the log into the raw_events temp table
// in bulk (the DuckDB appender). Everything after this is set-based SQL.
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { EventLog, Logger, StoredEvent } from '../../models/index.js';
import { runSqlFile, wrapDuckDbError } from '../duckdb/database.js';

/** Which events to load: seq in (after, until]. */
export interface LoadRange {
  after: number;
  until: number;
}

/**
 * Upcasts an event to the version the staging SQL reads. Every event type is
 * still at v1; a v2 adds its pure upcaster here, applied on read.
 */
export function upcast(event: StoredEvent): StoredEvent {
  return event;
}

/** Creates raw_events and appends the range's events to it; returns how many. */
export async function loadEvents(connection: DuckDBConnection, log: EventLog, range: LoadRange, logger: Logger): Promise<number> {
  await runSqlFile(connection, 'build/raw_events.sql');
  if (range.until <= range.after) return 0;
  let appender;
  try {
    appender = await connection.createAppender('raw_events', 'main', 'temp');
  } catch (cause) {
    throw wrapDuckDbError(cause, 'appender on raw_events');
  }
  let count = 0;
  let lastReport = 0;
  const started = performance.now();
  try {
    for await (const batch of log.read({ after: range.after, until: range.until })) {
      try {
        for (const stored of batch) appendEvent(appender, upcast(stored));
      } catch (cause) {
        throw wrapDuckDbError(cause, 'appending to raw_events');
      }
      count += batch.length;
      if (count - lastReport >= 100_000) {
        lastReport = count;
        const seconds = (performance.now() - started) / 1000;
        logger.info({ events: count, eventsPerSecond: Math.round(count / Math.max(seconds, 0.001)) }, 'loading events');
      }
    }
    try {
      appender.flushSync();
    } catch (cause) {
      throw wrapDuckDbError(cause, 'appending to raw_events');
    }
  } finally {
    try {
      appender.closeSync();
    } catch {
      // Already failed above; the transaction is rolled back by the caller.
    }
  }
  return count;
}

function appendEvent(appender: DuckDBAppender, event: StoredEvent): void {
  appender.appendBigInt(BigInt(event.seq));
  appender.appendVarchar(event.id);
  appender.appendVarchar(event.type);
  appender.appendInteger(event.v);
  appender.appendVarchar(event.source);
  appender.appendVarchar(event.key);
  if (event.asAt === null) appender.appendNull();
  else appender.appendVarchar(event.asAt);
  appender.appendVarchar(event.file);
  appender.appendVarchar(event.sha256);
  appender.appendBigInt(BigInt(event.line));
  appender.appendVarchar(JSON.stringify(event.data));
  appender.endRow();
}
