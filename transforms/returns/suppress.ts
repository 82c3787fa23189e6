// Statistical disclosure control for published counts of children (the return's
// --publish tables): small counts are shown as "c" (confidential, the DfE's
// symbol) and enough other figures are hidden that no hidden count can be
// worked out from the totals. Pure: no I/O.
//
// How to call it (the return's --publish):
//   import { suppressTable, suppressList } from './suppress.js';
//   const t = suppressTable({ rows: ['North', 'East'], columns: ['Mainstream', 'Special'], counts: [[12, 3], [40, 7]] });
//   t.cells[0][1] === 'c'; t.rowTotals, t.columnTotals, t.grandTotal: number | 'c'; t.suppressed says which and why.
//   const l = suppressList({ labels: ['ASD', 'SEMH', 'SLCN'], counts: [120, 3, 55] }); // l.cells, l.total
// Publish exactly what comes back (cells and totals); never the input counts.
//
// The rules (after the GSS/ONS guidance on disclosure control of tables, as the DfE applies it):
// 1. Primary: every count from 1 to 4 (`threshold`), in the body or a total, is "c".
//    Zeros are published: a zero identifies nobody, and hiding zeros would hide
//    true information without protecting anyone. (A zero is hidden only as the
//    very last resort of rule 3, when nothing else can protect a small count.)
// 2. Secondary, per line: every row and every column (the rows of totals and the
//    column of totals included) that has a hidden figure must have at least two,
//    so that no hidden figure is its line's total minus the published figures.
//    The extra one is the smallest non-zero published figure of the line (body
//    cells before totals at equal values), repeated across both dimensions until
//    nothing changes. Zeros are not chosen: a hidden zero gives a hidden small
//    count no room downwards, so the pair's sum would reveal that both are small.
// 3. Protection, for the whole table: rule 2 stops one-equation attacks but not
//    combinations of equations (a hidden figure that bridges two groups of
//    hidden figures is fixed by them). So the exact range of values each hidden
//    figure could take, given everything published and that counts are not
//    negative, is computed (as a circulation: see `feasibleRange`), and while a
//    hidden figure's range is a single value, or a small count's range does not
//    reach above the threshold (so the table would show that it is small: two
//    hidden figures summing to 3, say), the smallest published figure that
//    widens it is hidden too. Such a figure always exists (a cut that a flow
//    enters must also be left by a published figure of the table).
// The result: no hidden figure can be recovered, and every hidden small count
// could as well be 5 or more, as far as the published table shows.
import { SendwhError } from '../../models/index.js';

/** A published figure: the count, or 'c' when it is hidden. */
export type Published = number | 'c';

/** A table of counts: `counts[row][column]`; its totals are the sums. */
export interface CountTable {
  rows: readonly string[];
  columns: readonly string[];
  counts: ReadonlyArray<readonly number[]>;
}

/** Which figure of a table. */
export type TableEntry =
  | { kind: 'cell'; row: number; column: number }
  | { kind: 'row-total'; row: number }
  | { kind: 'column-total'; column: number }
  | { kind: 'grand-total' };

/** A table ready to publish. */
export interface SuppressedTable {
  rows: string[];
  columns: string[];
  cells: Published[][];
  rowTotals: Published[];
  columnTotals: Published[];
  grandTotal: Published;
  /** Every hidden figure and why: primary (a small count) or secondary (hidden to protect one), and by which rule (1, 2 or 3 above). */
  suppressed: Array<{ entry: TableEntry } & Suppression>;
}

/** A one-dimensional list of counts with its total. */
export interface CountList {
  labels: readonly string[];
  counts: readonly number[];
}

export type ListEntry = { kind: 'cell'; index: number } | { kind: 'total' };

export interface SuppressedList {
  labels: string[];
  cells: Published[];
  total: Published;
  suppressed: Array<{ entry: ListEntry } & Suppression>;
}

/** Why a figure is hidden: rule 1 (a small count), 2 (the only other hidden figure of its line) or 3 (to widen a range). */
export type Suppression = { reason: 'primary'; rule: 1 } | { reason: 'secondary'; rule: 2 | 3 };

export interface SuppressionOptions {
  /** Counts from 1 to this are hidden (default 4: "fewer than 5"). */
  threshold?: number;
}

export const DEFAULT_THRESHOLD = 4;

