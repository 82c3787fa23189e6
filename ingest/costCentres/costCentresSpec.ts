// The cost-centre map (CONTRACT §1.5): which DSG line and kind each ledger cost
// centre belongs to. Identity CostCentre; a changed mapping is a remap.
import { z } from 'zod';
import type { CostCentre } from '../../models/index.js';
import { codeMatcher, COST_CENTRE_KINDS, SPEND_LINES } from '../fields/codes.js';
import { hashDiff } from '../fields/hashDiff.js';
import { minimiseReferenceRow } from '../fields/minimise.js';
import { cellsFor, checkRow, defineColumns, report, RuleBook, withRowRules } from '../fields/rowSchema.js';
import type { ColumnSpec, SourceSpec } from '../sourceSpec.js';

const C = defineColumns({ CostCentre: 'cost-centre', Line: 'line', Kind: 'kind' });
const COLUMNS: readonly ColumnSpec[] = Object.keys(C).map((name) => ({ name, required: true }));

const book = new RuleBook('cost-centres');
const cell = cellsFor(book);
const spendLine = codeMatcher(SPEND_LINES);
const LINE_NOT_SPEND = book.rule(C.Line, 'not-spend-line');

/** The row schema: every rule a row is checked against (published as JSON Schema by `sendwh docs`). */
export const CostCentreRow = withRowRules(
  z.object({
    CostCentre: cell.text(C.CostCentre, { required: true }),
    Line: cell.text(C.Line, { required: true }),
    Kind: cell.code(C.Kind, COST_CENTRE_KINDS, { required: true }),
  }),
  (r, ctx) => {
    if (r.Kind === 'spend' && r.Line && spendLine(r.Line) === undefined)
      report(ctx, LINE_NOT_SPEND, 'Line', `Line is not one of the five spend lines, which a spend cost centre needs: ${SPEND_LINES.join('; ')}.`);
  },
);

/** Every rule code a cost-centres row can break. */
export const COST_CENTRES_RULES: readonly string[] = book.all();

/** The cost-centres source: rows -> CostCentre (spend lines in their canonical spelling), identity CostCentre. */
export const costCentresSpec: SourceSpec<CostCentre> = {
  source: 'cost-centres',
  columns: COLUMNS,
  state: 'hash',
  parse(row) {
    const checked = checkRow('cost-centres', CostCentreRow, row);
    if (!checked.ok) return checked;
    const r = checked.value;
    const kind = r.Kind!;
    return { ok: true, value: { costCentre: r.CostCentre!, line: kind === 'spend' ? spendLine(r.Line!)! : r.Line!, kind } };
  },
  key: (value) => value.costCentre,
  asAt: () => null,
  ...hashDiff<CostCentre>('CostCentreMapped', 'CostCentreRemapped'),
  minimise: (row) => minimiseReferenceRow(COLUMNS, row),
};
