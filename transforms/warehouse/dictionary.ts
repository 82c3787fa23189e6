// The data dictionary: every warehouse table and column with its definition,
// from the model declarations (no database needed), and the same read back
// from a warehouse file's COMMENT ON descriptions.
import type { DuckDBConnection } from '@duckdb/node-api';
import { querySqlFile } from '../duckdb/database.js';
import { WAREHOUSE_MODELS } from './models/index.js';
import { BUILD_CHECKPOINT, BUILD_RUNS } from './systemTables.js';
import { DQ_CHECK_RESULTS, DQ_FINDINGS } from '../quality/tables.js';
import { RUNS_TABLE } from '../runs/runsTable.js';

/** One table of the dictionary. */
export interface TableDoc {
  name: string;
  /** staging, intermediate, fct, dim, system (build bookkeeping) or quality (the data-quality checks' results). */
  layer: string;
  grain: string;
  description: string;
  /** What it is built from (event types or tables) and by which SQL file. */
  reads: readonly string[];
  sql: string | null;
  columns: ReadonlyArray<{ name: string; type: string; description: string }>;
}

/** Every table of the warehouse with its columns and definitions, in build-declaration order. */
export function describeWarehouse(): TableDoc[] {
  const models: TableDoc[] = WAREHOUSE_MODELS.map((m) => ({
    name: m.name,
    layer: m.layer,
    grain: m.grain,
    description: m.description,
    reads: m.reads,
    sql: m.sql,
    columns: m.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
  }));
  const system: TableDoc[] = [BUILD_CHECKPOINT, BUILD_RUNS, RUNS_TABLE].map((t) => ({
    name: t.name,
    layer: 'system',
    grain: t.name === BUILD_CHECKPOINT.name ? 'one row' : 'run_id',
    description: t.description,
    reads: [],
    sql: null,
    columns: t.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
  }));
  const quality: TableDoc[] = [DQ_CHECK_RESULTS, DQ_FINDINGS].map((t) => ({
    name: t.name,
    layer: 'quality',
    grain: t.name === DQ_CHECK_RESULTS.name ? 'log_position × check_name' : 'log_position × check_name × finding',
    description: t.description,
    reads: [],
    sql: null,
    columns: t.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
  }));
  return [...models, ...system, ...quality];
}

/** A table's comment and its columns' comments as a warehouse file holds them. */
export interface CommentedTable {
  name: string;
  comment: string | null;
  columns: Array<{ name: string; type: string; comment: string | null }>;
}

/** Reads the tables and COMMENT ON descriptions of an open warehouse. */
export async function readWarehouseComments(connection: DuckDBConnection): Promise<CommentedTable[]> {
  const rows = await querySqlFile(connection, 'build/table_comments.sql');
  const tables = new Map<string, CommentedTable>();
  for (const row of rows) {
    const name = String(row.table_name);
    let table = tables.get(name);
    if (table === undefined) {
      table = { name, comment: (row.table_comment as string | null) ?? null, columns: [] };
      tables.set(name, table);
    }
    table.columns.push({ name: String(row.column_name), type: String(row.data_type), comment: (row.column_comment as string | null) ?? null });
  }
  return [...tables.values()];
}
