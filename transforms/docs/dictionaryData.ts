// Everything the data dictionary shows, gathered in one JSON-friendly value:
// every table and column with its definition, grain and lineage (table- and
// column-level, down to the event fields and extract columns), the extract
// contracts, and the data-quality history (the checks at every log position a
// build published, the rejected rows of every file, the recorded runs). The
// definitions need no database; row counts and history come from the live
// warehouse, the event log and the run records when they exist.
import { existsSync } from 'node:fs';
import type { CommittedFile } from '../../models/index.js';
import { openDatabase, querySqlFile } from '../duckdb/database.js';
import { LINEAGE_TABLES } from '../lineage/lineageTables.js';
import { QUALITY_CHECKS } from '../quality/index.js';
import { readRuns, type RunSummary } from '../runs/runsTable.js';
import { describeWarehouse, warehousePath } from '../warehouse/index.js';
import { columnLineage } from './columnLineage.js';
import { extractContracts, type ExtractContract } from './extractContracts.js';

/** One column in the dictionary. */
export interface ColumnEntry {
  name: string;
  type: string;
  description: string;
  /** Columns of other tables it is computed from. */
  upstream: string[];
  /** Event fields it comes from (`EventType.field`). */
  events: string[];
  /** Extract columns those came in by (`source.Column`). */
  sourceColumns: string[];
}

/** One table in the dictionary. */
export interface TableEntry {
  name: string;
  layer: string;
  grain: string;
  description: string;
  /** What it is built from: event types or tables. */
  reads: string[];
  /** The tables built from it. */
  readBy: string[];
  sql: string | null;
  /** Rows in the live warehouse, when there is one. */
  rows: number | null;
  /** True when `sendwh why` explains its numbers. */
  explained: boolean;
  columns: ColumnEntry[];
}

/** The data-quality history. */
export interface QualityHistory {
  checks: Array<{ name: string; severity: string; passes: string; sql: string }>;
  /** Every check's result at every log position a build published. */
  results: Array<{ logPosition: number; check: string; severity: string; status: string; findings: number; detail: string }>;
  /** Every ingested file with its rejected rows by rule. */
  files: Array<{ source: string; file: string; sha256: string; committedAt: string; events: number; firstSeq: number; lastSeq: number; rejected: number; rules: Record<string, number> }>;
  /** The last recorded runs. */
  runs: Array<Pick<RunSummary, 'runId' | 'parentRunId' | 'command' | 'trigger' | 'status' | 'exitCode' | 'startedAt' | 'durationMs' | 'logPositionBefore' | 'logPositionAfter' | 'rowsIn' | 'rowsOut' | 'rowsQuarantined' | 'checksFailed'>>;
}

/** The whole dictionary. */
export interface DictionaryData {
  generatedAt: string;
  warehouse: { path: string; logPosition: number | null } | null;
  tables: TableEntry[];
  contracts: ExtractContract[];
  quality: QualityHistory;
}

export interface CollectOptions {
  home: string;
  /** The log's committed files (for the per-file history), when there is a log. */
  files?: readonly CommittedFile[];
  now?: () => Date;
}

