// Applies one build to an open warehouse file: in a single transaction, create
// the tables (and their comments), load the events after the checkpoint, run
// every model in DAG order, and write the checkpoint and the run record. Either
// all of it commits, or none of it does.
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { EventLog, Logger } from '../../models/index.js';
import { runGenerated, runSqlFile, type SqlParams } from '../duckdb/database.js';
import { commentStatements, createTableStatement, type TableSpec } from '../duckdb/ddl.js';
import { eventTypesRead, orderModels } from './dag.js';
import { definitionsHash } from './definitions.js';
import { loadEvents } from './loadEvents.js';
import { createMergeMacros, runMerge } from './merge.js';
import type { WarehouseModel } from './model.js';
import { WAREHOUSE_MODELS } from './models/index.js';
import { BUILD_CHECKPOINT, BUILD_RUNS } from './systemTables.js';

/** Full builds start from an empty file; incremental builds from a copy of the live one. */
export type BuildMode = 'incremental' | 'full';

/** Every table the warehouse holds: the models, then the bookkeeping tables. */
export const WAREHOUSE_TABLES: readonly TableSpec[] = [...WAREHOUSE_MODELS, BUILD_CHECKPOINT, BUILD_RUNS];

export interface ApplyOptions {
  log: EventLog;
  mode: BuildMode;
  /** Read events with seq > after ... */
  after: number;
  /** ... and seq <= until. */
  until: number;
  logger: Logger;
  /** When the build started: metadata for build_runs only. */
  startedAt: Date;
  /** Reads the clock for build_runs.finished_at (injected so the transforms never do). */
  now: () => Date;
}

/** Runs one build on an open connection; returns the number of events read. */
export async function applyBuild(connection: DuckDBConnection, options: ApplyOptions): Promise<number> {
  const { logger } = options;
  await runGenerated(connection, 'begin transaction', 'begin the build transaction');
  try {
    await createTables(connection);
    const { events, logOffsets } = await loadEvents(connection, options.log, { after: options.after, until: options.until }, logger);
    logger.info({ events, after: options.after, until: options.until }, 'events loaded');
    await createMergeMacros(connection);
    for (const model of orderModels(WAREHOUSE_MODELS)) {
      const started = performance.now();
      await runSqlFile(connection, model.sql, modelParams(model));
      // A staging model's file staged its events; the shared merge folds and writes them.
      if (model.refresh === 'merge') await runMerge(connection, model);
      logger.debug({ model: model.name, ms: Math.round(performance.now() - started) }, 'model built');
    }
    await runSqlFile(connection, 'build/write_checkpoint.sql', {
      log_position: BigInt(options.until),
      definitions_hash: definitionsHash(),
      log_offsets: logOffsets,
    });
    await runSqlFile(connection, 'build/record_run.sql', {
      mode: options.mode,
      from_seq: BigInt(options.after),
      to_seq: BigInt(options.until),
      events: BigInt(events),
      started_at: timestampText(options.startedAt),
      finished_at: timestampText(options.now()),
    });
    await runGenerated(connection, 'commit', 'commit the build transaction');
    return events;
  } catch (error) {
    try {
      await connection.run('rollback');
    } catch {
      // The transaction may already be aborted; the file is discarded anyway.
    }
    throw error;
  }
}

/** Creates every warehouse table that does not exist yet and (re)applies every comment. */
export async function createTables(connection: DuckDBConnection): Promise<void> {
  for (const table of WAREHOUSE_TABLES) {
    await runGenerated(connection, createTableStatement(table), `create table ${table.name}`);
    await runGenerated(connection, commentStatements(table).join(';\n'), `comments on ${table.name}`);
  }
}

/** The named parameters a model's SQL is given. */
export function modelParams(model: WarehouseModel): SqlParams {
  const params: Record<string, DuckDBValue> = { ...(model.params ?? {}) };
  const types = eventTypesRead(model);
  if (types.length > 0) params.event_types = listValue(types);
  return params;
}

function timestampText(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
