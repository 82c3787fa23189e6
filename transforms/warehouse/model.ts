// What a warehouse model declares: its table (name, columns, definitions), its
// layer, what it reads (event types or other models) and the SQL file that
// keeps it up to date. The declarations drive the DAG, the table DDL, the
// COMMENT ON descriptions and the data dictionary.
import type { DuckDBValue } from '@duckdb/node-api';
import type { ColumnSpec, TableSpec } from '../duckdb/ddl.js';

/** dbt-style layers: staging folds events per record; intermediate prepares; fct and dim are what analysts query. */
export type Layer = 'staging' | 'intermediate' | 'fct' | 'dim';

/**
 * How a model's rows are kept up to date by a build:
 * 'merge' folds this build's events into the records they touch;
 * 'partitions' recomputes only the partitions (dates, months, years, keys) the changes reach;
 * 'full' recomputes the table (small tables, or constants).
 */
export type Refresh = 'merge' | 'partitions' | 'full';

/**
 * How a staging model ('merge' refresh) folds this build's events into its
 * records. The model's SQL file stages the events (its projection from event
 * data); the build folds and writes them with the templates under
 * sql/staging/merge/, filled with the model's name and key (see merge.ts):
 * 'newest-event': the file stages `_staged`, the rows each event gives (with
 *   last_seq, its seq); the newest event of a record is the whole record;
 * 'newest-field': the file stages `_staged`, one row per event with its key,
 *   last_seq and per field a carried list (staging/merge/macros.sql); each
 *   field of a record holds the value of the newest event that carries it;
 * 'own': the file makes `_touched` (the keys of the records it replaces) and
 *   `_merged` (their new rows) itself.
 * Then every touched record is replaced by its merged rows, and
 * `_delta_<model>` holds the touched records before ('old') and after ('new').
 */
export interface StagingMerge {
  fold: 'newest-event' | 'newest-field' | 'own';
  /** The columns that identify a record: a build replaces all the rows of each record it touches. */
  key: readonly string[];
}

/** One node of the warehouse DAG. */
export interface WarehouseModel extends TableSpec {
  layer: Layer;
  /** What one row is, in words (the contract's grain for the contract tables). */
  grain: string;
  /** Event types (for staging) or names of the models it reads. */
  reads: readonly string[];
  /** Its SQL file, relative to sql/. */
  sql: string;
  refresh: Refresh;
  /** Staging models: how the build folds the staged events into records. */
  merge?: StagingMerge;
  /** Named parameters its SQL uses besides `$event_types` (the event types it reads). */
  params?: Readonly<Record<string, DuckDBValue>>;
}

/** Declares a column. */
export function column(name: string, type: string, description: string): ColumnSpec {
  return { name, type, description };
}

/** Declares a model (identity, for type checking and a uniform look). */
export function defineModel(model: WarehouseModel): WarehouseModel {
  return model;
}
