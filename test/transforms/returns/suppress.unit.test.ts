// Disclosure control of published tables, attacked as an intruder would: with
// only the published cells and totals, (1) solve every row/column equation that
// has exactly one unknown, repeating to a fixpoint: it must recover nothing;
// (2) bound every hidden figure by propagating the equations and
// non-negativity (no linear programming): no hidden figure may be pinned to one
// value, and no hidden small count may be pinned inside 1..4; (3) exhibit, for
// every hidden figure, another non-negative table that publishes identically
// but differs in that figure. Fixed examples, then fast-check on random tables.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppressList, suppressTable, type CountTable, type Published, type SuppressedTable } from '../../../transforms/returns/suppress.js';

/** The augmented grid: body cells, row totals in the last column, column totals in the last row, grand total in the corner. */
function grid(t: { cells: Published[][]; rowTotals: Published[]; columnTotals: Published[]; grandTotal: Published }): Published[][] {
  return [...t.cells.map((row, r) => [...row, t.rowTotals[r]!]), [...t.columnTotals, t.grandTotal]];
}

function trueGrid(counts: number[][]): number[][] {
  const C = counts[0]?.length ?? 0;
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = Array.from({ length: C }, (_, c) => counts.reduce((a, row) => a + row[c]!, 0));
  return [...counts.map((row, r) => [...row, rowTotals[r]!]), [...colTotals, rowTotals.reduce((a, b) => a + b, 0)]];
}

/** Every line of the augmented grid as an equation: sum of the body entries = the total entry. */
function equations(R: number, C: number): Array<{ parts: Array<[number, number]>; total: [number, number] }> {
  const eqs: Array<{ parts: Array<[number, number]>; total: [number, number] }> = [];
  for (let r = 0; r <= R; r++) eqs.push({ parts: Array.from({ length: C }, (_, c) => [r, c] as [number, number]), total: [r, C] });
  for (let c = 0; c <= C; c++) eqs.push({ parts: Array.from({ length: R }, (_, r) => [r, c] as [number, number]), total: [R, c] });
  return eqs;
}

/** Attack 1: solve single-unknown equations to a fixpoint. Returns what it recovered. */
function singleUnknownAttack(published: Published[][], R: number, C: number): Map<string, number> {
  const known = new Map<string, number>();
  const value = (r: number, c: number): number | undefined => {
    const p = published[r]![c]!;
    return p === 'c' ? known.get(`${r},${c}`) : p;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations(R, C)) {
      const all = [...eq.parts, eq.total];
      const unknown = all.filter(([r, c]) => value(r, c) === undefined);
      if (unknown.length !== 1) continue;
      const [ur, uc] = unknown[0]!;
      const partsSum = eq.parts.filter(([r, c]) => !(r === ur && c === uc)).reduce((a, [r, c]) => a + value(r, c)!, 0);
      const isTotal = ur === eq.total[0] && uc === eq.total[1];
      known.set(`${ur},${uc}`, isTotal ? partsSum : value(...eq.total)! - partsSum);
      changed = true;
    }
  }
  return known;
}

/** Attack 2: interval bounds from the equations and non-negativity, propagated to a fixpoint (no LP). */
function intervalAttack(published: Published[][], R: number, C: number): Map<string, [number, number]> {
  const bounds = new Map<string, [number, number]>();
  for (let r = 0; r <= R; r++) for (let c = 0; c <= C; c++) if (published[r]![c] === 'c') bounds.set(`${r},${c}`, [0, Number.POSITIVE_INFINITY]);
  const range = (r: number, c: number): [number, number] => {
    const p = published[r]![c]!;
    return p === 'c' ? bounds.get(`${r},${c}`)! : [p, p];
  };
  for (let round = 0, changed = true; changed && round < 2000; round++) {
    changed = false;
    for (const eq of equations(R, C)) {
      // total - sum(parts) = 0: each entry is bounded by the others.
      const signed: Array<[number, number, 1 | -1]> = [[...eq.total, 1], ...eq.parts.map(([r, c]) => [r, c, -1] as [number, number, -1])];
      for (const [r, c, sign] of signed) {
        if (published[r]![c] !== 'c') continue;
        // sign*x = -sum(other sign_i * x_i)
        let lo = 0;
        let hi = 0;
        for (const [r2, c2, s2] of signed) {
          if (r2 === r && c2 === c) continue;
          const [a, b] = range(r2, c2);
          const terms = [-s2 * a, -s2 * b];
          lo += Math.min(...terms.map((t) => (Number.isNaN(t) ? 0 : t)));
          hi += Math.max(...terms.map((t) => (Number.isNaN(t) ? 0 : t)));
        }
        const [xlo, xhi] = sign === 1 ? [lo, hi] : [-hi, -lo];
        const [curLo, curHi] = bounds.get(`${r},${c}`)!;
        const next: [number, number] = [Math.max(curLo, xlo), Math.min(curHi, xhi)];
        if (next[0] !== curLo || next[1] !== curHi) {
          bounds.set(`${r},${c}`, next);
          changed = true;
        }
      }
    }
  }
  return bounds;
}

