// sendwh why, as a library on a real DuckDB warehouse built from a small log
// that fills every table: every cell's units add up to the warehouse's number,
// the records' events carry their file and line, corrections show the
// superseded and the winning value, and an earlier log position answers as
// the log stood then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventLog } from '../../../models/index.js';
import { openDatabase } from '../../../transforms/duckdb/database.js';
import { explainCell, LINEAGE_TABLES, logAsOf, parseFilters, readCheckpoint, warehouseAsOf, type WhyResult } from '../../../transforms/lineage/index.js';
import { warehousePath } from '../../../transforms/warehouse/index.js';
import { buildWarehouse } from '../../../transforms/warehouse/build.js';
import { logWith, tempHome } from '../warehouse/support/warehouse.js';
import { appendEvents } from '../warehouse/support/events.js';
import { correctionExtracts, firstExtracts } from './support/everyTable.js';
import { lineageAgainstFacts } from './support/lineageCheck.js';

let home: string;
let cleanup: () => void;
let log: EventLog;
let before: number;

beforeAll(async () => {
  ({ home, cleanup } = tempHome());
  log = await logWith(firstExtracts());
  before = await log.position();
  await appendEvents(log, correctionExtracts());
  await buildWarehouse({ home, log });
});
afterAll(() => cleanup());

async function why(table: string, args: string[], path = warehousePath(home)): Promise<WhyResult> {
  const db = await openDatabase(path, { readOnly: true });
  try {
    const checkpoint = await readCheckpoint(path);
    return await explainCell({ connection: db.connection, log, table, filters: parseFilters(table, args), logPosition: checkpoint?.position ?? 0, warehouse: path });
  } finally {
    db.close();
  }
}

const measure = (r: WhyResult, name: string) => r.measures.find((m) => m.measure === name);

describe('every table why explains', () => {
  it('has units that add up to the warehouse in every cell (all cells of the table at once)', async () => {
    const checks = await lineageAgainstFacts(warehousePath(home));
    expect(checks.map((c) => c.table)).toEqual(LINEAGE_TABLES.map((l) => l.table));
    for (const c of checks) {
      expect({ ...c, cells: c.cells > 0 }).toEqual({ table: c.table, cells: true, notExplained: 0, notInFacts: 0 });
    }
  });
});

describe('why fct_hnb_spend', () => {
  it('lists the postings of a cell with their file and line, and shows the corrected amount that won', async () => {
    const r = await why('fct_hnb_spend', ['financial_year=2023-24', 'period=1', 'line=Maintained Special Schools', 'ledger_type=Actual']);
    expect(measure(r, 'amount')).toEqual({ measure: 'amount', warehouse: '1275.75', units: '1275.75', matches: true });
    expect(r.exact).toBe(true);
    expect(r.units.map((u) => [u.unit, u.contributes.amount])).toEqual([
      ['posting T1', '1000.50'],
      ['posting T2', '275.25'],
    ]);
    const t2 = r.records.find((x) => x.id === 'finance:T2');
    expect(t2?.events.map((e) => [e.type, e.file, e.line, e.data.amount, e.won.includes('amount'), e.superseded.includes('amount')])).toEqual([
      ['LedgerPostingRecorded', 'ledger_2023-24.csv', 3, '250.00', false, true],
      ['LedgerPostingCorrected', 'ledger_2023-24_adjustments.csv', 2, '275.25', true, false],
    ]);
    expect(t2?.corrections).toEqual([
      {
        field: 'amount',
        value: '275.25',
        history: [
          { value: '250.00', seq: expect.any(Number), file: 'ledger_2023-24.csv', line: 3, extractDate: '2023-06-30', won: false },
          { value: '275.25', seq: expect.any(Number), file: 'ledger_2023-24_adjustments.csv', line: 2, extractDate: '2023-06-30', won: true },
        ],
      },
    ]);
    expect(r.records.find((x) => x.id === 'cost-centres:CC-MSS')?.events.map((e) => [e.file, e.line])).toEqual([['cost_centres.csv', 2]]);
  });

  it('explains the Unmapped line by the posting alone', async () => {
    const r = await why('fct_hnb_spend', ['line=Unmapped']);
    expect(measure(r, 'amount')?.warehouse).toBe('77.70');
    expect(r.units.map((u) => u.records.map((x) => x.id))).toEqual([['finance:T5']]);
  });
});

