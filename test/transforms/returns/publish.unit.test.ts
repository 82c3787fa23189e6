// The published return (--publish): on any tables of counts, no figure shown
// or worked out by subtraction from two figures shown is 1 to 4, no hidden
// figure is the only hidden one of its column (so none is its total minus
// the others), shown figures are the true ones, and what cannot be protected
// is left out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishTables, SUPPRESSED } from '../../../transforms/returns/publish.js';
import { columnIndex, specOf, type Cell, type ReturnTable } from '../../../transforms/returns/tables.js';

const AREAS = ['North', 'East', 'South', 'West', 'Not Kent Address'];
const GROUPS = ['mainstream', 'special', 'ap_pru', 'fe', 'ed_elsewhere', 'nm_early_years', 'placement_unknown'];

interface AreaMonth {
  received: number;
  made: number;
  toAssess: number;
  within6: number;
  issued: number;
  within20: number;
  issuedEx: number;
  within20Ex: number;
}

const areaMonth = fc
  .record({ received: fc.nat(60), madeShare: fc.nat(100), assessShare: fc.nat(100), within6Share: fc.nat(100), issued: fc.nat(40), within20Share: fc.nat(100), exceptions: fc.nat(3) })
  .map((r): AreaMonth => {
    const made = Math.round((r.received * r.madeShare) / 100);
    const within20 = Math.round((r.issued * r.within20Share) / 100);
    const issuedEx = Math.max(0, r.issued - r.exceptions);
    return {
      received: r.received,
      made,
      toAssess: Math.round((made * r.assessShare) / 100),
      within6: Math.round((made * r.within6Share) / 100),
      issued: r.issued,
      within20,
      issuedEx,
      within20Ex: Math.min(within20, issuedEx),
    };
  });

function pct(part: number, whole: number): Cell {
  return whole === 0 ? null : (Math.round((1000 * part) / whole) / 10).toFixed(1);
}

function requestsTable(months: AreaMonth[][]): ReturnTable {
  const spec = specOf('requests_and_timeliness');
  const rows: Cell[][] = [];
  months.forEach((areas, m) => {
    const month = `2024-${String(m + 1).padStart(2, '0')}-01`;
    const line = (area: string, v: AreaMonth): Cell[] =>
      [month, area, v.received, v.made, v.toAssess, v.made - v.toAssess, v.within6, pct(v.within6, v.made), v.issued, v.within20, pct(v.within20, v.issued), v.issuedEx, v.within20Ex, pct(v.within20Ex, v.issuedEx)].map((x) =>
        typeof x === 'number' ? String(x) : x,
      );
    areas.forEach((v, a) => rows.push(line(AREAS[a]!, v)));
    const sum = (k: keyof AreaMonth) => areas.reduce((s, v) => s + v[k], 0);
    rows.push(
      line('All areas', { received: sum('received'), made: sum('made'), toAssess: sum('toAssess'), within6: sum('within6'), issued: sum('issued'), within20: sum('within20'), issuedEx: sum('issuedEx'), within20Ex: sum('within20Ex') }),
    );
  });
  return { spec, columns: spec.columns, rows };
}

function caseloadTable(quarters: number[][]): ReturnTable {
  const spec = specOf('caseload_by_setting_group');
  const rows: Cell[][] = [];
  quarters.forEach((counts, q) => {
    const date = `202${q}-03-31`;
    const total = counts.reduce((a, b) => a + b, 0);
    counts.forEach((n, g) => rows.push([`Q${q}`, date, GROUPS[g]!, GROUPS[g]!, String(n), total > 0 ? (Math.round((1000 * n) / total) / 10).toFixed(1) : null]));
    rows.push([`Q${q}`, date, 'total', 'All EHC plans', String(total), total > 0 ? '100.0' : null]);
  });
  return { spec, columns: spec.columns, rows };
}

const small = (cell: Cell | undefined) => cell !== null && cell !== undefined && cell !== SUPPRESSED && Number(cell) >= 1 && Number(cell) <= 4;
const shown = (cell: Cell | undefined): cell is string => cell !== null && cell !== undefined && cell !== SUPPRESSED;

