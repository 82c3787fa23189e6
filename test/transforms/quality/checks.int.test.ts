// Every data-quality check, given warehouse rows on a real DuckDB file, then
// exactly these findings (and none when the rows are consistent).
import { afterEach, describe, expect, it } from 'vitest';
import { SAFETY_VALVE_PLAN } from '../../../ingest/sample/kentFigures.js';
import { QUALITY_CHECKS } from '../../../transforms/quality/checks.js';
import { benchmarkRow, caseloadRows, findingsOf, givenWarehouse, KENT_CENSUS, numbers, type GivenWarehouse, type Rows } from './support/tables.js';

let open: GivenWarehouse[] = [];
afterEach(() => {
  for (const g of open) g.close();
  open = [];
});

async function given(tables: Readonly<Record<string, Rows>>): Promise<GivenWarehouse> {
  const g = await givenWarehouse(tables);
  open.push(g);
  return g;
}

const GROUP: Record<string, string> = {
  mainstream_academy: 'mainstream',
  special_la_maintained: 'special',
  ap_pru_la_maintained: 'ap_pru',
  general_fe_tertiary_colleges: 'fe',
  neet: 'ed_elsewhere',
  nm_early_years: 'nm_early_years',
  placement_unknown: 'placement_unknown',
};
const groupOf = (t: string): string | null => GROUP[t] ?? null;

describe('the declared checks', () => {
  it('each has a unique name, a severity and its own SQL file named after it', () => {
    const names = QUALITY_CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of QUALITY_CHECKS) {
      expect(['error', 'warning']).toContain(c.severity);
      expect(c.sql).toBe(`checks/${c.name}.sql`);
    }
  });

  it('all pass on an empty warehouse', async () => {
    const g = await given({});
    for (const check of QUALITY_CHECKS) expect(await findingsOf(g, check.name), check.name).toEqual([]);
  });
});

describe('caseload_groups_add_up', () => {
  it('passes when every plan sits in its setting group', async () => {
    const g = await given({
      int_snapshot_dates__spanned: [{ snapshot_date: '2024-01-18', snapshot_kind: 'january_census' }],
      fct_ehcp_caseload: caseloadRows('2024-01-18', { mainstream_academy: 10, special_la_maintained: 5, placement_unknown: 1 }, groupOf),
    });
    expect(await findingsOf(g, 'caseload_groups_add_up')).toEqual([]);
  });

  it('finds the plans of a census day whose setting type has no group, or the wrong one', async () => {
    const g = await given({
      int_snapshot_dates__spanned: [
        { snapshot_date: '2024-01-18', snapshot_kind: 'january_census' },
        { snapshot_date: '2024-01-31', snapshot_kind: 'month_end' },
      ],
      fct_ehcp_caseload: [
        ...caseloadRows('2024-01-18', { mainstream_academy: 10, special_la_maintained: 5 }, groupOf),
        ...caseloadRows('2024-01-18', { hospital_school: 3 }, () => null),
        ...caseloadRows('2024-01-18', { neet: 2 }, () => 'fe'),
        // A month end is not a census day: not checked.
        ...caseloadRows('2024-01-31', { hospital_school: 7 }, () => null),
      ],
    });
    const findings = await findingsOf(g, 'caseload_groups_add_up');
    expect(numbers(findings)).toEqual([{ subject: '2024-01-18', expected: 20, actual: 15, difference: -5 }]);
    expect(findings[0]?.detail).toBe(
      'January census 2024-01-18: the setting groups add up to 15 plans but the caseload is 20 (5 plans with setting types outside their dim_settings group: hospital_school, neet)',
    );
  });
});

/** Kent's DfE caseload row for January 2019 as published (groups, await_prov_2022, perm_ex_2022; placement_unknown x). */
function dfeCaseload2019(oldLaCode = '886', laName = 'Kent'): Rows {
  const values: Record<string, number | null> = {
    ehcplans: 11763,
    mainstream_total: 3805,
    special_total: 4999,
    ap_pru_total: 3,
    fe_total: 2012,
    ed_elsewhere: 295,
    nm_early_years: 37,
    placement_unknown: null,
    await_prov_2022: 591,
    perm_ex_2022: 6,
    // Columns inside the groups are not summed again.
    mainstream_academy: 1534,
  };
  return Object.entries(values).map(([measure, value]) => benchmarkRow({ dataset: 'caseload', timePeriod: '201819', measure, value, oldLaCode, laName }));
}

