// Loads the events a build reads from the log into the raw_events temp table
// in bulk (the DuckDB appender). Everything after this is set-based SQL.
//
// A log with positions of its own (Kafka) is consumed rather than read: the
// consumer starts at the offsets stored with the checkpoint this build starts
// from (never at the consumer group's own offsets), and the offsets it ends at
// are returned to be written with the new checkpoint, in the same transaction
// as the rows the events produced. Each event is then counted exactly once,
// whatever stopped an earlier build.
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { SendwhError, type EventLog, type LogConsumption, type LogOffset, type Logger, type StoredEvent } from '../../models/index.js';
import { querySqlFile, runSqlFile, wrapDuckDbError } from '../duckdb/database.js';

/** Which events to load: seq in (after, until]. */
export interface LoadRange {
  after: number;
  until: number;
}

/** What a load read: the number of events, and the log's own offsets after them (JSON, null for a log without). */
export interface LoadResult {
  events: number;
  logOffsets: string | null;
}

/**
 * Upcasts an event to the version the staging SQL reads. Every event type is
 * still at v1; a v2 adds its pure upcaster here, applied on read.
 */
export function upcast(event: StoredEvent): StoredEvent {
  return event;
}

/** Creates raw_events and appends the range's events to it; returns how many, and the offsets to checkpoint. */
export async function loadEvents(connection: DuckDBConnection, log: EventLog, range: LoadRange, logger: Logger): Promise<LoadResult> {
  await runSqlFile(connection, 'build/raw_events.sql');
  const stored = log.consume === undefined ? null : await readLogOffsets(connection);
  if (range.until <= range.after) return { events: 0, logOffsets: stored === null ? null : JSON.stringify(stored) };
  let consumption: LogConsumption | undefined;
  if (log.consume !== undefined) consumption = await log.consume({ after: range.after, until: range.until, from: stored ?? [] });
  let appender;
  try {
    try {
      appender = await connection.createAppender('raw_events', 'main', 'temp');
    } catch (cause) {
      throw wrapDuckDbError(cause, 'appender on raw_events');
    }
    let count = 0;
    let lastReport = 0;
    const started = performance.now();
    try {
      const batches = consumption === undefined ? log.read({ after: range.after, until: range.until }) : consumption.read();
      for await (const batch of batches) {
        try {
          for (const event of batch) appendEvent(appender, upcast(event));
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
    if (count !== range.until - range.after) {
      throw new SendwhError('log-read-short', `the log gave ${count} events for positions ${range.after + 1}..${range.until}, not ${range.until - range.after}`, {
        hint: 'the log changed under the build, or is damaged: run `sendwh verify`, then build again',
      });
    }
    return { events: count, logOffsets: consumption === undefined ? null : JSON.stringify(consumption.offsets()) };
  } finally {
    await consumption?.close();
  }
}

const StoredOffsets = z.array(z.object({ topic: z.string().min(1), partition: z.number().int().min(0), offset: z.string().regex(/^\d+$/) }));

/** The log offsets stored with the checkpoint of the file being built (none for a new file). */
async function readLogOffsets(connection: DuckDBConnection): Promise<LogOffset[]> {
  const [row] = await querySqlFile(connection, 'build/read_log_offsets.sql');
  const text = row?.log_offsets;
  if (text === undefined || text === null) return [];
  const parsed = StoredOffsets.safeParse(JSON.parse(String(text)));
  if (!parsed.success) {
    throw new SendwhError('warehouse-checkpoint-invalid', 'build_checkpoint.log_offsets is not a list of {topic, partition, offset}', {
      hint: 'run `sendwh rebuild` to build the warehouse from the log again',
    });
  }
  return parsed.data;
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