describe('why fct_ehcp_caseload', () => {
  it('counts each person once, with the plan, the rank-1 placement and the school behind them', async () => {
    const r = await why('fct_ehcp_caseload', ['snapshot_date=2024-01-18']);
    // A (request 1, later start than request 5), B and D (ceases 2024-01-31) are active on the census day.
    expect(measure(r, 'plans')).toEqual({ measure: 'plans', warehouse: '3', units: '3', matches: true });
    const byUnit = Object.fromEntries(r.units.map((u) => [u.unit, u.records.map((x) => `${x.id} ${x.role}`)]));
    expect(byUnit).toEqual({
      'request 1': ['cases:1 plan counted', 'placements:11 rank-1 placement active on the day', 'schools:100002 school that types the placement'],
      'request 2': ['cases:2 plan counted', 'placements:12 rank-1 placement active on the day', 'schools:100001 school that types the placement'],
      'request 4': ['cases:4 plan counted', 'placements:13 rank-1 placement active on the day', 'schools:100003 school that types the placement'],
    });
    const unit1 = r.units.find((u) => u.unit === 'request 1');
    expect(unit1?.columns).toMatchObject({ area_team: 'East', setting_type: 'special_independent', primary_need: 'SEMH', age: 11 });
    const case1 = r.records.find((x) => x.id === 'cases:1');
    expect(case1?.corrections).toEqual([
      {
        field: 'primaryNeed',
        value: 'SEMH',
        history: [
          { value: 'ASD', seq: expect.any(Number), file: 'cases_2024-03-31.csv', line: 2, extractDate: '2024-03-31', won: false },
          { value: 'SEMH', seq: expect.any(Number), file: 'cases_2025-03-31.csv', line: 2, extractDate: '2025-03-31', won: true },
        ],
      },
    ]);
  });

  it('explains a cell named by several columns, and a corrected placement that moved a person between cells', async () => {
    const unit = await why('fct_ehcp_caseload', ['snapshot_date=2025-01-16', 'setting_type=mainstream_la_maintained']);
    const senunit = await why('fct_ehcp_caseload', ['snapshot_date=2025-01-16', 'setting_type=mainstream_la_maintained_senunit']);
    expect([measure(unit, 'plans')?.warehouse, measure(senunit, 'plans')?.warehouse]).toEqual(['1', null]);
    expect(senunit.unitCount).toBe(0);
    const placement = unit.records.find((x) => x.id === 'placements:12');
    expect(placement?.corrections.map((c) => [c.field, c.history.map((h) => [h.value, h.file, h.won])])).toEqual([
      ['senUnit', [[1, 'placements_2024-03-31.csv', false], [0, 'placements_2025-03-31.csv', true]]],
    ]);
  });
});

describe('why fct_plan_timeliness and fct_assessment_requests', () => {
  it('flags each plan issued in the month as within 20 weeks or not, with and without exceptions', async () => {
    const r = await why('fct_plan_timeliness', ['month=2023-07-01', 'area_team=East']);
    expect(r.measures.map((m) => [m.measure, m.warehouse, m.matches])).toEqual([
      ['plans_issued', '1', true],
      ['issued_within_20_weeks', '0', true],
      ['plans_issued_ex', '0', true],
      ['issued_within_20_weeks_ex', '0', true],
    ]);
    expect(r.units[0]?.basis).toEqual({ received_date: '2023-01-20', assessment_outcome_date: '2023-07-20', days_to_issue: 181, week20_exception: true });
  });

  it('counts a request in the area team its newest record names', async () => {
    const west = await why('fct_assessment_requests', ['month=2023-02-01', 'area_team=West']);
    const south = await why('fct_assessment_requests', ['month=2023-02-01', 'area_team=South']);
    expect([measure(west, 'decided_not_to_assess')?.warehouse, measure(south, 'requests_received')?.warehouse]).toEqual(['1', '0']);
    expect(west.records[0]?.corrections.map((c) => [c.field, c.history.map((h) => [h.value, h.won])])).toEqual([
      ['areaTeam', [['South', false], ['West', true]]],
    ]);
  });
});