describe('dfe_caseload_groups_add_up', () => {
  it("finds the authority's January whose published groups fall short of ehcplans, counting suppressed cells as 0", async () => {
    const g = await given({ fct_census_sen: KENT_CENSUS, benchmark_ehcp: dfeCaseload2019() });
    const findings = await findingsOf(g, 'dfe_caseload_groups_add_up');
    expect(numbers(findings)).toEqual([{ subject: 'January 2019', expected: 11763, actual: 11748, difference: -15 }]);
    expect(findings[0]?.detail).toBe('DfE caseload for Kent (886), January 2019: the placement groups add up to 11,748 but ehcplans is 11,763 (15 short)');
  });

  it("reads only the authority's own row (the LA its census pupils are on roll under)", async () => {
    const g = await given({ fct_census_sen: KENT_CENSUS, benchmark_ehcp: dfeCaseload2019('887', 'Medway') });
    expect(await findingsOf(g, 'dfe_caseload_groups_add_up')).toEqual([]);
  });

  it('passes when the groups add up', async () => {
    const rows = dfeCaseload2019().map((r) => (r.measure === 'caseload.ehcplans' ? { ...r, value: 11748 } : r));
    const g = await given({ fct_census_sen: KENT_CENSUS, benchmark_ehcp: rows });
    expect(await findingsOf(g, 'dfe_caseload_groups_add_up')).toEqual([]);
  });
});

describe('caseload_matches_dfe', () => {
  const own2019 = { mainstream_academy: 3805, special_la_maintained: 4999, ap_pru_la_maintained: 3, general_fe_tertiary_colleges: 2012, neet: 295, nm_early_years: 37, placement_unknown: 612 };

  it('lists each year and group that differs from the DfE row; placement_unknown against the DfE unknown, awaiting and excluded', async () => {
    const g = await given({
      fct_census_sen: KENT_CENSUS,
      int_snapshot_dates__spanned: [{ snapshot_date: '2019-01-17', snapshot_kind: 'january_census' }],
      fct_ehcp_caseload: caseloadRows('2019-01-17', { ...own2019, special_la_maintained: 4990 }, groupOf),
      benchmark_ehcp: [
        ...dfeCaseload2019(),
        // A year the warehouse has no census day for is not compared.
        benchmarkRow({ dataset: 'caseload', timePeriod: '201718', measure: 'ehcplans', value: 10000 }),
      ],
    });
    const findings = await findingsOf(g, 'caseload_matches_dfe');
    expect(numbers(findings)).toEqual([
      { subject: 'January 2019 total', expected: 11763, actual: 11754, difference: -9 },
      { subject: 'January 2019 special', expected: 4999, actual: 4990, difference: -9 },
      { subject: 'January 2019 placement_unknown', expected: 597, actual: 612, difference: 15 },
    ]);
    expect(findings[2]?.detail).toBe(
      'January 2019, placement_unknown: 612 plans here, 597 in the DfE caseload for Kent (886) counting placement_unknown, await_prov_2022 and perm_ex_2022 (15 more here)',
    );
  });

  it('does not compare a suppressed group', async () => {
    const rows = dfeCaseload2019().map((r) => (r.measure === 'caseload.special_total' ? { ...r, value: null } : r));
    const g = await given({
      fct_census_sen: KENT_CENSUS,
      int_snapshot_dates__spanned: [{ snapshot_date: '2019-01-17', snapshot_kind: 'january_census' }],
      fct_ehcp_caseload: caseloadRows('2019-01-17', { ...own2019, special_la_maintained: 4990, placement_unknown: 606 }, groupOf),
      benchmark_ehcp: rows,
    });
    // special (4,990 here) is not compared with the suppressed cell; the total and placement_unknown are.
    expect(numbers(await findingsOf(g, 'caseload_matches_dfe'))).toEqual([
      { subject: 'January 2019 total', expected: 11763, actual: 11748, difference: -15 },
      { subject: 'January 2019 placement_unknown', expected: 597, actual: 606, difference: 9 },
    ]);
  });
});