/**
 * Attack 3, the other way round: for a hidden entry, find a cycle through it in
 * the graph of hidden entries (rows and columns of the augmented grid as nodes),
 * move the table by +-1 around it, and return the other table when it is
 * non-negative and publishes the same. undefined: the entry's value is forced.
 */
function alternativeTable(truth: number[][], published: Published[][], r0: number, c0: number): number[][] | undefined {
  const R1 = truth.length;
  const C1 = truth[0]!.length;
  // Signed form: body +x, row and column totals -T, grand total +G: every line of y sums to 0.
  const sign = (r: number, c: number) => ((r === R1 - 1) !== (c === C1 - 1) ? -1 : 1);
  // BFS from column c0 to row r0 over hidden entries other than (r0, c0), alternating column -> row -> column.
  type Node = { kind: 'row' | 'col'; i: number };
  const key = (n: Node) => `${n.kind}${n.i}`;
  const prev = new Map<string, { node: Node; entry: [number, number] } | null>();
  const start: Node = { kind: 'col', i: c0 };
  prev.set(key(start), null);
  const queue: Node[] = [start];
  while (queue.length > 0) {
    const n = queue.shift()!;
    if (n.kind === 'row' && n.i === r0) break;
    const neighbours: Array<[Node, [number, number]]> =
      n.kind === 'col'
        ? Array.from({ length: R1 }, (_, r) => [{ kind: 'row', i: r } as Node, [r, n.i] as [number, number]])
        : Array.from({ length: C1 }, (_, c) => [{ kind: 'col', i: c } as Node, [n.i, c] as [number, number]]);
    for (const [m, [r, c]] of neighbours) {
      if ((r === r0 && c === c0) || published[r]![c] !== 'c' || prev.has(key(m))) continue;
      prev.set(key(m), { node: n, entry: [r, c] });
      queue.push(m);
    }
  }
  if (!prev.has(key({ kind: 'row', i: r0 }))) return undefined;
  const cycle: Array<[number, number]> = [[r0, c0]];
  for (let n: Node = { kind: 'row', i: r0 }; prev.get(key(n)) !== null; n = prev.get(key(n))!.node) cycle.push(prev.get(key(n))!.entry);
  for (const delta of [1, -1]) {
    const y = truth.map((row, r) => row.map((v, c) => sign(r, c) * v));
    cycle.forEach(([r, c], k) => (y[r]![c]! += k % 2 === 0 ? delta : -delta));
    const other = y.map((row, r) => row.map((v, c) => sign(r, c) * v));
    if (other.every((row) => row.every((v) => v >= 0))) return other;
  }
  return undefined;
}

function consistent(other: number[][], published: Published[][]): boolean {
  const R = other.length - 1;
  const C = other[0]!.length - 1;
  for (let r = 0; r <= R; r++) for (let c = 0; c <= C; c++) if (published[r]![c] !== 'c' && published[r]![c] !== other[r]![c]) return false;
  for (const eq of equations(R, C)) if (eq.parts.reduce((a, [r, c]) => a + other[r]![c]!, 0) !== other[eq.total[0]]![eq.total[1]]) return false;
  return other.every((row) => row.every((v) => Number.isInteger(v) && v >= 0));
}

