// sendwh why on the sample data (sendwh demo), as an analyst runs it: for a
// caseload cell, a spend cell and a timeliness cell it returns exactly the
// records that add up to the number, every event pointing at the right line
// of the right file; after a correction it shows the superseded value and the
// winning one; for a submission it answers as the log stood when it was made.
// The records are checked against the extract files themselves and against
// the contract's rules, folded here from the events (not from the warehouse).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAmount } from '../../../ingest/fields/amount.js';
import type { RecordHistory, WhyResult } from '../../../transforms/lineage/index.js';
import { LINEAGE_TABLES } from '../../../transforms/lineage/index.js';
import { lineageAgainstFacts } from '../lineage/support/lineageCheck.js';
import { sendwh } from '../../support/cli.js';
import { demoHome } from '../../support/demoHome.js';

let home: string;
let sample: string;

beforeAll(async () => {
  // A copy of this run's demo home (see test/support/demoHome.ts).
  home = (await demoHome('sendwh-why-')).home;
  sample = join(home, 'sample');
}, 600_000);
afterAll(() => rmSync(dirname(home), { recursive: true, force: true }));

async function why(args: string[]): Promise<WhyResult> {
  const r = await sendwh(['why', ...args, '--json', '--home', home]);
  if (r.code !== 0) throw new Error(`why ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as WhyResult;
}

/** A read-only query on the live warehouse (the warehouse's own number, read independently of why). */
async function sql(query: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(join(home, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(query)).getRowObjectsJson() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The record as its events say: the newest value of every field (a null clears it). */
function fold(record: RecordHistory | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const e of [...(record?.events ?? [])].sort((a, b) => a.seq - b.seq)) Object.assign(fields, e.data);
  return fields;
}

const lineCache = new Map<string, { lines: string[]; sha256: string }>();
function sampleFile(file: string): { lines: string[]; sha256: string } {
  let hit = lineCache.get(file);
  if (hit === undefined) {
    const bytes = readFileSync(join(sample, file));
    hit = { lines: bytes.toString('utf8').split(/\r?\n/), sha256: createHash('sha256').update(bytes).digest('hex') };
    lineCache.set(file, hit);
  }
  return hit;
}

/** Checks every event of every record against its file: same sha256, and the line holds the record's identifier (and extract date). */
function expectEventsOnTheirLines(records: readonly RecordHistory[], identifierColumn: Record<string, number>): number {
  let checked = 0;
  const wrong: string[] = [];
  for (const record of records) {
    for (const e of record.events) {
      const f = sampleFile(e.file);
      if (f.sha256 !== e.sha256) wrong.push(`${record.id} #${e.seq}: sha256 of ${e.file} differs`);
      const fields = (f.lines[e.line - 1] ?? '').split(',');
      const column = identifierColumn[record.source];
      if (column !== undefined && fields[column] !== record.key) wrong.push(`${record.id} #${e.seq}: ${e.file} line ${e.line} is ${f.lines[e.line - 1]}`);
      if ((record.source === 'cases' || record.source === 'placements') && isoDate(fields[0] ?? '') !== e.extractDate) wrong.push(`${record.id} #${e.seq}: extract date ${e.extractDate} but the line says ${fields[0]}`);
      checked += 1;
    }
  }
  expect(wrong).toEqual([]);
  return checked;
}

/** An extract's date as the log keeps it: older files write DD/MM/YYYY. */
const isoDate = (text: string) => text.replace(/^(\d{2})\/(\d{2})\/(\d{4})$/, '$3-$2-$1');

/** Column of the record's identifier in each sample file (TransactionID, RequestID, PlacementID, URN). */
const IDENTIFIER = { finance: 0, cases: 1, placements: 1, schools: 0 };

