// A hash of everything that defines the warehouse's content: the model
// declarations (without their descriptions, which are re-applied on every
// build) and the SQL they run. A warehouse built by other definitions is
// rebuilt in full rather than patched incrementally.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../models/index.js';
import { readSqlFile } from '../duckdb/sqlFiles.js';
import { MERGE_SQL_FILES } from './merge.js';
import { WAREHOUSE_MODELS } from './models/index.js';
import { BUILD_CHECKPOINT, BUILD_RUNS } from './systemTables.js';
import { DQ_CHECK_RESULTS, DQ_FINDINGS } from '../quality/tables.js';

/** SQL files the build runner itself runs. */
export const BUILD_SQL_FILES = ['build/raw_events.sql', 'build/write_checkpoint.sql'] as const;

let cached: string | undefined;

/** sha256 (hex) of the current model and SQL definitions. */
export function definitionsHash(): string {
  if (cached !== undefined) return cached;
  const models = WAREHOUSE_MODELS.map((m) => ({
    name: m.name,
    layer: m.layer,
    reads: m.reads,
    sql: m.sql,
    sqlText: readSqlFile(m.sql),
    refresh: m.refresh,
    merge: m.merge ?? null,
    columns: m.columns.map((c) => [c.name, c.type]),
    params: Object.entries(m.params ?? {}).map(([k, v]) => [k, String(v)]),
  }));
  const system = [BUILD_CHECKPOINT, BUILD_RUNS, DQ_CHECK_RESULTS, DQ_FINDINGS].map((t) => ({ name: t.name, columns: t.columns.map((c) => [c.name, c.type]) }));
  const build = [...BUILD_SQL_FILES, ...MERGE_SQL_FILES].map((f) => [f, readSqlFile(f)]);
  cached = createHash('sha256').update(canonicalJson({ models, system, build })).digest('hex');
  return cached;
}
