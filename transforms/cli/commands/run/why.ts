// What sendwh why does (declared in ../why.ts): explains a cell with transforms/lineage/.
import { UsageError } from '../../../../models/index.js';
import { openDatabase } from '../../../duckdb/database.js';
import {
  explainCell,
  parseFilters,
  readCheckpoint,
  submissionPosition,
  warehouseAsOf,
  type RecordHistory,
  type WhyResult,
} from '../../../lineage/index.js';
import { openWarehouseReadOnly } from '../../../warehouse/index.js';
import type { Context } from '../../command.js';
import { formatCell, renderTable } from '../../output.js';
import { openEventLog, using } from '../../services.js';
import { whyCommand } from '../why.js';

export async function run(ctx: Context): Promise<number> {
  const [table, ...args] = ctx.positionals;
  if (table === undefined) throw new UsageError('why needs a table and column=value filters', `e.g. ${whyCommand.examples?.[0] ?? ''}`);
  const filters = parseFilters(table, args);
  const limit = parseLimit(ctx.options.limit as string | undefined);
  const asOfOption = ctx.options['as-of'] as string | undefined;
  const submission = (ctx.options.submission as string | undefined) ?? null;
  if (asOfOption !== undefined && submission !== null) throw new UsageError('give --as-of or --submission, not both');
  let asOf: number | null = null;
  if (asOfOption !== undefined) {
    if (!/^\d+$/.test(asOfOption)) throw new UsageError(`--as-of must be a log position (a whole number), not '${asOfOption}'`);
    asOf = Number(asOfOption);
  } else if (submission !== null) {
    asOf = submissionPosition(ctx.home.submissions, submission);
  }
  const result = await using(openEventLog(ctx), async (log) => {
    let db;
    if (asOf === null) {
      db = await openWarehouseReadOnly(ctx.home.root);
    } else {
      ctx.output.progress(`building the warehouse as of log position ${asOf.toLocaleString('en-GB')}...`);
      const { path } = await warehouseAsOf(ctx.home.root, log, asOf, ctx.logger);
      ctx.output.endProgress();
      db = await openDatabase(path, { readOnly: true });
    }
    try {
      const checkpoint = await readCheckpoint(db.path);
      return await explainCell({
        connection: db.connection,
        log,
        table,
        filters,
        logPosition: checkpoint?.position ?? 0,
        warehouse: db.path,
        asOf: asOf === null ? null : { position: asOf, submission },
        ...(limit === undefined ? {} : { limit }),
      });
    } finally {
      db.close();
    }
  });
  ctx.output.result(result, () => renderWhy(result));
  return result.exact ? 0 : 1;
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--limit must be a whole number, not '${value}'`);
  return Number(value);
}

const n = (v: number) => v.toLocaleString('en-GB');

/** The text answer: the number, the units, then each record's events. */
export function renderWhy(r: WhyResult): string {
  const where = Object.entries(r.filters).map(([k, v]) => `${k} = ${v ?? 'NULL'}`).join(' and ');
  const lines: string[] = [];
  lines.push(`${r.table}${where === '' ? ' (every row)' : ` where ${where}`}`);
  lines.push(
    r.asOf === null
      ? `as the log knew it at position ${n(r.logPosition)} (warehouse ${r.warehouse})`
      : `as the log knew it at position ${n(r.logPosition)}${r.asOf.submission ? `, when submission ${r.asOf.submission} was made` : ''} (warehouse ${r.warehouse})`,
  );
  lines.push(`one unit is ${r.unitIs}`, '');
  for (const m of r.measures) {
    if (m.measure === 'fact_rows') continue;
    lines.push(`${m.measure} = ${m.warehouse ?? 'NULL'}${m.matches ? '' : `   BUT the units add up to ${m.units ?? 'NULL'}`}`);
  }
  lines.push(
    `${n(r.factRows)} warehouse row(s); ${n(r.unitCount)} unit(s)${r.exact ? ', which add up to the number exactly' : ': they do NOT add up (a bug: please report it with this output)'}`,
  );
  if (r.unitCount === 0) return lines.join('\n');
  const fixed = new Set(Object.keys(r.filters));
  const varying = Object.keys(r.units[0]?.columns ?? {}).filter((c) => !fixed.has(c));
  const measureNames = r.measures.map((m) => m.measure).filter((m) => m !== 'fact_rows');
  lines.push('', r.units.length < r.unitCount ? `units (first ${n(r.units.length)} of ${n(r.unitCount)}):` : 'units:');
  lines.push(
    renderTable(
      r.units.map((u) => ({
        unit: u.unit,
        ...Object.fromEntries(measureNames.map((m) => [m, u.contributes[m]])),
        ...Object.fromEntries(varying.map((c) => [c, u.columns[c]])),
        records: u.records.map((x) => `${x.id} (${x.role})`).join('; '),
      })),
    ),
  );
  lines.push('', `records (${n(r.records.length)}) and their events:`);
  for (const record of r.records) lines.push(...renderRecord(record));
  lines.push('', 'files:', renderTable(r.files.map((f) => ({ source: f.source, file: f.file, sha256: f.sha256, events: f.events }))));
  return lines.join('\n');
}

/** A field value for people: null spelt out (a null in an event clears the field). */
function shown(value: unknown): string {
  return value === null ? 'null' : formatCell(value);
}

function renderRecord(record: RecordHistory): string[] {
  const out = ['', record.id];
  if (record.events.length === 0) {
    out.push('  (no events: the record is declared by the contract)');
    return out;
  }
  for (const e of record.events) {
    const fields = Object.entries(e.data)
      .map(([k, v]) => `${k}=${shown(v)}${e.superseded.includes(k) ? ' (superseded)' : ''}`)
      .join(', ');
    out.push(`  #${e.seq} ${e.type}  ${e.file} line ${e.line}  extract ${e.extractDate ?? '-'}  sha256 ${e.sha256.slice(0, 12)}  ingested ${e.ingestedAt ?? '-'}`);
    out.push(`      ${fields}`);
  }
  for (const c of record.corrections) {
    const chain = c.history.map((h) => `${shown(h.value)} (${h.file} line ${h.line}, extract ${h.extractDate ?? '-'}${h.won ? ', WON' : ', superseded'})`);
    out.push(`  corrected ${c.field}: ${chain.join(' -> ')}`);
  }
  return out;
}