describe('sendwh why on the sample data', () => {
  it('explains a caseload cell: one person per unit, each with an active plan and a special independent placement, every event on its line', async () => {
    const r = await why(['fct_ehcp_caseload', 'snapshot_date=2025-01-16', 'setting_type=special_independent']);
    const [own] = await sql("select sum(plans) as plans, count(*) as rows from fct_ehcp_caseload where snapshot_date = '2025-01-16' and setting_type = 'special_independent'");
    expect(r.measures).toEqual([{ measure: 'plans', warehouse: String(own?.plans), units: String(own?.plans), matches: true }]);
    expect([r.exact, r.factRows, r.unitCount, r.units.length]).toEqual([true, Number(own?.rows), Number(own?.plans), Number(own?.plans)]);
    expect(Number(own?.plans)).toBeGreaterThan(100);

    const records = new Map(r.records.map((x) => [x.id, x]));
    const persons = new Set<unknown>();
    const day = '2025-01-16';
    for (const unit of r.units) {
      expect(unit.contributes).toEqual({ plans: '1' });
      const roles = Object.fromEntries(unit.records.map((x) => [x.role, x.id]));
      const plan = fold(records.get(roles['plan counted'] as string));
      const placement = fold(records.get(roles['rank-1 placement active on the day'] as string));
      const school = fold(records.get(roles['school that types the placement'] as string));
      expect(String(plan.planStartDate) <= day && (plan.ceaseDate === null || plan.ceaseDate === undefined || String(plan.ceaseDate) > day), unit.unit).toBe(true);
      expect(placement.person, unit.unit).toBe(plan.person);
      expect([placement.rank ?? 1, String(placement.entryDate) <= day, placement.leavingDate == null || String(placement.leavingDate) > day], unit.unit).toEqual([1, true, true]);
      expect(school.type, unit.unit).toBe('Other independent special school');
      expect(school.urn === placement.urn || (placement.urn == null && school.ukprn === placement.ukprn), unit.unit).toBe(true);
      expect(unit.columns).toMatchObject({ area_team: plan.areaTeam, primary_need: plan.primaryNeed });
      persons.add(plan.person);
    }
    expect(persons.size).toBe(r.unitCount);
    expect(expectEventsOnTheirLines(r.records, IDENTIFIER)).toBeGreaterThan(3 * r.unitCount);
    expect(r.files.map((f) => f.file)).toContain('gias_edubase_kent.csv');
  }, 120_000);

  it('explains a spend cell: the postings that add up to the amount, and a corrected posting with its superseded and winning amounts', async () => {
    const centres = new Map(readFileSync(join(sample, 'cost_centres.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).map((f) => [f[0], { line: f[1], kind: f[2] }]));
    const original = new Map(sampleFile('finance_ledger_2024-25.csv').lines.slice(1).map((l) => [l.split(',')[0], l]));
    const adjusted = sampleFile('finance_ledger_2024-25_adjustments.csv').lines.slice(1).filter((l) => l !== '');
    const correction = adjusted.find((l) => {
      const f = l.split(',');
      const before = original.get(f[0]);
      return before !== undefined && centres.get(f[4])?.kind === 'spend' && f[7] === 'Actual' && before.split(',')[8] !== f[8];
    });
    expect(correction).toBeDefined();
    const [id, year, period, , centre] = (correction as string).split(',');
    const line = centres.get(centre as string)?.line as string;
    const r = await why(['fct_hnb_spend', `financial_year=${year}`, `period=${period}`, `line=${line}`, 'ledger_type=Actual']);
    const [own] = await sql(`select amount::varchar as amount from fct_hnb_spend where financial_year = '${year}' and period = ${period} and line = '${line}' and ledger_type = 'Actual'`);
    expect(r.measures).toEqual([{ measure: 'amount', warehouse: own?.amount, units: own?.amount, matches: true }]);

    // The units add up to the amount, each unit's amount is its posting's winning amount, and every posting is spend on this line.
    const records = new Map(r.records.map((x) => [x.id, x]));
    let cents = 0n;
    for (const unit of r.units) {
      const posting = fold(records.get(unit.records[0]?.id as string));
      expect([posting.financialYear, String(posting.period), posting.ledgerType, centres.get(posting.costCentre as string)?.line]).toEqual([year, period, 'Actual', line]);
      expect(unit.contributes.amount).toBe(posting.amount);
      cents += BigInt(String(posting.amount).replace('.', ''));
    }
    expect((Number(cents) / 100).toFixed(2)).toBe(Number(own?.amount).toFixed(2));
    expectEventsOnTheirLines(r.records.filter((x) => x.source === 'finance'), IDENTIFIER);

    const corrected = records.get(`finance:${id}`);
    const amount = corrected?.corrections.find((c) => c.field === 'amount');
    const lines = sampleFile('finance_ledger_2024-25_adjustments.csv').lines;
    expect(amount?.history.map((h) => [h.file, h.value, h.won])).toEqual([
      ['finance_ledger_2024-25.csv', parseAmount((original.get(id as string) as string).split(',')[8] as string), false],
      ['finance_ledger_2024-25_adjustments.csv', parseAmount((correction as string).split(',')[8] as string), true],
    ]);
    expect(lines[(amount?.history[1]?.line as number) - 1]).toBe(correction);
  }, 120_000);

  it('explains a timeliness cell: each plan issued in the month, within 20 weeks or not, as its events say', async () => {
    const [busiest] = await sql("select month::varchar as month from fct_plan_timeliness where area_team = 'East' and month >= '2024-04-01' order by plans_issued desc, month limit 1");
    const month = String(busiest?.month);
    const r = await why(['fct_plan_timeliness', `month=${month}`, 'area_team=East']);
    const [own] = await sql(`select * from fct_plan_timeliness where month = '${month}' and area_team = 'East'`);
    const records = new Map(r.records.map((x) => [x.id, x]));
    const counted = { plans_issued: 0, issued_within_20_weeks: 0, plans_issued_ex: 0, issued_within_20_weeks_ex: 0 };
    for (const unit of r.units) {
      const c = fold(records.get(unit.records[0]?.id as string));
      expect([c.assessmentOutcome, String(c.assessmentOutcomeDate).slice(0, 7), c.areaTeam]).toEqual(['Y', month.slice(0, 7), 'East']);
      const days = (Date.parse(String(c.assessmentOutcomeDate)) - Date.parse(String(c.receivedDate))) / 86_400_000;
      const exception = c.week20Exception === 1;
      counted.plans_issued += 1;
      counted.issued_within_20_weeks += days <= 140 ? 1 : 0;
      counted.plans_issued_ex += exception ? 0 : 1;
      counted.issued_within_20_weeks_ex += days <= 140 && !exception ? 1 : 0;
      expect(unit.contributes).toEqual(Object.fromEntries(Object.keys(counted).map((k) => [k, String(
        k === 'plans_issued' ? 1 : k === 'issued_within_20_weeks' ? Number(days <= 140) : k === 'plans_issued_ex' ? Number(!exception) : Number(days <= 140 && !exception),
      )])));
    }
    expect(Object.fromEntries(r.measures.map((m) => [m.measure, Number(m.warehouse)]))).toEqual(counted);
    expect(counted).toEqual(Object.fromEntries(Object.keys(counted).map((k) => [k, Number(own?.[k])])));
    expect(counted.plans_issued).toBeGreaterThan(5);
    expectEventsOnTheirLines(r.records, IDENTIFIER);
  }, 120_000);

  it('has units that add up to the warehouse in every cell of every table it explains', async () => {
    const checks = await lineageAgainstFacts(join(home, 'warehouse.duckdb'));
    expect(checks.map((c) => c.table)).toEqual(LINEAGE_TABLES.map((l) => l.table));
    for (const c of checks) expect({ table: c.table, notExplained: c.notExplained, notInFacts: c.notInFacts }).toEqual({ table: c.table, notExplained: 0, notInFacts: 0 });
    expect(checks.find((c) => c.table === 'fct_ehcp_caseload')?.cells).toBeGreaterThan(100_000);
  }, 180_000);

  it('after a correction shows the superseded value and the winning one, and for a submission the numbers as they were', async () => {
    const made = await sendwh(['return', 'safety-valve', '--quarter', '2024-25-Q4', '--json', '--home', home]);
    expect(made.code).toBe(0);
    const submission = JSON.parse(made.stdout) as { id: string; logPosition: number };
    const cell = ['fct_hnb_spend', 'financial_year=2024-25', 'period=3', 'line=Maintained Special Schools', 'ledger_type=Actual'];
    const before = await why(cell);
    const target = before.units[0];
    const posting = fold(before.records.find((x) => x.id === target?.records[0]?.id));
    const raised = (Number(posting.amount) + 1000).toFixed(2);
    const file = join(home, 'finance_ledger_2024-25_late_correction.csv');
    writeFileSync(
      file,
      [
        'TransactionID,FinancialYear,Period,PostingDate,CostCentre,Subjective,LedgerType,Amount,Description',
        `${String(posting.transactionId)},2024-25,3,${String(posting.postingDate)},${String(posting.costCentre)},${String(posting.subjective ?? '')},Actual,${raised},late correction`,
      ].join('\n') + '\n',
    );
    expect((await sendwh(['ingest', 'finance', file, '--home', home])).code).toBe(0);
    expect((await sendwh(['build', '--home', home])).code).toBe(0);

    const after = await why(cell);
    const amount = (r: WhyResult) => Number(r.measures[0]?.warehouse);
    expect(amount(after) - amount(before)).toBeCloseTo(1000, 2);
    const record = after.records.find((x) => x.id === `finance:${String(posting.transactionId)}`);
    const history = record?.corrections.find((c) => c.field === 'amount')?.history ?? [];
    expect(history.at(-2)).toMatchObject({ value: posting.amount, won: false });
    expect(history.at(-1)).toMatchObject({ value: raised, file: 'finance_ledger_2024-25_late_correction.csv', line: 2, won: true });
    expect(record?.events.at(-1)).toMatchObject({ type: 'LedgerPostingCorrected', file: 'finance_ledger_2024-25_late_correction.csv', line: 2, won: expect.arrayContaining(['amount']) });

    const text = await sendwh(['why', ...cell, '--home', home]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`corrected amount: `);
    expect(text.stdout).toContain(`${raised} (finance_ledger_2024-25_late_correction.csv line 2, extract `);
    expect(text.stdout).toMatch(/, WON\)/);

    const asSubmitted = await why([...cell, '--submission', submission.id]);
    expect([asSubmitted.logPosition, asSubmitted.asOf]).toEqual([submission.logPosition, { position: submission.logPosition, submission: submission.id }]);
    expect(asSubmitted.measures[0]).toEqual(before.measures[0]);
    const then = asSubmitted.records.find((x) => x.id === `finance:${String(posting.transactionId)}`);
    expect(fold(then).amount).toBe(posting.amount);
    expect(then?.events.some((e) => e.file === 'finance_ledger_2024-25_late_correction.csv')).toBe(false);

    const asOf = await why([...cell, '--as-of', String(submission.logPosition)]);
    expect(asOf.measures[0]).toEqual(before.measures[0]);
  }, 300_000);

  it('refuses a cell it cannot read, with exit 2 and a hint', async () => {
    const r = await sendwh(['why', 'fct_hnb_spend', 'quarter=3', '--home', home]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fct_hnb_spend has no column 'quarter'/);
    expect(r.stderr).toMatch(/hint: its columns are: financial_year, period, line, ledger_type/);
  });
});
