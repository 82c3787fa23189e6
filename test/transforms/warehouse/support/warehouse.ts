// Test fixtures for the warehouse: a temp home per test, a real DuckDB file,
// and read-only queries on the published warehouse.
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventLog } from '../../../../ingest/log/memoryEventLog.js';
import type { EventLog, NewEvent } from '../../../../models/index.js';
import { buildWarehouse, type BuildResult } from '../../../../transforms/warehouse/build.js';
import { openWarehouseReadOnly } from '../../../../transforms/warehouse/readOnly.js';
import { appendEvents } from './events.js';

process.env.TZ = 'UTC';

/** A fresh temporary home directory; remove it with cleanup(). */
export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'sendwh-wh-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** For a test file: a maker of fresh homes, each removed after the test that made it. */
export function tempHomes(): () => string {
  let cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups) cleanup();
    cleanups = [];
  });
  return () => {
    const t = tempHome();
    cleanups.push(t.cleanup);
    return t.home;
  };
}

/** A fresh in-memory event log holding the given events. */
export async function logWith(events: readonly NewEvent[]): Promise<EventLog> {
  const log = createMemoryEventLog();
  await appendEvents(log, events);
  return log;
}

/** Runs a read-only query on the live warehouse; BIGINT/DECIMAL/DATE come back as strings. */
export async function query(home: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const db = await openWarehouseReadOnly(home);
  try {
    const reader = await db.connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

/** Given these events, when the warehouse is built (full) in a temp home: the home and build result. */
export async function buildFrom(events: readonly NewEvent[]): Promise<{ home: string; log: EventLog; result: BuildResult; cleanup: () => void }> {
  const { home, cleanup } = tempHome();
  const log = await logWith(events);
  const result = await buildWarehouse({ home, log });
  return { home, log, result, cleanup };
}