/** Hides the small counts of a table and enough others that none can be worked out from the totals. */
export function suppressTable(table: CountTable, options: SuppressionOptions = {}): SuppressedTable {
  const R = table.rows.length;
  const C = table.columns.length;
  if (table.counts.length !== R || table.counts.some((row) => row.length !== C)) {
    throw new SendwhError('suppress-bad-table', `the table's counts must be ${R} rows of ${C} columns`);
  }
  table.counts.forEach((row, r) => row.forEach((v, c) => checkCount(v, `${table.rows[r]} / ${table.columns[c]}`)));
  // Nodes: rows 0..R-1, the totals row R, columns R+1..R+C, the totals column R+C+1.
  // Each figure is an edge between its row's node and its column's node, oriented
  // so that every node balances (in = out): a circulation (see feasibleRange).
  const rowT = R;
  const col = (c: number) => R + 1 + c;
  const colT = R + C + 1;
  const entries: Array<Edge & { entry: TableEntry }> = [];
  const rowTotals = table.counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = table.columns.map((_, c) => table.counts.reduce((a, row) => a + (row[c] ?? 0), 0));
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  table.counts.forEach((row, r) => row.forEach((v, c) => entries.push({ from: r, to: col(c), value: v, total: false, entry: { kind: 'cell', row: r, column: c } })));
  rowTotals.forEach((v, r) => entries.push({ from: colT, to: r, value: v, total: true, entry: { kind: 'row-total', row: r } }));
  columnTotals.forEach((v, c) => entries.push({ from: col(c), to: rowT, value: v, total: true, entry: { kind: 'column-total', column: c } }));
  entries.push({ from: rowT, to: colT, value: grand, total: true, entry: { kind: 'grand-total' } });
  const reasons = suppressGraph(R + C + 2, entries, options.threshold ?? DEFAULT_THRESHOLD);
  const shown = (i: number): Published => (reasons[i] === undefined ? entries[i]!.value : 'c');
  return {
    rows: [...table.rows],
    columns: [...table.columns],
    cells: table.counts.map((row, r) => row.map((_, c) => shown(r * C + c))),
    rowTotals: rowTotals.map((_, r) => shown(R * C + r)),
    columnTotals: columnTotals.map((_, c) => shown(R * C + R + c)),
    grandTotal: shown(entries.length - 1),
    suppressed: entries.flatMap((e, i) => (reasons[i] === undefined ? [] : [{ entry: e.entry, ...suppression(reasons[i]!) }])),
  };
}

/** Hides the small counts of a list and enough others that none can be worked out from the total. */
export function suppressList(list: CountList, options: SuppressionOptions = {}): SuppressedList {
  if (list.counts.length !== list.labels.length) throw new SendwhError('suppress-bad-table', `the list has ${list.labels.length} labels but ${list.counts.length} counts`);
  list.counts.forEach((v, i) => checkCount(v, list.labels[i] ?? String(i)));
  // One equation (the items sum to the total): two nodes, items one way, the total back.
  const total = list.counts.reduce((a, b) => a + b, 0);
  const entries: Edge[] = [...list.counts.map((v) => ({ from: 0, to: 1, value: v, total: false })), { from: 1, to: 0, value: total, total: true }];
  const reasons = suppressGraph(2, entries, options.threshold ?? DEFAULT_THRESHOLD);
  const n = list.counts.length;
  return {
    labels: [...list.labels],
    cells: list.counts.map((v, i) => (reasons[i] === undefined ? v : 'c')),
    total: reasons[n] === undefined ? total : 'c',
    suppressed: entries.flatMap((_, i) =>
      reasons[i] === undefined ? [] : [{ entry: (i === n ? { kind: 'total' } : { kind: 'cell', index: i }) as ListEntry, ...suppression(reasons[i]!) }],
    ),
  };
}

function checkCount(v: number, where: string): void {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new SendwhError('suppress-bad-count', `a count must be a whole number of 0 or more: ${where} is ${v}`);
  }
}

/** A figure as an edge of the circulation: `value` flows from `from` to `to`. */
export interface Edge {
  from: number;
  to: number;
  value: number;
  total: boolean;
}

type Reason = 'primary' | 'line' | 'range';

function suppression(reason: Reason): Suppression {
  return reason === 'primary' ? { reason: 'primary', rule: 1 } : { reason: 'secondary', rule: reason === 'line' ? 2 : 3 };
}

/** The three rules on the graph form of a table; returns the reason per hidden edge (undefined: published). */
function suppressGraph(nodes: number, edges: readonly Edge[], threshold: number): Array<Reason | undefined> {
  const reasons: Array<Reason | undefined> = edges.map((e) => (e.value >= 1 && e.value <= threshold ? 'primary' : undefined));
  const hidden = (i: number) => reasons[i] !== undefined;
  const incident: number[][] = Array.from({ length: nodes }, () => []);
  edges.forEach((e, i) => {
    incident[e.from]!.push(i);
    if (e.to !== e.from) incident[e.to]!.push(i);
  });
  const order = (a: number, b: number) => {
    const ea = edges[a]!;
    const eb = edges[b]!;
    return Number(ea.value === 0) - Number(eb.value === 0) || ea.value - eb.value || Number(ea.total) - Number(eb.total) || a - b;
  };
  for (;;) {
    // Rule 2, to a fixpoint across rows and columns.
    for (let changed = true; changed; ) {
      changed = false;
      for (const line of incident) {
        if (line.filter(hidden).length !== 1) continue;
        const pick = line.filter((i) => !hidden(i) && edges[i]!.value > 0).sort(order)[0];
        if (pick === undefined) continue; // only zeros left: rule 3 decides
        reasons[pick] = 'line';
        changed = true;
      }
    }
    // Rule 3: the exact ranges.
    const weak = edges.findIndex((e, i) => hidden(i) && !isProtected(e, i, reasons[i]!, edges, reasons, nodes, threshold));
    if (weak === -1) return reasons;
    const pick = widening(weak, edges, reasons, nodes, threshold).sort(order)[0];
    if (pick === undefined) return reasons; // everything that could widen it is already hidden
    reasons[pick] = 'range';
  }
}

