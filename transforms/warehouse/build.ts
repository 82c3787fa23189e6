// The build runner: brings the warehouse up to date with the event log without
// ever showing readers a half-built state or refusing them for a lock. A build
// writes a separate file (a copy of the live warehouse, or an empty file for a
// full build), commits, checkpoints and closes it, fsyncs it and renames it over
// <home>/warehouse.duckdb. Readers that opened the old file keep its inode; a
// build killed at any instant leaves the live file as it was, and the next
// build clears what it left behind.
//
// Incremental builds read only the events after the checkpoint. Staging models
// fold those events into the records they touch; facts recompute only the
// partitions the touched records reach (snapshot dates, months, financial
// years, census days, source rows); small tables are rewritten whole. A change
// of the model definitions since the live file was built forces a full build.
//
// Every build that publishes runs the data-quality checks on its file first
// (transforms/quality), so the published file always holds the checks of the
// position it reflects, with the earlier positions' results as history.
import { constants, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { fsyncPath } from './durable.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SendwhError, silentLogger, type EventLog, type Logger } from '../../models/index.js';
import { openDatabase, querySqlFile, runGenerated, type Database } from '../duckdb/database.js';
import { hashTable, listTables, type TableHash } from '../duckdb/tableHash.js';
import { runQualityChecks, type QualityReport } from '../quality/runChecks.js';
import { copyRunRecords } from '../runs/runsTable.js';
import { runRecordsFile } from '../runs/runRecord.js';
import { acquireBuildLock } from './buildLock.js';
import { definitionsHash } from './definitions.js';
import { buildingPath, companionPaths, warehousePath } from './paths.js';
import { applyBuild, type BuildMode } from './runner.js';
import { UNVERIFIED_TABLES } from './systemTables.js';

export type { BuildMode } from './runner.js';

export interface BuildOptions {
  /** The installation's home directory (holds warehouse.duckdb). */
  home: string;
  log: EventLog;
  logger?: Logger;
  /** incremental (default): only the new events' work; full: from the whole log into an empty file. */
  mode?: BuildMode;
  /** Clock for the run record only (default: the system clock). */
  now?: () => Date;
}

/** What a build did. */
export interface BuildResult {
  /** The mode actually used (an incremental request may become full, see reason). */
  mode: BuildMode;
  /** True when the warehouse already reflected the whole log: nothing was read or replaced. */
  upToDate: boolean;
  /** Why a full build ran when incremental was asked for. */
  reason?: string;
  /** Events with seq in (fromSeq, toSeq] were read. */
  fromSeq: number;
  toSeq: number;
  events: number;
  /** The live warehouse file. */
  warehouse: string;
  durationMs: number;
  /** The data-quality checks this build ran (absent when nothing was built, and for a verify). */
  quality?: QualityReport;
}

/** Brings `<home>/warehouse.duckdb` up to date with the log. */
export async function buildWarehouse(options: BuildOptions): Promise<BuildResult> {
  const { home, log } = options;
  const logger = (options.logger ?? silentLogger).child({ component: 'warehouse-build' });
  const now = options.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  mkdirSync(home, { recursive: true });
  const lock = acquireBuildLock(home);
  try {
    removeBuildingFiles(home);
    const live = warehousePath(home);
    const target = await log.position();
    let mode: BuildMode = options.mode ?? 'incremental';
    let reason: string | undefined;
    let after = 0;
    if (mode === 'incremental') {
      const state = await readLiveState(live, logger);
      if (state.kind !== 'ok') {
        mode = 'full';
        reason = state.kind === 'missing' ? 'no warehouse yet' : 'the live warehouse cannot be read';
      } else if (state.definitionsHash !== definitionsHash()) {
        mode = 'full';
        reason = 'the model definitions changed since the live warehouse was built';
      } else if (state.position > target) {
        throw new SendwhError('log-behind-warehouse', `the warehouse has read up to event ${state.position} but the log ends at ${target}`, {
          hint: 'the event log was replaced or truncated; run `sendwh rebuild` to build from the log as it is',
        });
      } else if (state.position === target) {
        logger.info({ position: target }, 'warehouse already up to date');
        return { mode, upToDate: true, fromSeq: target, toSeq: target, events: 0, warehouse: live, durationMs: Math.round(performance.now() - t0) };
      } else {
        after = state.position;
      }
    }
    if (reason !== undefined) logger.info({ reason }, 'full build');
    const building = buildingPath(home);
    // A reflink where the file system offers one, else a plain copy.
    if (mode === 'incremental') copyFileSync(live, building, constants.COPYFILE_FICLONE);
    // An incremental build's copy holds the quality history; a full build carries it over from the live file.
    const checks = { historyFrom: mode === 'full' && existsSync(live) ? live : undefined };
    const { events, quality } = await buildFile(building, { log, mode, after, until: target, logger, startedAt: started, now, checks, runsFile: runRecordsFile(home) });
    publish(building, live, home);
    const result: BuildResult = { mode, upToDate: false, fromSeq: after, toSeq: target, events, warehouse: live, durationMs: Math.round(performance.now() - t0) };
    if (quality !== undefined) result.quality = quality;
    if (reason !== undefined) result.reason = reason;
    logger.info({ mode, fromSeq: after, toSeq: target, events, durationMs: result.durationMs }, 'warehouse published');
    return result;
  } catch (error) {
    removeBuildingFiles(home);
    throw error;
  } finally {
    lock.release();
  }
}

export interface RebuildOptions {
  home: string;
  log: EventLog;
  /** Compare with the live warehouse instead of replacing it. */
  verify: boolean;
  logger?: Logger;
  now?: () => Date;
}

/** What a rebuild did. */
export interface RebuildResult extends BuildResult {
  /** True when the rebuild was compared with the live warehouse and matched it. */
  verified: boolean;
  /** The rebuilt file's table fingerprints (every table but build metadata). */
  tables: TableHash[];
}

/**
 * Builds the warehouse from the whole log into a new file. With verify, builds
 * up to the live warehouse's log position and compares every table with it by
 * content hash, failing with 'rebuild-mismatch' (naming the tables) on any
 * difference; the live warehouse is never replaced by a verify. Without
 * verify, publishes the rebuilt file.
 */
export async function rebuildWarehouse(options: RebuildOptions): Promise<RebuildResult> {
  const { home, log, verify } = options;
  const logger = (options.logger ?? silentLogger).child({ component: 'warehouse-rebuild' });
  const now = options.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  mkdirSync(home, { recursive: true });
  const lock = acquireBuildLock(home);
  const building = buildingPath(home);
  try {
    removeBuildingFiles(home);
    const live = warehousePath(home);
    let until: number;
    let sameDefinitions = true;
    if (verify) {
      const state = await readLiveState(live, logger);
      if (state.kind !== 'ok') {
        throw new SendwhError('no-warehouse', `there is no readable warehouse at ${live} to verify against`, { hint: 'run `sendwh build` first' });
      }
      until = state.position;
      sameDefinitions = state.definitionsHash === definitionsHash();
    } else {
      until = await log.position();
    }
    let tables: TableHash[] = [];
    const { events, quality } = await buildFile(building, {
      log,
      mode: 'full',
      after: 0,
      until,
      logger,
      startedAt: started,
      now,
      inspect: async (db) => {
        tables = await hashTables(db.connection);
      },
      // A verify publishes nothing, so it runs no checks; a rebuild carries the history over from the live file.
      checks: verify ? undefined : { historyFrom: existsSync(live) ? live : undefined },
      ...(verify ? {} : { runsFile: runRecordsFile(home) }),
    });
    const base = { mode: 'full' as const, upToDate: false, fromSeq: 0, toSeq: until, events, warehouse: live };
    if (verify) {
      const liveDb = await openDatabase(live, { readOnly: true });
      let liveTables: TableHash[];
      try {
        liveTables = await hashTables(liveDb.connection);
      } finally {
        liveDb.close();
      }
      removeBuildingFiles(home);
      const mismatches = compareHashes(liveTables, tables);
      if (mismatches.length > 0) {
        const why = sameDefinitions ? '' : 'the live warehouse was built by other model definitions (an older version of sendwh); ';
        throw new SendwhError('rebuild-mismatch', `the rebuilt warehouse differs from the live one in: ${mismatches.join(', ')}`, {
          hint: `${why}the live warehouse was left as it is; run \`sendwh rebuild\` (without --verify) to replace it with one built from the whole log`,
        });
      }
      logger.info({ tables: tables.length, position: until }, 'rebuild matches the live warehouse');
      return { ...base, verified: true, tables, durationMs: Math.round(performance.now() - t0) };
    }
    publish(building, live, home);
    logger.info({ events, position: until }, 'rebuilt warehouse published');
    return { ...base, verified: false, tables, durationMs: Math.round(performance.now() - t0), ...(quality === undefined ? {} : { quality }) };
  } catch (error) {
    removeBuildingFiles(home);
    throw error;
  } finally {
    lock.release();
  }
}

export interface AsOfOptions {
  log: EventLog;
  /** Build from the events with seq <= position. */
  position: number;
  /** The file to write (replaced if it exists); the home's live and building files are not touched. */
  path: string;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Builds a complete warehouse file from the log's events up to `position` (a
 * full build, with the data-quality checks of that position), so what the
 * warehouse said at an earlier position can be read again (`sendwh
 * reproduce`). Takes no build lock: it writes only `path`.
 */
export async function buildWarehouseAsOf(options: AsOfOptions): Promise<{ events: number; position: number }> {
  const logger = (options.logger ?? silentLogger).child({ component: 'warehouse-as-of' });
  const now = options.now ?? (() => new Date());
  const end = await options.log.position();
  if (!Number.isInteger(options.position) || options.position < 0 || options.position > end) {
    throw new SendwhError('position-beyond-log', `cannot build the warehouse as at log position ${options.position}: the log ends at ${end}`, {
      hint: 'the event log was replaced or truncated since; restore it from a backup of the home directory',
    });
  }
  for (const path of [options.path, ...companionPaths(options.path)]) rmSync(path, { force: true, recursive: true });
  const { events } = await buildFile(options.path, {
    log: options.log,
    mode: 'full',
    after: 0,
    until: options.position,
    logger,
    startedAt: now(),
    now,
    checks: { historyFrom: undefined },
  });
  return { events, position: options.position };
}

/** The tables (by name) whose fingerprints differ, or that only one side has. */
export function compareHashes(expected: readonly TableHash[], actual: readonly TableHash[]): string[] {
  const left = new Map(expected.map((t) => [t.table, t]));
  const right = new Map(actual.map((t) => [t.table, t]));
  const names = [...new Set([...left.keys(), ...right.keys()])].sort();
  return names.filter((name) => {
    const a = left.get(name);
    const b = right.get(name);
    return a === undefined || b === undefined || a.rows !== b.rows || a.columns !== b.columns || a.hash !== b.hash;
  });
}

/** Fingerprints every table of an open warehouse except build metadata. */
export async function hashTables(connection: DuckDBConnection): Promise<TableHash[]> {
  const names = (await listTables(connection)).filter((t) => !UNVERIFIED_TABLES.has(t));
  const hashes: TableHash[] = [];
  for (const name of names) hashes.push(await hashTable(connection, name));
  return hashes;
}

type LiveState = { kind: 'missing' } | { kind: 'unreadable' } | { kind: 'ok'; position: number; definitionsHash: string };

async function readLiveState(live: string, logger: Logger): Promise<LiveState> {
  if (!existsSync(live)) return { kind: 'missing' };
  try {
    const db = await openDatabase(live, { readOnly: true });
    try {
      const [row] = await querySqlFile(db.connection, 'build/read_checkpoint.sql');
      if (row === undefined) return { kind: 'unreadable' };
      return { kind: 'ok', position: Number(row.log_position), definitionsHash: String(row.definitions_hash) };
    } finally {
      db.close();
    }
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'live warehouse unreadable');
    return { kind: 'unreadable' };
  }
}

