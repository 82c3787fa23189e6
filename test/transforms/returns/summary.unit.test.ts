// The headline figures and commentary are worked out from the tables: the
// numbers in the words are the tables' own, and a sum with a hidden part is
// never printed.
import { describe, expect, it } from 'vitest';
import { parseQuarter } from '../../../transforms/returns/quarter.js';
import { summarise } from '../../../transforms/returns/summary.js';
import { specOf, type Cell, type ReturnTable, type TableKey } from '../../../transforms/returns/tables.js';

const t = (key: TableKey, rows: Cell[][]): ReturnTable => ({ spec: specOf(key), columns: specOf(key).columns, rows });

function tables(overrides: Partial<Record<TableKey, Cell[][]>> = {}): ReturnTable[] {
  const quarters = ['2023-12-31', '2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31'];
  const caseload: Cell[][] = quarters.flatMap((d, i) => [
    ['q', d, 'mainstream', 'Mainstream schools', String(100 + i), i === 4 ? '36.0' : '35.0'],
    ['q', d, 'special', 'Special schools', String(200 + i), i === 4 ? '39.0' : '40.5'],
    ['q', d, 'total', 'All EHC plans', i === 4 ? '20609' : '19330', '100.0'],
  ]);
  const months = Array.from({ length: 12 }, (_, m) => `2024-${String(m + 1).padStart(2, '0')}-01`);
  const requests: Cell[][] = months.map((month, m) => [month, 'All areas', '100', '90', '50', '40', '81', '90.0', '50', String(m < 3 ? 5 : 30), m < 3 ? '10.0' : '60.0', '50', '30', '60.0']);
  const all: Record<TableKey, Cell[][]> = {
    dsg_position: [
      ['2023-24', 'outturn', 'accumulated_position', 'Accumulated position (deficit +)', '66384031.43', null, null, null, null],
      ['2024-25', 'year to date (periods 1-9)', 'accumulated_position', 'Accumulated position (deficit +)', '116167146.98', null, '97000000.00', null, null],
      ['2027-28', 'plan', 'accumulated_position', 'Accumulated position (deficit +)', null, null, '30000000.00', null, null],
    ],
    hnb_spend_by_line: [
      ['Post 16', '17941857.47', '16631712.05', '18988232.03', '18750000.00', '1310145.42', '-808142.53', '22100000.00', '25000000.00', '25000000.00', '0.00'],
      ['Independent Special Schools', '59990307.31', '55830616.03', '61492520.32', '61500000.00', '4159691.28', '-1509692.69', '74500000.00', '82000000.00', '82000000.00', '0.00'],
      ['Total', '292183115.56', '270043478.97', '296403949.37', '294750000.00', '22139636.59', '-2566884.44', '359800000.00', '393000000.00', '393000000.00', '0.00'],
    ],
    caseload_by_setting_group: caseload,
    requests_and_timeliness: requests,
    benchmark: [],
    data_quality_checks: [
      ['a_check', 'error', 'pass', '0', 'fine'],
      ['b_check', 'warning', 'fail', '3', 'three'],
    ],
    data_quality_findings: [],
    ...overrides,
  };
  return (Object.keys(all) as TableKey[]).map((k) => t(k, all[k]));
}

describe('summarise', () => {
  const quarter = parseQuarter('2024-25-Q3');

  it('states the caseload, spend, deficit, requests and checks from the tables', () => {
    const { headlines, commentary } = summarise(tables(), { quarter, authorityName: 'Kent' });
    const h = Object.fromEntries(headlines.map((x) => [x.key, x]));
    expect(h.plans).toMatchObject({ label: 'EHC plans on 31 December 2024', value: '20,609', note: '+1,279 (+6.6%) on 31 December 2023' });
    expect(h['special-share']).toMatchObject({ value: '39.0%', note: '40.5% a year earlier' });
    expect(h['spend-to-date']).toMatchObject({ value: '£292.2m', note: '£22.1m over the budget to date (£270.0m)' });
    expect(h.forecast).toMatchObject({ value: '£393.0m', note: 'in line with the plan' });
    expect(h.deficit).toMatchObject({ label: 'Accumulated DSG deficit, 31 March 2024', value: '£66.4m', note: 'plan for 31 March 2025: £97.0m' });
    // 12 months x 50 issued; 3 x 5 + 9 x 30 within 20 weeks = 285 of 600.
    expect(h.timeliness).toMatchObject({ value: '47.5%', note: '60.0% in December 2024' });
    expect(h.requests).toMatchObject({ value: '1,200', note: '300 in the quarter' });
    expect(commentary[0]).toBe(
      'On 31 December 2024, 20,609 children and young people had an EHC plan: 1,279 (6.6%) more than on 31 December 2023 (19,330). 39.0% of them were placed in special schools and 36.0% in mainstream schools (a year earlier: 40.5% and 35.0%).',
    );
    expect(commentary[1]).toContain('The line furthest from the plan to date is Independent Special Schools: £1.5m below it.');
    expect(commentary[2]).toBe('The accumulated DSG deficit was £66.4m at 31 March 2024 (outturn). The Safety Valve plan expects £97.0m at 31 March 2025 and £30.0m at 31 March 2028.');
    expect(commentary[3]).toContain('1,200 requests for an EHC needs assessment were received, 90.0% of the decisions on them came within 6 weeks and 600 EHC plans were issued, 47.5% of them within 20 weeks.');
    expect(commentary[3]).toContain('In the quarter itself 60.0% of plans were issued within 20 weeks, up from 10.0% in the three months to March 2024.');
    expect(commentary.at(-1)).toBe('2 data-quality checks ran on the data this return was made from: 1 passed and 1 found something to look at (0 of them errors): b_check (3 findings).');
  });

  it('says "not published" rather than add up figures of which one is hidden', () => {
    const months = Array.from({ length: 12 }, (_, m) => `2024-${String(m + 1).padStart(2, '0')}-01`);
    const requests: Cell[][] = months.map((month, m) => [month, 'All areas', m === 5 ? 'c' : '100', '90', '50', '40', '81', '90.0', '50', '30', '60.0', '50', '30', '60.0']);
    const { headlines, commentary } = summarise(tables({ requests_and_timeliness: requests }), { quarter, authorityName: 'Kent' });
    expect(headlines.find((x) => x.key === 'requests')!.value).toBe('not published');
    expect(commentary[3]).toContain('the number of requests for an EHC needs assessment is not published');
    expect(commentary.join(' ')).not.toMatch(/1,100|1,200/);
  });
});
