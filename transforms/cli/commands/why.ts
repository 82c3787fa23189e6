// sendwh why <table> <column>=<value>...: where a number comes from. The
// warehouse's number for the cell, then every unit that adds up to it and the
// log records behind each, with every event's file, sha256, line and extract
// date, and for corrected fields which extract's value won.
import { UsageError } from '../../../models/index.js';
import { openDatabase } from '../../duckdb/database.js';
import {
  explainCell,
  LINEAGE_TABLES,
  parseFilters,
  readCheckpoint,
  submissionPosition,
  warehouseAsOf,
  type RecordHistory,
  type WhyResult,
} from '../../lineage/index.js';
import { openWarehouseReadOnly } from '../../warehouse/index.js';
import type { Command } from '../command.js';
import { formatCell, renderTable } from '../output.js';
import { openEventLog, using } from '../services.js';

export const whyCommand: Command = {
  name: 'why',
  summary: 'where a number comes from: the records and extract lines behind a cell',
  usage: 'why <table> <column>=<value>... [--as-of N | --submission ID] [--limit N]',
  description: [
    'Explains a number of the warehouse. Give a table and fix some of its columns to values (the cell);',
    'why prints the warehouse\'s number for that cell (the measures summed over its rows), then every unit',
    'that adds up to it (a person with a plan on the day, a request, a posting, a pupil record...), the log',
    'records behind each unit, and every event of those records with its source file (name and sha256),',
    'line, extract date and when it was ingested. Where a record was corrected by a later extract, it shows',
    'each value the field took and which extract\'s value won. The units are summed and checked against the',
    'warehouse\'s number: the answer says whether they add up exactly.',
    '',
    'A value is written as the warehouse shows it (dates YYYY-MM-DD); column= (empty) means NULL.',
    'Columns not given are summed over. Personal data appears only as pseudonyms.',
    '',
    'With --as-of or --submission the answer comes from a warehouse built as the log stood at that position',
    '(built once into <home>/cache/as-of/<position>/, then reused): the numbers of a return as submitted.',
    '',
    `Tables: ${LINEAGE_TABLES.map((l) => l.table).join(', ')}.`,
  ].join('\n'),
  options: [
    { name: 'as-of', type: 'string', usage: '--as-of N', description: 'answer as the log stood at position N (a warehouse built to N)' },
    { name: 'submission', type: 'string', usage: '--submission ID', description: 'answer as the log stood when that submission (sendwh return) was made' },
    { name: 'limit', type: 'string', usage: '--limit N', description: 'show at most N units and their records (the totals still cover the whole cell)' },
  ],
  examples: [
    'sendwh why fct_ehcp_caseload snapshot_date=2025-01-16 setting_type=special_independent',
    'sendwh why fct_hnb_spend financial_year=2024-25 period=3 line="Independent Special Schools" ledger_type=Actual',
    'sendwh why fct_plan_timeliness month=2024-11-01 area_team=East --json',
    'sendwh why fct_ehcp_caseload snapshot_date=2025-01-16 --submission sv-2024-25-Q4-0123456789ab --limit 20',
  ],
  async run(ctx) {
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
  },
};

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
