// `sendwh why`: where a number of the warehouse comes from. For a cell of a
// table (some of its columns fixed to values), it reads the warehouse's own
// number (the measures summed over the matching rows), lists every unit that
// adds up to it (a person on a day, a request, a posting...) with the log
// records behind each unit, and reads those records' events back from the
// event log: file, sha256, line, extract date, and for corrected fields which
// event's value won. The units' contributions are summed and checked against
// the warehouse's number, so the answer is exact or says that it is not.
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { SourceName, UsageError, type EventLog } from '../../models/index.js';
import { querySqlFile, runSqlFile, type Row } from '../duckdb/database.js';
import { columnTypes, filterColumns, lineageFor, LINEAGE_TABLES, type LineageTable } from './lineageTables.js';
import { readRecordHistories, recordId, type RecordHistory, type RecordRef } from './recordEvents.js';

/** A filter value: text as the warehouse shows it, or null for NULL. */
export type CellFilters = Record<string, string | null>;

/** One unit of the cell and what it adds. */
export interface Unit {
  unit: string;
  /** What the unit adds to each measure. */
  contributes: Record<string, string>;
  /** The values of the table's other columns for this unit (its place in the table). */
  columns: Record<string, unknown>;
  /** The facts that decided the unit's place and contribution (dates, days, ...). */
  basis: Record<string, unknown>;
  /** The log records behind the unit, by id (see WhyResult.records), with the part each played. */
  records: Array<{ id: string; role: string }>;
}

/** A measure: the warehouse's number and what the units add up to. */
export interface MeasureCheck {
  measure: string;
  warehouse: string | null;
  units: string | null;
  matches: boolean;
}

/** The answer to `why`. */
export interface WhyResult {
  table: string;
  filters: CellFilters;
  /** What one unit of the table is. */
  unitIs: string;
  /** The log position the warehouse reflects: every number and event is as the log knew it there. */
  logPosition: number;
  warehouse: string;
  /** Set when answering as of a submission or an earlier position. */
  asOf: { position: number; submission: string | null } | null;
  /** Warehouse rows in the cell. */
  factRows: number;
  measures: MeasureCheck[];
  /** True when every measure's units add up to the warehouse's number. */
  exact: boolean;
  /** How many units the cell has (all of them add up to the measures). */
  unitCount: number;
  /** The units, every one unless a limit was asked for. */
  units: Unit[];
  records: RecordHistory[];
  /** The files the records' events came from. */
  files: Array<{ source: string; file: string; sha256: string; events: number }>;
}

export interface ExplainOptions {
  connection: DuckDBConnection;
  log: EventLog;
  table: string;
  filters: CellFilters;
  logPosition: number;
  warehouse: string;
  asOf?: { position: number; submission: string | null } | null;
  /** Show at most this many units (and their records); the totals still cover the whole cell. */
  limit?: number;
}

/** Parses `column=value` arguments (an empty value means NULL). */
export function parseFilters(table: string, args: readonly string[]): CellFilters {
  const lineage = requireLineage(table);
  const allowed = filterColumns(lineage);
  const types = columnTypes(table);
  const filters: CellFilters = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`'${arg}' is not column=value`, `e.g. sendwh why ${table} ${allowed[0] ?? 'column'}=...`);
    const column = arg.slice(0, eq).trim().toLowerCase();
    const raw = arg.slice(eq + 1).trim();
    if (!allowed.includes(column)) {
      throw new UsageError(`${table} has no column '${column}' to filter on`, `its columns are: ${allowed.join(', ')} (measures: ${lineage.measures.join(', ')})`);
    }
    if (column in filters) throw new UsageError(`${column} is given twice`);
    filters[column] = raw === '' ? null : normalise(column, types.get(column) ?? 'varchar', raw);
  }
  return filters;
}

function normalise(column: string, type: string, raw: string): string {
  if (type === 'date') {
    const uk = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(raw);
    const iso = uk ? `${uk[3]}-${uk[2]}-${uk[1]}` : raw;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new UsageError(`${column} is a date: write it YYYY-MM-DD (or DD/MM/YYYY), not '${raw}'`);
    return iso;
  }
  if (type === 'integer' || type === 'bigint') {
    if (!/^-?\d+$/.test(raw)) throw new UsageError(`${column} is a whole number, not '${raw}'`);
    return String(Number(raw));
  }
  if (type === 'boolean') {
    const v = raw.toLowerCase();
    if (v !== 'true' && v !== 'false') throw new UsageError(`${column} is true or false, not '${raw}'`);
    return v;
  }
  return raw;
}