describe('why on whole-record sources, reference data and rejected rows', () => {
  it('shows a corrected census record, a revised plan, a DfE row, a rejected row and a constant table', async () => {
    const census = await why('fct_census_sen', ['census_date=2024-01-18', 'sen_provision=E']);
    expect(measure(census, 'pupils')?.warehouse).toBe('2');
    const corrected = census.records.find((x) => x.events.length === 2);
    expect(corrected?.events.map((e) => [e.type, e.file, e.won.length > 0])).toEqual([
      ['CensusPupilRecorded', 'census_spring_2024.csv', false],
      ['CensusPupilRecordCorrected', 'census_spring_2024_resubmitted.csv', true],
    ]);
    expect(corrected?.corrections.map((c) => [c.field, c.value])).toEqual([['senProvision', 'E']]);

    const plan = await why('fct_safety_valve_plan', ['financial_year=2024-25', 'item=Savings']);
    expect([measure(plan, 'amount')?.warehouse, measure(plan, 'fact_rows')?.warehouse]).toEqual(['-150.00', '1']);
    expect(plan.records[0]?.events.map((e) => e.file)).toEqual(['safety_valve_plan_2024.csv', 'safety_valve_plan_2024_revised.csv']);

    const ees = await why('benchmark_ehcp', ['measure=caseload.mainstream', 'time_period=202324']);
    expect(ees.units[0]?.basis).toEqual({ published_value: 'x' });
    expect(measure(ees, 'value')).toMatchObject({ warehouse: null, matches: true });

    const rejected = await why('quarantine', ['source=cases']);
    expect(rejected.records.map((x) => x.events.map((e) => [e.type, e.file, e.line]))).toEqual([[['RowQuarantined', 'cases_2024-03-31.csv', 7]]]);

    const constant = await why('dim_settings', ['setting_type=special_independent']);
    expect([measure(constant, 'fact_rows')?.warehouse, constant.records.length]).toEqual(['1', 0]);
  });
});

describe('why as of an earlier log position', () => {
  it('builds the warehouse as the log stood (once, then reuses it) and shows the value that won then', async () => {
    const first = await warehouseAsOf(home, log, before);
    const again = await warehouseAsOf(home, log, before);
    expect([first.built, again.built, again.path]).toEqual([true, false, first.path]);
    const db = await openDatabase(first.path, { readOnly: true });
    let r: WhyResult;
    try {
      r = await explainCell({
        connection: db.connection,
        log: logAsOf(log, before),
        table: 'fct_hnb_spend',
        filters: parseFilters('fct_hnb_spend', ['financial_year=2023-24', 'period=1', 'line=Maintained Special Schools', 'ledger_type=Actual']),
        logPosition: before,
        warehouse: first.path,
      });
    } finally {
      db.close();
    }
    expect(measure(r, 'amount')).toEqual({ measure: 'amount', warehouse: '1250.50', units: '1250.50', matches: true });
    const t2 = r.records.find((x) => x.id === 'finance:T2');
    expect(t2?.events.map((e) => [e.file, e.data.amount])).toEqual([['ledger_2023-24.csv', '250.00']]);
    expect(t2?.corrections).toEqual([]);
  });

  it('refuses a position the log has not reached', async () => {
    await expect(warehouseAsOf(home, log, (await log.position()) + 1)).rejects.toThrow(/there is no position/);
  });
});

describe('parseFilters', () => {
  it('reads column=value, an empty value as NULL and DD/MM/YYYY dates, and refuses what the table does not have', () => {
    expect(parseFilters('fct_census_sen', ['census_date=18/01/2024', 'primary_need='])).toEqual({ census_date: '2024-01-18', primary_need: null });
    expect(() => parseFilters('fct_census_sen', ['pupils=3'])).toThrow(/has no column 'pupils'/);
    expect(() => parseFilters('fct_census_sen', ['census_date=January'])).toThrow(/is a date/);
    expect(() => parseFilters('fct_nothing', [])).toThrow(/cannot explain 'fct_nothing'/);
    expect(() => parseFilters('fct_census_sen', ['census_date'])).toThrow(/is not column=value/);
  });
});
