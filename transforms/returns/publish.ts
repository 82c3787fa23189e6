// The published version of a return (--publish): the counts of children are
// passed through statistical disclosure control (suppress.ts: counts 1-4 and
// enough others that none can be worked out from the totals become "c"), and
// what could disclose a small number another way is left out. Pure.
//
// How each table is treated:
// - Caseload by setting group: each quarter's groups with their total are one
//   list (suppressList). A share is "c" when its count is.
// - Requests and timeliness: each month is two tables with the area teams as
//   rows. Requests: decided within 6 weeks, decided later, not decided (yet),
//   with the requests received as the row totals. Plans: issued within 20 weeks,
//   issued later, with the plans issued as the row totals. 'All areas' are the
//   column totals (suppressTable). Decisions made (within + later) is shown
//   only when both are published, so it is never more than a sum of published
//   figures; a percentage only when both its figures are. The split by
//   outcome (to assess / not to assess) and the exception columns would link
//   the tables to each other, so the published version leaves them out.
// - The data-quality findings and the checks' detail are left out: their text
//   can hold small numbers that no rule here can hide. The money tables and
//   the DfE's own published statistics are published as they are.
import { suppressList, suppressTable, type Published } from './suppress.js';
import { columnIndex, num, type Cell, type ReturnTable } from './tables.js';

/** The symbol a hidden count is shown as (the DfE's "confidential"). */
export const SUPPRESSED = 'c';

/** The published versions of the tables (a new array; the input is not changed). */
export function publishTables(tables: readonly ReturnTable[]): ReturnTable[] {
  return tables.flatMap((t): ReturnTable[] => {
    switch (t.spec.key) {
      case 'caseload_by_setting_group':
        return [publishCaseload(t)];
      case 'requests_and_timeliness':
        return [publishRequests(t)];
      case 'data_quality_checks':
        return [dropColumns(t, ['detail'])];
      case 'data_quality_findings':
        return [];
      default:
        return [t];
    }
  });
}

function publishCaseload(t: ReturnTable): ReturnTable {
  const iDate = columnIndex(t, 'snapshot_date');
  const iGroup = columnIndex(t, 'setting_group');
  const iPlans = columnIndex(t, 'plans');
  const iShare = columnIndex(t, 'share_pct');
  const rows = t.rows.map((r) => [...r]);
  for (const date of unique(rows.map((r) => r[iDate] ?? ''))) {
    const quarterRows = rows.filter((r) => r[iDate] === date);
    const groups = quarterRows.filter((r) => r[iGroup] !== 'total');
    const total = quarterRows.find((r) => r[iGroup] === 'total');
    const list = suppressList({ labels: groups.map((r) => r[iGroup] ?? ''), counts: groups.map((r) => count(r[iPlans])) });
    groups.forEach((r, i) => {
      r[iPlans] = text(list.cells[i]!);
      if (list.cells[i] === SUPPRESSED) r[iShare] = SUPPRESSED;
    });
    if (total !== undefined) {
      total[iPlans] = text(list.total);
      if (list.total === SUPPRESSED) {
        total[iShare] = SUPPRESSED;
        for (const r of groups) r[iShare] = SUPPRESSED;
      }
    }
  }
  return { ...t, rows };
}

/** The columns of the published requests table. */
const PUBLISHED_REQUEST_COLUMNS = [
  'month',
  'area_team',
  'requests_received',
  'decisions_made',
  'decisions_within_6_weeks',
  'pct_decisions_within_6_weeks',
  'plans_issued',
  'issued_within_20_weeks',
  'pct_issued_within_20_weeks',
];

function publishRequests(t: ReturnTable): ReturnTable {
  const i = (name: string) => columnIndex(t, name);
  const [iMonth, iArea, iReceived, iMade, iWithin6, iPlans, iWithin20] = [
    i('month'), i('area_team'), i('requests_received'), i('decisions_made'), i('decisions_within_6_weeks'), i('plans_issued'), i('issued_within_20_weeks'),
  ];
  const columns = PUBLISHED_REQUEST_COLUMNS.map((name) => t.columns[i(name)]!);
  const out: Cell[][] = [];
  for (const month of unique(t.rows.map((r) => r[iMonth] ?? ''))) {
    const monthRows = t.rows.filter((r) => r[iMonth] === month);
    const areas = monthRows.filter((r) => r[iArea] !== 'All areas');
    const requests = suppressTable({
      rows: areas.map((r) => r[iArea] ?? ''),
      columns: ['within 6 weeks', 'later', 'not decided'],
      counts: areas.map((r) => {
        const received = count(r[iReceived]);
        const made = count(r[iMade]);
        const within = count(r[iWithin6]);
        return [within, made - within, received - made];
      }),
    });
    const plans = suppressTable({
      rows: areas.map((r) => r[iArea] ?? ''),
      columns: ['within 20 weeks', 'later'],
      counts: areas.map((r) => {
        const issued = count(r[iPlans]);
        const within = count(r[iWithin20]);
        return [within, issued - within];
      }),
    });
    // A percentage is the unpublished table's own (same counts, same rounding) when both its figures are published.
    const line = (row: Cell[], received: Published, within6: Published, later6: Published, issued: Published, within20: Published): Cell[] => {
      const made: Published = within6 === SUPPRESSED || later6 === SUPPRESSED ? SUPPRESSED : within6 + later6;
      const pct = (name: string, part: Published, whole: Published): Cell => (part === SUPPRESSED || whole === SUPPRESSED ? SUPPRESSED : (row[i(name)] ?? null));
      return [
        month,
        row[iArea] ?? null,
        text(received),
        text(made),
        text(within6),
        pct('pct_decisions_within_6_weeks', within6, made),
        text(issued),
        text(within20),
        pct('pct_issued_within_20_weeks', within20, issued),
      ];
    };
    areas.forEach((r, a) => {
      out.push(line(r, requests.rowTotals[a]!, requests.cells[a]![0]!, requests.cells[a]![1]!, plans.rowTotals[a]!, plans.cells[a]![0]!));
    });
    const all = monthRows.find((r) => r[iArea] === 'All areas');
    if (all !== undefined) {
      out.push(line(all, requests.grandTotal, requests.columnTotals[0]!, requests.columnTotals[1]!, plans.grandTotal, plans.columnTotals[0]!));
    }
  }
  return { ...t, columns, rows: out };
}

function dropColumns(t: ReturnTable, names: readonly string[]): ReturnTable {
  const keep = t.columns.map((col, i) => ({ col, i })).filter(({ col }) => !names.includes(col.name));
  return { ...t, columns: keep.map((k) => k.col), rows: t.rows.map((r) => keep.map((k) => r[k.i] ?? null)) };
}

function text(p: Published): Cell {
  return p === SUPPRESSED ? SUPPRESSED : String(p);
}

function count(cell: Cell | undefined): number {
  return num(cell) ?? 0;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