function requireLineage(table: string): LineageTable {
  const lineage = lineageFor(table);
  if (lineage === undefined) {
    throw new UsageError(`why cannot explain '${table}'`, `tables it explains: ${LINEAGE_TABLES.map((l) => l.table).join(', ')}`);
  }
  return lineage;
}

/** Explains one cell of a table. */
export async function explainCell(options: ExplainOptions): Promise<WhyResult> {
  const { connection, table, filters } = options;
  const lineage = requireLineage(table);
  const filtersJson = JSON.stringify(filters);
  const types = columnTypes(table);
  const totalsMeasures = [...new Set([...lineage.measures, 'fact_rows'])];
  const [cell] = await querySqlFile(connection, 'lineage/cell_totals.sql', { table, filters: filtersJson, measures: listValue(totalsMeasures) });
  await runSqlFile(connection, lineage.sql, { filters: filtersJson, table });
  await runSqlFile(connection, 'lineage/filter_contributions.sql', { filters: filtersJson });
  const [sums] = await querySqlFile(connection, 'lineage/contribution_totals.sql', { measures: listValue([...lineage.measures]) });
  const rows = await querySqlFile(connection, 'lineage/contribution_rows.sql');

  const measures: MeasureCheck[] = lineage.measures.map((measure) => {
    const warehouse = text(cell?.[measure]);
    const units = text(sums?.[measure]);
    return { measure, warehouse, units, matches: sameNumber(warehouse, units, types.get(measure) ?? 'bigint') };
  });
  const exact = measures.every((m) => m.matches);

  const refs = new Map<string, RecordRef>();
  const shown = options.limit === undefined ? rows : rows.slice(0, options.limit);
  const units: Unit[] = shown.map((row) => toUnit(row, lineage, refs));
  const histories = await readRecordHistories(options.log, [...refs.values()], options.logPosition);
  const records = [...histories.values()].sort((a, b) => a.id.localeCompare(b.id));
  const files = new Map<string, { source: string; file: string; sha256: string; events: number }>();
  for (const r of records) {
    for (const e of r.events) {
      const k = `${r.source}|${e.sha256}`;
      const f = files.get(k) ?? { source: r.source, file: e.file, sha256: e.sha256, events: 0 };
      f.events += 1;
      files.set(k, f);
    }
  }
  return {
    table,
    filters,
    unitIs: lineage.unit,
    logPosition: options.logPosition,
    warehouse: options.warehouse,
    asOf: options.asOf ?? null,
    factRows: Number(cell?.fact_rows ?? 0),
    measures,
    exact,
    unitCount: rows.length,
    units,
    records,
    files: [...files.values()].sort((a, b) => a.source.localeCompare(b.source) || a.file.localeCompare(b.file)),
  };
}

function toUnit(row: Row, lineage: LineageTable, refs: Map<string, RecordRef>): Unit {
  const contributes: Record<string, string> = {};
  const columns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'unit' || key === 'records' || key === 'basis') continue;
    if (lineage.measures.includes(key)) contributes[key] = text(value) ?? '0';
    else columns[key] = value;
  }
  const records: Unit['records'] = [];
  for (const r of (row.records as Array<{ source: string; record_key: string; role: string; sha256: string | null }> | null) ?? []) {
    const source = SourceName.parse(r.source);
    const ref: RecordRef = { source, key: r.record_key, sha256: r.sha256 };
    const id = recordId(ref);
    refs.set(id, ref);
    records.push({ id, role: r.role });
  }
  const basis = typeof row.basis === 'string' ? (JSON.parse(row.basis) as Record<string, unknown>) : ((row.basis as Record<string, unknown> | null) ?? {});
  return { unit: String(row.unit), contributes, columns, basis, records };
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Equal numbers: exact for whole numbers and decimals (compared as text, trailing zeros aside), close for doubles. */
export function sameNumber(a: string | null, b: string | null, type: string): boolean {
  const x = a ?? '0';
  const y = b ?? '0';
  if (type === 'double') return Math.abs(Number(x) - Number(y)) <= 1e-9 * Math.max(1, Math.abs(Number(x)));
  return canonicalDecimal(x) === canonicalDecimal(y);
}

function canonicalDecimal(value: string): string {
  let v = value.trim();
  const negative = v.startsWith('-');
  if (negative || v.startsWith('+')) v = v.slice(1);
  let [whole = '0', frac = ''] = v.split('.');
  whole = whole.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const body = frac === '' ? whole : `${whole}.${frac}`;
  return negative && body !== '0' ? `-${body}` : body;
}