/** Runs the three attacks on a published table; returns what they found (empty: safe). */
function attack(counts: number[][], t: SuppressedTable, threshold = 4): string[] {
  const R = counts.length;
  const C = counts[0]!.length;
  const published = grid(t);
  const truth = trueGrid(counts);
  const findings: string[] = [];
  for (const [k, v] of singleUnknownAttack(published, R, C)) findings.push(`single-unknown attack recovered ${k} = ${v}`);
  const bounds = intervalAttack(published, R, C);
  for (const [k, [lo, hi]] of bounds) {
    const [r, c] = k.split(',').map(Number) as [number, number];
    const v = truth[r]![c]!;
    if (lo > v || hi < v) findings.push(`bug in the attacker: ${k}=${v} outside [${lo}, ${hi}]`);
    if (lo === hi) findings.push(`interval attack pinned ${k} = ${lo}`);
    if (v >= 1 && v <= threshold && hi <= threshold) findings.push(`interval attack shows ${k} is a small count (${lo}..${hi})`);
    const other = alternativeTable(truth, published, r, c);
    if (other === undefined) findings.push(`no other table differs at ${k}: its value is forced`);
    else if (!consistent(other, published) || other[r]![c] === v) findings.push(`bug in the attacker: bad alternative at ${k}`);
  }
  return findings;
}

function primaryCheck(counts: number[][], t: SuppressedTable, threshold = 4): string[] {
  const out: string[] = [];
  const published = grid(t);
  const truth = trueGrid(counts);
  truth.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v >= 1 && v <= threshold && published[r]![c] !== 'c') out.push(`small count ${r},${c} = ${v} published`);
      if (published[r]![c] !== 'c' && published[r]![c] !== v) out.push(`${r},${c} published as ${published[r]![c]} but is ${v}`);
    }),
  );
  return out;
}

/** Rules 1 and 2 only (small counts, then two per line, smallest non-zero first), written independently: what rule 3 improves on. */
function lineRuleOnly(counts: number[][], threshold = 4): Published[][] {
  const truth = trueGrid(counts);
  const R = counts.length;
  const C = counts[0]!.length;
  const hidden = truth.map((row) => row.map((v) => v >= 1 && v <= threshold));
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations(R, C)) {
      const line = [...eq.parts, eq.total];
      if (line.filter(([r, c]) => hidden[r]![c]).length !== 1) continue;
      const pick = line
        .filter(([r, c]) => !hidden[r]![c] && truth[r]![c]! > 0)
        .sort(([r1, c1], [r2, c2]) => truth[r1]![c1]! - truth[r2]![c2]! || Number(r1 === R || c1 === C) - Number(r2 === R || c2 === C))[0];
      if (pick === undefined) continue;
      hidden[pick[0]]![pick[1]] = true;
      changed = true;
    }
  }
  return truth.map((row, r) => row.map((v, c) => (hidden[r]![c] ? 'c' : v)));
}

const ungrid = (g: Published[][]): SuppressedTable => ({
  rows: [], columns: [], suppressed: [],
  cells: g.slice(0, -1).map((row) => row.slice(0, -1)),
  rowTotals: g.slice(0, -1).map((row) => row[row.length - 1]!),
  columnTotals: g[g.length - 1]!.slice(0, -1),
  grandTotal: g[g.length - 1]![g[0]!.length - 1]!,
});

const table = (counts: number[][]): CountTable => ({
  rows: counts.map((_, r) => `r${r}`),
  columns: (counts[0] ?? []).map((_, c) => `c${c}`),
  counts,
});

describe('the attacker', () => {
  const counts = [[10, 20, 30, 40], [11, 21, 31, 41], [12, 22, 32, 42], [13, 23, 33, 43]];
  const publish = (hidden: Array<[number, number]>): SuppressedTable => {
    const g: Published[][] = trueGrid(counts);
    for (const [r, c] of hidden) g[r]![c] = 'c';
    return { rows: [], columns: [], cells: g.slice(0, 4).map((row) => row.slice(0, 4)), rowTotals: g.slice(0, 4).map((row) => row[4]!), columnTotals: g[4]!.slice(0, 4), grandTotal: g[4]![4]!, suppressed: [] };
  };

  it('recovers a lone hidden figure from its row total', () => {
    expect(attack(counts, publish([[1, 1]]))).toContain('single-unknown attack recovered 1,1 = 21');
  });

  it('finds a figure fixed by a combination of lines though every line has two hidden figures', () => {
    // Two blocks of four joined by (1,2): its value is (rows 0-1) - (columns 0-1) of the hidden figures.
    const t = publish([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 2], [2, 3], [3, 2], [3, 3]]);
    const findings = attack(counts, t);
    expect(findings.filter((f) => f.startsWith('single-unknown'))).toEqual([]);
    expect(findings).toContain('no other table differs at 1,2: its value is forced');
  });
});

