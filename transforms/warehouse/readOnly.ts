// How analysts' tools and the other commands open the live warehouse:
// read-only, so any number of readers can share it while builds publish new
// files beside it.
import { existsSync } from 'node:fs';
import { SendwhError } from '../../models/index.js';
import { openDatabase, querySqlFile, type Database } from '../duckdb/database.js';
import { readLatestQuality } from '../quality/runChecks.js';
import { definitionsHash } from './definitions.js';
import { warehousePath } from './paths.js';

/**
 * Opens `<home>/warehouse.duckdb` read-only. The handle keeps reading the file
 * as it was when opened (a later build renames a new file over it); open again
 * to see a newer build. Close it when done.
 */
export async function openWarehouseReadOnly(home: string): Promise<Database> {
  const path = warehousePath(home);
  if (!existsSync(path)) {
    throw new SendwhError('no-warehouse', `there is no warehouse at ${path}`, { hint: 'run `sendwh build` first' });
  }
  return openDatabase(path, { readOnly: true });
}

/** Where the live warehouse stands, for `sendwh status`. */
export interface WarehouseStatus {
  exists: boolean;
  /** The last log sequence number the warehouse has read. */
  logPosition?: number;
  /** False when the code's model definitions differ from the ones that built it (the next build is full). */
  definitionsCurrent?: boolean;
  lastRun?: {
    runId: number;
    mode: string;
    fromSeq: number;
    toSeq: number;
    events: number;
    startedAt: string;
    finishedAt: string;
  };
  /** The current data-quality results (those of the last build that published). */
  quality?: {
    logPosition: number;
    checks: number;
    /** The checks that found something, with how many findings each. */
    failing: Array<{ checkName: string; severity: string; findingCount: number }>;
    findings: number;
  };
}

/** Reads the live warehouse's checkpoint and latest run record. */
export async function readWarehouseStatus(home: string): Promise<WarehouseStatus> {
  if (!existsSync(warehousePath(home))) return { exists: false };
  const db = await openWarehouseReadOnly(home);
  try {
    const [checkpoint] = await querySqlFile(db.connection, 'build/read_checkpoint.sql');
    const [run] = await querySqlFile(db.connection, 'build/last_run.sql');
    const status: WarehouseStatus = { exists: true };
    if (checkpoint !== undefined) {
      status.logPosition = Number(checkpoint.log_position);
      status.definitionsCurrent = checkpoint.definitions_hash === definitionsHash();
    }
    const quality = await readLatestQuality(db.connection);
    if (quality !== undefined) {
      const failing = quality.results.filter((r) => r.status === 'fail');
      status.quality = {
        logPosition: quality.logPosition,
        checks: quality.results.length,
        failing: failing.map((r) => ({ checkName: r.checkName, severity: r.severity, findingCount: r.findingCount })),
        findings: quality.findings.length,
      };
    }
    if (run !== undefined) {
      status.lastRun = {
        runId: Number(run.run_id),
        mode: String(run.mode),
        fromSeq: Number(run.from_seq),
        toSeq: Number(run.to_seq),
        events: Number(run.events),
        startedAt: String(run.started_at),
        finishedAt: String(run.finished_at),
      };
    }
    return status;
  } finally {
    db.close();
  }
}
