// Ledger extract for the High Needs Block and the DSG (CONTRACT §1.4): one row
// per posting, identity TransactionID; the same id with other content later is
// a correction. Amounts stay exact decimal strings from the cell to the event.
import { z } from 'zod';
import type { LedgerPosting } from '../../models/index.js';
import { LEDGER_TYPES } from '../fields/codes.js';
import { hashDiff } from '../fields/hashDiff.js';
import { minimiseReferenceRow } from '../fields/minimise.js';
import { cellsFor, checkRow, defineColumns, RuleBook } from '../fields/rowSchema.js';
import type { ColumnSpec, SourceSpec } from '../sourceSpec.js';

const C = defineColumns({
  TransactionID: 'transaction-id',
  FinancialYear: 'financial-year',
  Period: 'period',
  PostingDate: 'posting-date',
  CostCentre: 'cost-centre',
  Subjective: 'subjective',
  LedgerType: 'ledger-type',
  Amount: 'amount',
  Description: 'description',
});

const OPTIONAL = new Set(['Subjective', 'Description']);
const COLUMNS: readonly ColumnSpec[] = Object.keys(C).map((name) => ({ name, required: !OPTIONAL.has(name) }));

const book = new RuleBook('finance');
const cell = cellsFor(book);

/** The row schema: every rule a row is checked against (published as JSON Schema by `sendwh docs`). */
export const FinanceRow = z.object({
  TransactionID: cell.text(C.TransactionID, { required: true }),
  FinancialYear: cell.financialYear(C.FinancialYear, { required: true }),
  // 1..12 (April = 1); 13..16 are year-end adjustment periods.
  Period: cell.integer(C.Period, 1, 16, { required: true }),
  PostingDate: cell.date(C.PostingDate, { required: true }),
  CostCentre: cell.text(C.CostCentre, { required: true }),
  Subjective: cell.text(C.Subjective),
  LedgerType: cell.code(C.LedgerType, LEDGER_TYPES, { required: true }),
  Amount: cell.amount(C.Amount, { required: true }),
  Description: cell.text(C.Description),
});

/** Every rule code a finance row can break. */
export const FINANCE_RULES: readonly string[] = book.all();

/** The finance source: rows -> LedgerPosting, identity TransactionID, as at PostingDate. */
export const financeSpec: SourceSpec<LedgerPosting> = {
  source: 'finance',
  columns: COLUMNS,
  state: 'hash',
  parse(row) {
    const checked = checkRow('finance', FinanceRow, row);
    if (!checked.ok) return checked;
    const r = checked.value;
    return {
      ok: true,
      // Keys in sorted (canonical) order: canonicalJson then serialises the record natively.
      value: {
        amount: r.Amount!,
        costCentre: r.CostCentre!,
        description: r.Description ?? null,
        financialYear: r.FinancialYear!,
        ledgerType: r.LedgerType!,
        period: r.Period!,
        postingDate: r.PostingDate!,
        subjective: r.Subjective ?? null,
        transactionId: r.TransactionID!,
      },
    };
  },
  key: (value) => value.transactionId,
  asAt: (value) => value.postingDate,
  ...hashDiff<LedgerPosting>('LedgerPostingRecorded', 'LedgerPostingCorrected'),
  minimise: (row) => minimiseReferenceRow(COLUMNS, row),
};