interface BuildFileOptions {
  log: EventLog;
  mode: BuildMode;
  after: number;
  until: number;
  logger: Logger;
  startedAt: Date;
  now: () => Date;
  /** Runs on the committed file before it is closed (the rebuild's fingerprints). */
  inspect?: (db: Database) => Promise<void>;
  /** Run the data-quality checks on the built file (carrying their history over from a file), or not. */
  checks?: { historyFrom: string | undefined };
  /** Copy the installation's run records (<home>/runs/runs.ndjson) into the file's `runs` table. */
  runsFile?: string;
}

async function buildFile(path: string, options: BuildFileOptions): Promise<{ events: number; quality?: QualityReport }> {
  const db = await openDatabase(path, { readOnly: false });
  try {
    const events = await applyBuild(db.connection, options);
    let quality: QualityReport | undefined;
    if (options.checks !== undefined) {
      quality = await runQualityChecks(db.connection, {
        logPosition: options.until,
        logger: options.logger,
        ...(options.checks.historyFrom === undefined ? {} : { historyFrom: options.checks.historyFrom }),
      });
    }
    if (options.runsFile !== undefined) await copyRunRecords(db.connection, options.runsFile);
    await runGenerated(db.connection, 'checkpoint', 'checkpoint the built warehouse');
    if (options.inspect) await options.inspect(db);
    return quality === undefined ? { events } : { events, quality };
  } finally {
    db.close();
  }
}

function publish(building: string, live: string, home: string): void {
  fsyncPath(building, 'r+');
  renameSync(building, live);
  fsyncPath(home, 'r');
}

function removeBuildingFiles(home: string): void {
  const building = buildingPath(home);
  for (const path of [building, ...companionPaths(building)]) rmSync(path, { force: true, recursive: true });
}