function isProtected(e: Edge, i: number, reason: Reason, edges: readonly Edge[], reasons: ReadonlyArray<Reason | undefined>, nodes: number, threshold: number): boolean {
  const { min, max } = feasibleRange(i, edges, reasons.map((r) => r !== undefined), nodes);
  if (min === max) return false;
  return reason !== 'primary' || max > threshold || e.value === 0;
}

/** The published edges whose hiding would widen edge i's range the way it needs (crossing its minimum cut). */
function widening(i: number, edges: readonly Edge[], reasons: ReadonlyArray<Reason | undefined>, nodes: number, threshold: number): number[] {
  const hiddenMask = reasons.map((r) => r !== undefined);
  const { min, max, upCut, downCut } = feasibleRange(i, edges, hiddenMask, nodes);
  // A small count needs room upwards, past the threshold; any other pinned figure room either way.
  const cuts: Array<Set<number>> = reasons[i] === 'primary' && max <= threshold && min !== max ? [upCut] : [upCut, downCut];
  const out = new Set<number>();
  for (const cut of cuts) {
    edges.forEach((f, j) => {
      if (hiddenMask[j] || j === i) return;
      // Hidden, f could carry more along its direction (unbounded) or less against it (down to 0).
      if ((cut.has(f.from) && !cut.has(f.to)) || (cut.has(f.to) && !cut.has(f.from) && f.value > 0)) out.add(j);
    });
  }
  return [...out];
}

/**
 * The exact range of values hidden edge `i` can take, given the published
 * edges' values and that every figure is 0 or more. A table with its totals is
 * a circulation (every node balances), so raising edge i (a->b) by d means
 * sending d back from b to a through the other hidden edges, each of which can
 * carry more (unbounded) along its direction or less (down to 0) against it: the
 * most it can rise is the maximum flow from b to a in that residual network,
 * the most it can fall is min(value, maximum flow from a to b). Also returns
 * each minimum cut (the nodes reachable from the source after the flow).
 */
export function feasibleRange(
  i: number,
  edges: readonly Edge[],
  hidden: readonly boolean[],
  nodes: number,
): { min: number; max: number; upCut: Set<number>; downCut: Set<number> } {
  const e = edges[i]!;
  const infinite = edges.reduce((a, f) => a + f.value, 0) + 1;
  const capacity = (): number[][] => {
    const cap = Array.from({ length: nodes }, () => new Array<number>(nodes).fill(0));
    edges.forEach((f, j) => {
      if (!hidden[j] || j === i) return;
      cap[f.from]![f.to]! += infinite;
      cap[f.to]![f.from]! += f.value;
    });
    return cap;
  };
  const up = maxFlow(capacity(), e.to, e.from, infinite);
  const down = maxFlow(capacity(), e.from, e.to, e.value);
  return { min: e.value - Math.min(e.value, down.flow), max: up.flow >= infinite ? Number.POSITIVE_INFINITY : e.value + up.flow, upCut: up.cut, downCut: down.cut };
}

/** Edmonds-Karp on a dense capacity matrix (modified in place), stopping once `limit` is reached. */
function maxFlow(cap: number[][], source: number, sink: number, limit: number): { flow: number; cut: Set<number> } {
  const n = cap.length;
  let flow = 0;
  if (source === sink) return { flow: limit, cut: new Set([source]) };
  for (;;) {
    const parent = new Array<number>(n).fill(-1);
    parent[source] = source;
    const queue = [source];
    for (let q = 0; q < queue.length && parent[sink] === -1; q++) {
      const u = queue[q]!;
      for (let v = 0; v < n; v++) {
        if (parent[v] === -1 && cap[u]![v]! > 0) {
          parent[v] = u;
          queue.push(v);
        }
      }
    }
    if (parent[sink] === -1 || flow >= limit) {
      return { flow: Math.min(flow, limit), cut: new Set(queue) };
    }
    let push = limit - flow;
    for (let v = sink; v !== source; v = parent[v]!) push = Math.min(push, cap[parent[v]!]![v]!);
    for (let v = sink; v !== source; v = parent[v]!) {
      cap[parent[v]!]![v]! -= push;
      cap[v]![parent[v]!]! += push;
    }
    flow += push;
  }
}
