// The warehouse's own bookkeeping tables: the checkpoint (log position read,
// written in the same transaction as the rows it produced) and the run record
// (the only place a clock is read; never part of a rebuild verification).
import type { TableSpec } from '../duckdb/ddl.js';
import { column } from './model.js';

/** build_checkpoint: one row, the log position the warehouse reflects. */
export const BUILD_CHECKPOINT: TableSpec = {
  name: 'build_checkpoint',
  description:
    'Where the warehouse stands: the last event log sequence number it has read, and a hash of the model definitions that built it (a change of definitions forces a full build).',
  columns: [
    column('log_position', 'bigint', 'The last log sequence number read: every number here is as the log knew it at this position.'),
    column('definitions_hash', 'varchar', 'sha256 of the model declarations and SQL files that built the warehouse.'),
  ],
};

/** build_runs: one row per build that published (or was verified). */
export const BUILD_RUNS: TableSpec = {
  name: 'build_runs',
  description: 'The record of the builds that made this warehouse file: build metadata only, excluded from rebuild verification.',
  columns: [
    column('run_id', 'bigint', 'Number of the build within this warehouse file (1, 2, ...).'),
    column('mode', 'varchar', 'incremental or full.'),
    column('from_seq', 'bigint', 'The log position the build started from (events after it were read).'),
    column('to_seq', 'bigint', 'The log position the build read up to.'),
    column('events', 'bigint', 'Number of events read.'),
    column('started_at', 'timestamp', 'When the build started (UTC).'),
    column('finished_at', 'timestamp', 'When the build committed (UTC).'),
  ],
};

/** Tables not compared by `rebuild --verify` (metadata, not content). */
export const UNVERIFIED_TABLES: ReadonlySet<string> = new Set([BUILD_RUNS.name]);