describe('publishTables: requests and timeliness', () => {
  it('never shows, or lets two shown figures reveal, a count from 1 to 4, and never hides a figure alone in its column', () => {
    fc.assert(
      fc.property(fc.array(fc.array(areaMonth, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 3 }), (months) => {
        const original = requestsTable(months);
        const [published] = publishTables([original]);
        const t = published!;
        expect(t.columns.map((c) => c.name)).toEqual([
          'month', 'area_team', 'requests_received', 'decisions_made', 'decisions_within_6_weeks', 'pct_decisions_within_6_weeks', 'plans_issued', 'issued_within_20_weeks', 'pct_issued_within_20_weeks',
        ]);
        expect(t.rows).toHaveLength(original.rows.length);
        const counts = ['requests_received', 'decisions_made', 'decisions_within_6_weeks', 'plans_issued', 'issued_within_20_weeks'];
        t.rows.forEach((row, r) => {
          const before = original.rows[r]!;
          for (const name of counts) {
            const cell = row[columnIndex(t, name)];
            // Shown figures are the true ones, and none of them is small.
            if (shown(cell)) expect(cell).toBe(before[columnIndex(original, name)]);
            expect(small(cell), `${name} ${cell}`).toBe(false);
          }
          const at = (name: string) => row[columnIndex(t, name)];
          // Differences of two shown figures: decided later, not decided, issued later.
          for (const [whole, part] of [['decisions_made', 'decisions_within_6_weeks'], ['requests_received', 'decisions_made'], ['plans_issued', 'issued_within_20_weeks']] as const) {
            const w = at(whole);
            const p = at(part);
            if (shown(w) && shown(p)) expect(small(String(Number(w) - Number(p))), `${whole} - ${part} = ${Number(w) - Number(p)}`).toBe(false);
          }
          // A percentage is shown only with both its figures, and is then the original one.
          for (const [p, part, whole] of [['pct_decisions_within_6_weeks', 'decisions_within_6_weeks', 'decisions_made'], ['pct_issued_within_20_weeks', 'issued_within_20_weeks', 'plans_issued']] as const) {
            if (at(part) === SUPPRESSED || at(whole) === SUPPRESSED) expect(at(p)).toBe(SUPPRESSED);
            else expect(at(p)).toBe(before[columnIndex(original, p)]);
          }
        });
        // In each month and column, a hidden figure is never the only one (the area teams with their total).
        for (const month of new Set(t.rows.map((r) => r[0]))) {
          const rows = t.rows.filter((r) => r[0] === month);
          for (const name of counts) expect(rows.filter((r) => r[columnIndex(t, name)] === SUPPRESSED).length).not.toBe(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hides a team of 3 requests and the smallest other figure that would give it away', () => {
    const month = (received: number, made: number, within6: number): AreaMonth => ({ received, made, toAssess: made, within6, issued: 20, within20: 10, issuedEx: 20, within20Ex: 10 });
    const original = requestsTable([[month(40, 40, 30), month(50, 50, 40), month(60, 60, 50), month(70, 70, 60), month(3, 3, 3)]]);
    const t = publishTables([original])[0]!;
    const received = t.rows.map((r) => r[columnIndex(t, 'requests_received')]);
    // Not Kent Address (3) is hidden, and so is the smallest other team (North, 40), so neither is the total minus the rest.
    expect(received).toEqual(['c', '50', '60', '70', 'c', '223']);
    expect(t.rows[4]![columnIndex(t, 'pct_decisions_within_6_weeks')]).toBe('c');
  });
});

describe('publishTables: caseload and the rest', () => {
  it('hides small groups and a partner in each quarter, with their shares', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.nat(6), fc.nat(9000)), { minLength: 7, maxLength: 7 }), { minLength: 1, maxLength: 8 }), (quarters) => {
        const original = caseloadTable(quarters);
        const t = publishTables([original])[0]!;
        const iPlans = columnIndex(t, 'plans');
        const iShare = columnIndex(t, 'share_pct');
        t.rows.forEach((row, r) => {
          expect(small(row[iPlans])).toBe(false);
          if (shown(row[iPlans])) expect(row[iPlans]).toBe(original.rows[r]![iPlans]);
          if (row[iPlans] === SUPPRESSED) expect(row[iShare]).toBe(SUPPRESSED);
        });
        for (const date of new Set(t.rows.map((r) => r[1]))) {
          expect(t.rows.filter((r) => r[1] === date && r[iPlans] === SUPPRESSED).length).not.toBe(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out the data-quality findings and the checks\' detail, and publishes the money tables as they are', () => {
    const table = (key: 'dsg_position' | 'data_quality_checks' | 'data_quality_findings', row: Cell[]): ReturnTable => ({ spec: specOf(key), columns: specOf(key).columns, rows: [row] });
    const dsg = table('dsg_position', ['2024-25', 'outturn', 'hnb_spend', 'High Needs Block spend', '3.00', null, '2.00', '1.00', null]);
    const published = publishTables([dsg, table('data_quality_checks', ['c1', 'error', 'fail', '2', '2 plans in January 2019']), table('data_quality_findings', ['c1', 'x', '1', '3', '2', '3 here'])]);
    expect(published.map((t) => t.spec.key)).toEqual(['dsg_position', 'data_quality_checks']);
    expect(published[0]).toBe(dsg);
    expect(published[1]!.columns.map((c) => c.name)).toEqual(['check_name', 'severity', 'status', 'finding_count']);
    expect(published[1]!.rows).toEqual([['c1', 'error', 'fail', '2']]);
  });
});