/** Gathers the dictionary of an installation (definitions alone when there is no warehouse yet). */
export async function collectDictionary(options: CollectOptions): Promise<DictionaryData> {
  const docs = describeWarehouse();
  const lineage = columnLineage();
  const explained = new Set(LINEAGE_TABLES.map((l) => l.table));
  const readBy = new Map<string, string[]>();
  for (const t of docs) for (const r of t.reads) readBy.set(r, [...(readBy.get(r) ?? []), t.name]);
  const live = warehousePath(options.home);
  const stats = existsSync(live) ? await readWarehouseStats(live) : undefined;
  const tables: TableEntry[] = docs.map((t) => ({
    name: t.name,
    layer: t.layer,
    grain: t.grain,
    description: t.description,
    reads: [...t.reads],
    readBy: readBy.get(t.name) ?? [],
    sql: t.sql,
    rows: stats?.rows.get(t.name) ?? null,
    explained: explained.has(t.name),
    columns: t.columns.map((c) => {
      const l = lineage.get(t.name)?.get(c.name);
      return { name: c.name, type: c.type, description: c.description, upstream: l?.upstream ?? [], events: l?.events ?? [], sourceColumns: l?.sourceColumns ?? [] };
    }),
  }));
  const rejected = new Map<string, { total: number; rules: Record<string, number> }>();
  for (const q of stats?.quarantine ?? []) {
    const key = `${q.source}|${q.sha256}`;
    const entry = rejected.get(key) ?? { total: 0, rules: {} };
    entry.total += q.rows;
    entry.rules[q.rule] = (entry.rules[q.rule] ?? 0) + q.rows;
    rejected.set(key, entry);
  }
  const runs = await readRuns(options.home, { limit: 50 });
  return {
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    warehouse: stats === undefined ? null : { path: live, logPosition: stats.logPosition },
    tables,
    contracts: extractContracts(),
    quality: {
      checks: QUALITY_CHECKS.map((c) => ({ name: c.name, severity: c.severity, passes: c.passes, sql: c.sql })),
      results: stats?.results ?? [],
      files: (options.files ?? []).map((f) => {
        const r = rejected.get(`${f.source}|${f.sha256}`);
        return { source: f.source, file: f.file, sha256: f.sha256, committedAt: f.committedAt, events: f.count, firstSeq: f.firstSeq, lastSeq: f.lastSeq, rejected: r?.total ?? 0, rules: r?.rules ?? {} };
      }),
      runs: runs.map((r) => ({
        runId: r.runId,
        parentRunId: r.parentRunId,
        command: r.command,
        trigger: r.trigger,
        status: r.status,
        exitCode: r.exitCode,
        startedAt: r.startedAt,
        durationMs: r.durationMs,
        logPositionBefore: r.logPositionBefore,
        logPositionAfter: r.logPositionAfter,
        rowsIn: r.rowsIn,
        rowsOut: r.rowsOut,
        rowsQuarantined: r.rowsQuarantined,
        checksFailed: r.checksFailed,
      })),
    },
  };
}

interface WarehouseStats {
  logPosition: number | null;
  rows: Map<string, number>;
  results: QualityHistory['results'];
  quarantine: Array<{ source: string; sha256: string; rule: string; rows: number }>;
}

async function readWarehouseStats(path: string): Promise<WarehouseStats> {
  const db = await openDatabase(path, { readOnly: true });
  try {
    const names = new Set((await querySqlFile(db.connection, 'build/list_tables.sql')).map((r) => String(r.table_name)));
    const rows = new Map<string, number>();
    for (const table of names) {
      const [count] = await querySqlFile(db.connection, 'runs/table_rows.sql', { table });
      rows.set(table, Number(count?.table_rows ?? 0));
    }
    const [checkpoint] = names.has('build_checkpoint') ? await querySqlFile(db.connection, 'build/read_checkpoint.sql') : [];
    const results = names.has('dq_check_results')
      ? (await querySqlFile(db.connection, 'docs/quality_history.sql')).map((r) => ({
          logPosition: Number(r.log_position),
          check: String(r.check_name),
          severity: String(r.severity),
          status: String(r.status),
          findings: Number(r.finding_count),
          detail: String(r.detail ?? ''),
        }))
      : [];
    const quarantine = names.has('quarantine')
      ? (await querySqlFile(db.connection, 'docs/quarantine_by_file.sql')).map((r) => ({ source: String(r.source), sha256: String(r.sha256), rule: String(r.rule), rows: Number(r.rows_rejected) }))
      : [];
    return { logPosition: checkpoint === undefined ? null : Number(checkpoint.log_position), rows, results, quarantine };
  } finally {
    db.close();
  }
}
