// The agreed Safety Valve trajectory (CONTRACT §1.5): rows `FinancialYear, Item,
// Amount`, one record per financial year (reduce), identity the year. A new file
// for a year replaces that year's plan (a revision); every version stays in the log.
import { z } from 'zod';
import type { Diagnostic, SafetyValvePlanYear } from '../../models/index.js';
import { PLAN_ITEMS } from '../fields/codes.js';
import { hashDiff } from '../fields/hashDiff.js';
import { minimiseReferenceRow } from '../fields/minimise.js';
import { cellsFor, checkRow, defineColumns, RuleBook } from '../fields/rowSchema.js';
import type { ColumnSpec, SourceSpec } from '../sourceSpec.js';

const C = defineColumns({ FinancialYear: 'financial-year', Item: 'item', Amount: 'amount' });
const COLUMNS: readonly ColumnSpec[] = Object.keys(C).map((name) => ({ name, required: true }));

const book = new RuleBook('safety-valve-plan');
const cell = cellsFor(book);

/** The row schema: every rule a row is checked against (published as JSON Schema by `sendwh docs`). */
export const PlanRow = z.object({
  FinancialYear: cell.financialYear(C.FinancialYear, { required: true }),
  Item: cell.code(C.Item, PLAN_ITEMS, { required: true }),
  Amount: cell.amount(C.Amount, { required: true }),
});

const DUPLICATE_ITEM = book.rule(C.Item, 'duplicate');

/** Every rule code a safety-valve-plan row (or, for duplicates, a file) can break. */
export const SAFETY_VALVE_PLAN_RULES: readonly string[] = book.all();

type Rows = ReadonlyArray<{ value: SafetyValvePlanYear; line: number }>;

/** The lines of rows that repeat an Item already given for the same year earlier in the file. */
function duplicateLines(rows: Rows): Set<number> {
  const seen = new Set<string>();
  const lines = new Set<number>();
  for (const { value, line } of rows)
    for (const { item } of value.items) {
      const id = `${value.financialYear}|${item}`;
      if (seen.has(id)) lines.add(line);
      else seen.add(id);
    }
  return lines;
}

/** The safety-valve-plan source: rows -> one SafetyValvePlanYear per financial year, identity the year. */
export const safetyValvePlanSpec: SourceSpec<SafetyValvePlanYear> = {
  source: 'safety-valve-plan',
  columns: COLUMNS,
  state: 'hash',
  parse(row) {
    const checked = checkRow('safety-valve-plan', PlanRow, row);
    if (!checked.ok) return checked;
    const r = checked.value;
    return { ok: true, value: { financialYear: r.FinancialYear!, items: [{ item: r.Item!, amount: r.Amount! }] } };
  },
  checkRows(rows) {
    const diagnostic: Diagnostic = {
      rule: DUPLICATE_ITEM,
      message: 'Item appears twice for the same FinancialYear in this file: the earlier row is kept; remove or merge the repeat.',
      column: 'Item',
    };
    return [...duplicateLines(rows)].map((line) => ({ line, diagnostics: [diagnostic] }));
  },
  // Items in file order; a year keeps the line of its first row. A repeated item
  // is dropped here too (the earlier row wins) so a pipeline that does not call
  // checkRows still gets one amount per item.
  reduce(rows) {
    const duplicates = duplicateLines(rows);
    const years = new Map<string, { value: SafetyValvePlanYear; line: number }>();
    for (const { value, line } of rows) {
      if (duplicates.has(line)) continue;
      const year = years.get(value.financialYear);
      if (year === undefined) years.set(value.financialYear, { value: { financialYear: value.financialYear, items: [...value.items] }, line });
      else year.value.items.push(...value.items);
    }
    return [...years.values()];
  },
  key: (value) => value.financialYear,
  asAt: () => null,
  ...hashDiff<SafetyValvePlanYear>('SafetyValvePlanAgreed', 'SafetyValvePlanRevised'),
  minimise: (row) => minimiseReferenceRow(COLUMNS, row),
};
