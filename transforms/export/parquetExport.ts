// `sendwh export parquet <dir>`: the facts and dimensions as Parquet files,
// for tools that read Parquet (Power BI, pandas, Spark, another DuckDB). The
// big facts are split by period (hive style: snapshot_date=2025-01-16/...), the
// rest are one file each. A manifest.json describes the export: every table's
// schema (with the warehouse's definitions), row count, files with their row
// counts, sizes and sha256, and the log position the numbers are as of.
//
// Written atomically: everything goes to a new folder beside <dir>, which is
// fsynced and renamed into place (a previous export at <dir> is moved aside
// first and removed after), so a reader sees the old export or the new one,
// never a mixture.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fsyncPath } from '../warehouse/durable.js';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { SendwhError, UsageError } from '../../models/index.js';
import { querySqlFile, runSqlFile, type Database } from '../duckdb/database.js';
import { openWarehouseReadOnly, WAREHOUSE_MODELS } from '../warehouse/index.js';

/** Tables split by a period column, and the column. */
export const PARTITIONED: Readonly<Record<string, string>> = {
  fct_ehcp_caseload: 'snapshot_date',
  fct_census_sen: 'census_date',
  fct_hnb_spend: 'financial_year',
};

/** One file of the export. */
export interface ExportedFile {
  /** Relative to the export folder, with forward slashes. */
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** One table of the export. */
export interface ExportedTable {
  table: string;
  layer: string;
  grain: string;
  description: string;
  rows: number;
  /** The column the files are split by (a hive partition folder per value), or null for one file. */
  partitionBy: string | null;
  columns: Array<{ name: string; type: string; description: string }>;
  files: ExportedFile[];
}

/** manifest.json. */
export interface ExportManifest {
  format: 'sendwh-parquet-export';
  version: 1;
  createdAt: string;
  /** Every number is as the log knew it at this position. */
  logPosition: number;
  definitionsHash: string;
  warehouse: string;
  tables: ExportedTable[];
}

export interface ExportOptions {
  home: string;
  out: string;
  now?: () => Date;
  onProgress?: (message: string) => void;
}

/** Exports the facts and dimensions of the live warehouse to `out`. */
export async function exportParquet(options: ExportOptions): Promise<{ out: string; manifest: ExportManifest }> {
  const out = resolve(options.out);
  refuseUnlessReplaceable(out);
  mkdirSync(dirname(out), { recursive: true });
  const staging = join(dirname(out), `.${basename(out)}.partial-${process.pid}-${Date.now()}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const db = await openWarehouseReadOnly(options.home);
  try {
    const [checkpoint] = await querySqlFile(db.connection, 'build/read_checkpoint.sql');
    if (checkpoint === undefined) throw new SendwhError('no-warehouse', 'the warehouse has no checkpoint: it was never built', { hint: 'run `sendwh build` first' });
    const tables: ExportedTable[] = [];
    for (const model of WAREHOUSE_MODELS.filter((m) => m.layer === 'fct' || m.layer === 'dim')) {
      options.onProgress?.(`exporting ${model.name}...`);
      tables.push(await exportTable(db, model.name, staging));
    }
    const manifest: ExportManifest = {
      format: 'sendwh-parquet-export',
      version: 1,
      createdAt: (options.now ?? (() => new Date()))().toISOString(),
      logPosition: Number(checkpoint.log_position),
      definitionsHash: String(checkpoint.definitions_hash),
      warehouse: db.path,
      tables,
    };
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    fsyncTree(staging);
    publish(staging, out);
    return { out, manifest };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    db.close();
  }
}

async function exportTable(db: Database, table: string, folder: string): Promise<ExportedTable> {
  const model = WAREHOUSE_MODELS.find((m) => m.name === table);
  if (model === undefined) throw new SendwhError('export-unknown-table', `no model named ${table}`);
  const partitionBy = PARTITIONED[table] ?? null;
  const target = partitionBy === null ? join(folder, `${table}.parquet`) : join(folder, table);
  if (partitionBy === null) await runSqlFile(db.connection, 'export/copy_table.sql', { table, path: target });
  else await runSqlFile(db.connection, `export/copy_${table}.sql`, { path: target });
  const descriptions = new Map(model.columns.map((c) => [c.name, c.description]));
  const columns = (await querySqlFile(db.connection, 'export/table_schema.sql', { table })).map((r) => ({
    name: String(r.column_name),
    type: String(r.data_type),
    description: descriptions.get(String(r.column_name)) ?? '',
  }));
  const [count] = await querySqlFile(db.connection, 'runs/table_rows.sql', { table });
  const files: ExportedFile[] = [];
  for (const path of partitionBy === null ? [target] : listFiles(target)) {
    const [meta] = await querySqlFile(db.connection, 'export/parquet_rows.sql', { path });
    files.push({ path: relative(folder, path).split('\\').join('/'), rows: Number(meta?.rows ?? 0), bytes: statSync(path).size, sha256: sha256File(path) });
  }
  const rows = Number(count?.table_rows ?? 0);
  const written = files.reduce((s, f) => s + f.rows, 0);
  if (written !== rows) throw new SendwhError('export-row-mismatch', `${table}: ${written} rows written to Parquet but the table has ${rows}`);
  return { table, layer: model.layer, grain: model.grain, description: model.description, rows, partitionBy, columns, files };
}

/** Refuses to replace anything but a previous export (or an empty folder). */
function refuseUnlessReplaceable(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new UsageError(`${out} exists and is not a folder`, 'give a new folder, or a previous export to replace');
  if (readdirSync(out).length === 0) return;
  const manifest = join(out, 'manifest.json');
  let format: unknown;
  try {
    format = (JSON.parse(readFileSync(manifest, 'utf8')) as { format?: unknown }).format;
  } catch {
    format = undefined;
  }
  if (format !== 'sendwh-parquet-export') {
    throw new UsageError(`${out} is not empty and is not a sendwh Parquet export: it was left as it is`, 'give a new or empty folder, or a previous export to replace');
  }
}

/** Renames the finished folder into place, moving a previous export aside first. */
function publish(staging: string, out: string): void {
  let old: string | undefined;
  if (existsSync(out)) {
    old = join(dirname(out), `.${basename(out)}.old-${process.pid}-${Date.now()}`);
    renameSync(out, old);
  }
  renameSync(staging, out);
  fsyncDir(dirname(out));
  if (old !== undefined) rmSync(old, { recursive: true, force: true });
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(path);
    else fsyncPath(path, 'r');
  }
  fsyncDir(dir);
}

function fsyncDir(dir: string): void {
  fsyncPath(dir, 'r');
}