describe('timeliness_matches_dfe', () => {
  const months = (year: number): Rows => Array.from({ length: 12 }, (_, i) => ({ month: `${year}-${String(i + 1).padStart(2, '0')}-01` }));
  const issued = (month: string, plans: number, within: number, plansEx: number, withinEx: number) => ({
    month,
    area_team: 'North',
    plans_issued: plans,
    issued_within_20_weeks: within,
    plans_issued_ex: plansEx,
    issued_within_20_weeks_ex: withinEx,
  });
  const dfe = (year: string, den: number, within: number, denEx: number, withinEx: number): Rows => [
    benchmarkRow({ dataset: 'timeliness_20_week', timePeriod: year, measure: 'plans_issued_den', value: den }),
    benchmarkRow({ dataset: 'timeliness_20_week', timePeriod: year, measure: 'plans_issued_within_20_weeks', value: within }),
    benchmarkRow({ dataset: 'timeliness_20_week', timePeriod: year, measure: 'plans_issued_den_ex', value: denEx }),
    benchmarkRow({ dataset: 'timeliness_20_week', timePeriod: year, measure: 'plans_issued_20_weeks_ex', value: withinEx }),
    benchmarkRow({ dataset: 'timeliness_20_week', timePeriod: year, measure: 'pc_plans_issued_within_20_weeks', value: 32.3 }),
  ];

  it('passes when every full calendar year matches the DfE row, and leaves a part year out', async () => {
    const g = await given({
      fct_census_sen: KENT_CENSUS,
      int_case_months__spanned: [...months(2024), { month: '2025-01-01' }],
      fct_plan_timeliness: [issued('2024-03-01', 2000, 700, 1950, 690), issued('2024-11-01', 424, 84, 404, 93), issued('2025-01-01', 5, 5, 5, 5)],
      benchmark_ehcp: [...dfe('2024', 2424, 784, 2354, 783), ...dfe('2025', 1, 1, 1, 1)],
    });
    // 2024 adds up to the DfE row; 2025 differs but is not a full year here, so it is not compared.
    expect(await findingsOf(g, 'timeliness_matches_dfe')).toEqual([]);
  });

  it('finds the year and measure that differ', async () => {
    const g = await given({
      fct_census_sen: KENT_CENSUS,
      int_case_months__spanned: months(2024),
      fct_plan_timeliness: [issued('2024-03-01', 2424, 780, 2354, 783)],
      benchmark_ehcp: dfe('2024', 2424, 784, 2354, 783),
    });
    const findings = await findingsOf(g, 'timeliness_matches_dfe');
    expect(numbers(findings)).toEqual([{ subject: '2024 issued_within_20_weeks', expected: 784, actual: 780, difference: -4 }]);
    expect(findings[0]?.detail).toBe(
      '2024, issued_within_20_weeks: 780 here (fct_plan_timeliness), 784 in the DfE 20-week timeliness for Kent (886, plans_issued_within_20_weeks): 4 fewer here',
    );
  });
});

describe('hnb_spend_lines_add_up', () => {
  const spend = (year: string, line: string, amount: string, ledger = 'Actual') => ({ financial_year: year, period: 1, line, ledger_type: ledger, amount });
  const dsg = (year: string, hnbSpend: string, unmapped: string) => ({
    financial_year: year,
    hnb_spend: hnbSpend,
    hnb_grant: '0',
    schools_block_transfer: '0',
    other_variances: '0',
    in_year_position: hnbSpend,
    dfe_contribution: '0',
    council_contribution: '0',
    accumulated_position: hnbSpend,
    unmapped_actuals: unmapped,
  });

  it('passes when the actual lines add up to the DSG position (budgets aside)', async () => {
    const g = await given({
      fct_hnb_spend: [spend('2024-25', 'Post 16', '100.50'), spend('2024-25', 'Post 16', '0.25'), spend('2024-25', 'Unmapped', '12480.00'), spend('2024-25', 'Post 16', '999.00', 'Budget')],
      fct_dsg_position: [dsg('2024-25', '100.75', '12480.00')],
    });
    expect(await findingsOf(g, 'hnb_spend_lines_add_up')).toEqual([]);
  });

  it('finds a year whose lines and DSG position disagree', async () => {
    const g = await given({
      fct_hnb_spend: [spend('2024-25', 'Post 16', '100.50'), spend('2025-26', 'Post 16', '7.00')],
      fct_dsg_position: [dsg('2024-25', '100.00', '1.00')],
    });
    const findings = await findingsOf(g, 'hnb_spend_lines_add_up');
    expect(numbers(findings)).toEqual([
      { subject: '2024-25 hnb_spend', expected: 100, actual: 100.5, difference: 0.5 },
      { subject: '2024-25 unmapped_actuals', expected: 1, actual: 0, difference: -1 },
      { subject: '2025-26 hnb_spend', expected: 0, actual: 7, difference: 7 },
    ]);
    expect(findings[0]?.detail).toBe('2024-25: the spend lines of fct_hnb_spend add up to £100.50 but fct_dsg_position.hnb_spend is £100.00 (a difference of £0.50)');
  });
});