describe('suppressTable', () => {
  it('hides a small count and the smallest figures that protect it, smallest first', () => {
    const counts = [[12, 3], [40, 7]];
    const t = suppressTable(table(counts));
    expect(t.cells).toEqual([['c', 'c'], ['c', 'c']]);
    expect(t.rowTotals).toEqual([15, 47]);
    expect(t.columnTotals).toEqual([52, 10]);
    expect(t.grandTotal).toBe(62);
    expect(t.suppressed.filter((s) => s.reason === 'primary').map((s) => s.entry)).toEqual([{ kind: 'cell', row: 0, column: 1 }]);
    expect(attack(counts, t)).toEqual([]);
  });

  it("the requests-to-assess table (Kent, 2024-25 months x areas): small 'Not Kent Address' counts protected", () => {
    // Mar-Jun 2024 columns of the scrutiny report's table (seed 004): North, East, South, West, Not Kent Address.
    const counts = [[96, 57, 61, 71], [128, 83, 94, 101], [105, 69, 76, 74], [83, 69, 68, 56], [7, 3, 3, 2]];
    const t = suppressTable(table(counts));
    expect(t.cells[4]).toEqual([7, 'c', 'c', 'c']);
    expect(t.rowTotals[4]).toBe(15);
    // Each column with a hidden small count has a second hidden figure: the smallest of the column.
    expect(t.cells.map((row) => row.filter((v) => v === 'c').length)).toEqual([2, 0, 0, 2, 3]);
    expect(t.cells[0]).toEqual([96, 'c', 'c', 71]);
    expect(t.cells[3]).toEqual([83, 69, 'c', 'c']);
    expect([t.columnTotals, t.grandTotal]).toEqual([[419, 281, 302, 304], 1306]);
    expect(attack(counts, t)).toEqual([]);
  });

  it('zeros are published and never chosen to protect; a table without small counts is published whole', () => {
    const counts = [[3, 0, 10], [0, 0, 25], [8, 9, 0]];
    const t = suppressTable(table(counts));
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) if (counts[r]![c] === 0) expect(t.cells[r]![c]).toBe(0);
    expect(attack(counts, t)).toEqual([]);
    const whole = suppressTable(table([[5, 0], [12, 7]]));
    expect(whole.cells).toEqual([[5, 0], [12, 7]]);
    expect(whole.suppressed).toEqual([]);
  });

  it('a small total is hidden too, and what protects it', () => {
    const counts = [[2, 0], [0, 9]];
    const t = suppressTable(table(counts));
    expect(t.rowTotals[0]).toBe('c');
    expect(t.columnTotals[0]).toBe('c');
    expect(t.suppressed.filter((s) => s.reason === 'primary').map((s) => s.entry.kind).sort()).toEqual(['cell', 'column-total', 'row-total']);
    expect(attack(counts, t)).toEqual([]);
    expect(primaryCheck(counts, t)).toEqual([]);
  });

  it('rule 3: two small counts of a column that would share a published 3 get a third hidden figure', () => {
    const counts = [[1, 0, 57], [62, 93, 17], [2, 11, 3]];
    const t = suppressTable(table(counts));
    // Rule 2 alone hides 1, 2, 3 and 57: every line has two, but column 0 would show 1 + 2 = 65 - 62 = 3.
    const lineOnly: SuppressedTable = { ...t, cells: [['c', 0, 'c'], [62, 93, 17], ['c', 11, 'c']] };
    expect(attack(counts, lineOnly)).toContain('interval attack shows 0,0 is a small count (0..3)');
    expect(t.cells).toEqual([['c', 0, 'c'], ['c', 93, 'c'], ['c', 11, 'c']]);
    expect([t.rowTotals, t.columnTotals, t.grandTotal]).toEqual([[58, 172, 16], [65, 104, 77], 246]);
    expect(t.suppressed.filter((s) => s.rule === 3)).toEqual([{ entry: { kind: 'cell', row: 1, column: 0 }, reason: 'secondary', rule: 3 }]);
    expect(attack(counts, t)).toEqual([]);
  });

  it('rule 3 closes what rules 1 and 2 alone leave open: a figure fixed by a combination of lines', () => {
    const counts = [[76, 58, 89, 3], [13, 19, 13, 0], [1, 1, 88, 77], [4, 0, 0, 0]];
    // Rules 1 and 2 alone: every line with a hidden figure has two, no line gives one away...
    const lineOnly = lineRuleOnly(counts);
    expect(lineOnly).toEqual([
      [76, 'c', 89, 'c', 226],
      ['c', 19, 13, 0, 'c'],
      ['c', 'c', 88, 'c', 167],
      ['c', 0, 0, 0, 'c'],
      [94, 78, 190, 80, 442],
    ]);
    const leaks = attack(counts, ungrid(lineOnly));
    expect(leaks.filter((f) => f.startsWith('single-unknown'))).toEqual([]);
    // ...yet the 1 in row 2 is fixed by the rows and columns together.
    expect(leaks).toContain('no other table differs at 2,0: its value is forced');
    const t = suppressTable(table(counts));
    expect(t.suppressed.some((s) => s.rule === 3)).toBe(true);
    expect(attack(counts, t)).toEqual([]);
    expect(primaryCheck(counts, t)).toEqual([]);
  });

  it('refuses a count that is not a whole number of 0 or more, and a ragged table', () => {
    expect(() => suppressTable(table([[1, -2]]))).toThrow(/whole number of 0 or more: r0 \/ c1 is -2/);
    expect(() => suppressTable(table([[1.5]]))).toThrow(/suppress|whole number/);
    expect(() => suppressTable({ rows: ['a', 'b'], columns: ['x'], counts: [[1]] })).toThrow(/2 rows of 1 columns/);
  });

  it('property: on random tables, nothing hidden can be recovered, pinned, or shown to be a small count', () => {
    const value = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2000 }) });
    const tables = fc.integer({ min: 1, max: 5 }).chain((R) => fc.integer({ min: 1, max: 6 }).chain((C) => fc.array(fc.array(value, { minLength: C, maxLength: C }), { minLength: R, maxLength: R })));
    fc.assert(
      fc.property(tables, (counts) => {
        const t = suppressTable(table(counts));
        expect(primaryCheck(counts, t)).toEqual([]);
        expect(attack(counts, t)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('property: another threshold (1..9) is honoured the same way', () => {
    const tables = fc.integer({ min: 1, max: 4 }).chain((R) => fc.integer({ min: 1, max: 4 }).chain((C) => fc.array(fc.array(fc.integer({ min: 0, max: 15 }), { minLength: C, maxLength: C }), { minLength: R, maxLength: R })));
    fc.assert(
      fc.property(tables, fc.integer({ min: 1, max: 9 }), (counts, threshold) => {
        const t = suppressTable(table(counts), { threshold });
        expect(primaryCheck(counts, t, threshold)).toEqual([]);
        expect(attack(counts, t, threshold)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('suppressList', () => {
  it('hides a small count and the next smallest non-zero, so neither follows from the total', () => {
    expect(suppressList({ labels: ['ASD', 'SEMH', 'SLCN'], counts: [120, 3, 55] })).toMatchObject({ cells: [120, 'c', 'c'], total: 178 });
    expect(suppressList({ labels: ['a', 'b', 'c'], counts: [3, 0, 10] })).toMatchObject({ cells: ['c', 0, 'c'], total: 13 });
    expect(suppressList({ labels: ['a', 'b'], counts: [2, 0] })).toMatchObject({ cells: ['c', 0], total: 'c' });
    // 1 and 2 hidden alone would share 3, showing both are small: the 300 is hidden too.
    expect(suppressList({ labels: ['a', 'b', 'c'], counts: [1, 2, 300] })).toMatchObject({ cells: ['c', 'c', 'c'], total: 303 });
  });

  it('property: a hidden count is never the total minus the published ones, nor pinned inside 1..4', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 500 })), { minLength: 1, maxLength: 12 }), (counts) => {
        const l = suppressList({ labels: counts.map((_, i) => `l${i}`), counts });
        const total = counts.reduce((a, b) => a + b, 0);
        counts.forEach((v, i) => {
          if (v >= 1 && v <= 4) expect(l.cells[i]).toBe('c');
          if (l.cells[i] !== 'c') expect(l.cells[i]).toBe(v);
        });
        const hidden = l.cells.filter((c) => c === 'c').length + (l.total === 'c' ? 1 : 0);
        expect(hidden === 0 || hidden >= 2).toBe(true);
        if (l.total !== 'c' && hidden > 0) {
          // The hidden counts share what the total leaves: each could be anything from 0 to that.
          const left = total - l.cells.reduce<number>((a, c) => a + (c === 'c' ? 0 : c), 0);
          counts.forEach((v, i) => {
            if (l.cells[i] === 'c' && v >= 1 && v <= 4) expect(left).toBeGreaterThan(4);
          });
        }
      }),
      { numRuns: 400 },
    );
  });
});
