// The warehouse's own bookkeeping tables: the checkpoint (log position read,
// written in the same transaction as the rows it produced) and the run record
// (the only place a clock is read; never part of a rebuild verification).
import type { TableSpec } from '../duckdb/ddl.js';
import { DQ_CHECK_RESULTS, DQ_FINDINGS } from '../quality/tables.js';
import { RUNS_TABLE } from '../runs/runsTable.js';
import { column } from './model.js';

/** build_checkpoint: one row, the log position the warehouse reflects. */
export const BUILD_CHECKPOINT: TableSpec = {
  name: 'build_checkpoint',
  description:
    'Where the warehouse stands: the last event log sequence number it has read, and a hash of the model definitions that built it (a change of definitions forces a full build).',
  columns: [
    column('log_position', 'bigint', 'The last log sequence number read: every number here is as the log knew it at this position.'),
    column('definitions_hash', 'varchar', 'sha256 of the model declarations and SQL files that built the warehouse.'),
    column(
      'log_offsets',
      'varchar',
      'For a Kafka event log: where the build consumer stands after log_position, as JSON [{topic, partition, offset}] (the next offset to read). The next build seeks there, never to the consumer group offsets. Null for the embedded log.',
    ),
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

/**
 * Tables not compared by `rebuild --verify` (metadata, not content). The
 * data-quality tables are history: their rows for earlier log positions record
 * what the checks said then, which a build from the whole log cannot (and
 * should not) reproduce, and their rows for the current position are a pure
 * function of the tables that are verified (the checks read no clock), so
 * comparing them would add nothing; a verify runs no checks. The runs table
 * is a copy of the run records (transforms/runs), which grow with every run.
 */
export const UNVERIFIED_TABLES: ReadonlySet<string> = new Set([BUILD_RUNS.name, DQ_CHECK_RESULTS.name, DQ_FINDINGS.name, RUNS_TABLE.name]);