describe('dsg_accumulated_position', () => {
  const year = (fy: string, spend: number, grant: number, inYear: number, dfe: number, council: number, accumulated: number) => ({
    financial_year: fy,
    hnb_spend: spend,
    hnb_grant: grant,
    schools_block_transfer: 0,
    other_variances: 0,
    in_year_position: inYear,
    dfe_contribution: dfe,
    council_contribution: council,
    accumulated_position: accumulated,
    unmapped_actuals: 0,
  });

  it('passes when every year follows from its rows and the year before', async () => {
    const g = await given({ fct_dsg_position: [year('2022-23', 300, -250, 50, 0, 0, 50), year('2023-24', 320, -300, 20, -10, -5, 55)] });
    expect(await findingsOf(g, 'dsg_accumulated_position')).toEqual([]);
  });

  it('finds an in-year position that is not the sum of its parts and an accumulated position that does not follow', async () => {
    const g = await given({ fct_dsg_position: [year('2022-23', 300, -250, 50, 0, 0, 50), year('2023-24', 320, -300, 21, -10, -5, 75)] });
    const findings = await findingsOf(g, 'dsg_accumulated_position');
    expect(numbers(findings)).toEqual([
      { subject: '2023-24 accumulated_position', expected: 56, actual: 75, difference: 19 },
      { subject: '2023-24 in_year_position', expected: 20, actual: 21, difference: 1 },
    ]);
    expect(findings[0]?.detail).toBe(
      '2023-24: the previous accumulated position £50.00 + in-year position £21.00 + contributions -£15.00 = £56.00, but accumulated_position is £75.00 (a difference of £19.00)',
    );
  });
});

describe('safety_valve_plan_arithmetic', () => {
  it("finds the published plan's years that do not add up: 2025-26 and 2026-27 by £1m, 2027-28 by £20m (30 stated, 50 from its lines)", async () => {
    // Table 4.1 as the sample writes it (pounds), with its known inconsistencies.
    const plan = SAFETY_VALVE_PLAN.map((p, i) => ({ financial_year: p.year, item_position: i + 1, item: p.item, amount: String(p.amountM * 1_000_000) }));
    const g = await given({ fct_safety_valve_plan: plan });
    const findings = await findingsOf(g, 'safety_valve_plan_arithmetic');
    expect(numbers(findings)).toEqual([
      { subject: '2025-26', expected: 96_000_000, actual: 95_000_000, difference: -1_000_000 },
      { subject: '2026-27', expected: 80_000_000, actual: 79_000_000, difference: -1_000_000 },
      { subject: '2027-28', expected: 50_000_000, actual: 30_000_000, difference: -20_000_000 },
    ]);
    expect(findings[2]?.detail).toBe(
      '2027-28: the accumulated position at 31 March 2027 (£79.0m) + net DSG (-£11.0m) + contributions (-£18.0m) = £50.0m, but the plan states £30.0m at 31 March 2028 (a difference of -£20.0m)',
    );
  });

  it('passes when each year follows from the one before, and never checks the first year (its opening balance is not in the plan)', async () => {
    const g = await given({
      fct_safety_valve_plan: [
        { financial_year: '2024-25', item_position: 1, item: 'Post 16', amount: '10' },
        { financial_year: '2024-25', item_position: 2, item: 'Accumulated Position', amount: '999' },
        { financial_year: '2025-26', item_position: 1, item: 'Post 16', amount: '10' },
        { financial_year: '2025-26', item_position: 2, item: 'High Needs Grant', amount: '-4' },
        { financial_year: '2025-26', item_position: 3, item: 'Council Contribution', amount: '-5' },
        { financial_year: '2025-26', item_position: 4, item: 'Accumulated Position', amount: '1000' },
      ],
    });
    expect(await findingsOf(g, 'safety_valve_plan_arithmetic')).toEqual([]);
  });
});

describe('unmapped_cost_centres', () => {
  const posting = (id: string, cc: string, amount: string, year = '2024-25', ledger = 'Actual') => ({
    record_key: id,
    transaction_id: id,
    financial_year: year,
    period: 11,
    posting_date: '2025-02-10',
    cost_centre: cc,
    ledger_type: ledger,
    amount,
    last_seq: 1,
  });

  it('finds each cost centre posted to that is not in the map, with its postings by year and ledger', async () => {
    const g = await given({
      stg_cost_centres__cost_centres: [{ record_key: 'C1', cost_centre: 'C1', line: 'Post 16', kind: 'spend', last_seq: 1 }],
      stg_finance__postings: [
        posting('T1', 'C1', '5.00'),
        posting('T2', 'C14599', '4120.00'),
        posting('T3', 'C14599', '5050.50'),
        posting('T4', 'C14599', '3309.50'),
        posting('T5', 'C14599', '100.00', '2025-26', 'Budget'),
        posting('T6', 'ZZ', '-1.00'),
      ],
    });
    const findings = await findingsOf(g, 'unmapped_cost_centres');
    expect(numbers(findings)).toEqual([
      { subject: 'C14599', expected: 0, actual: 12580, difference: 12580 },
      { subject: 'ZZ', expected: 0, actual: -1, difference: -1 },
    ]);
    expect(findings[0]?.detail).toBe(
      'cost centre C14599 is not in the cost-centre map: its postings (2024-25 Actual: 3 posting(s), £12,480.00; 2025-26 Budget: 1 posting(s), £100.00) show under the line Unmapped and are left out of the DSG position; add it to the cost-centres file',
    );
  });
});
