// Staging: every ledger posting, the newest version of each TransactionID.
import { column, defineModel } from '../model.js';

/** stg_finance__postings: one row per TransactionID. */
export const stgFinancePostings = defineModel({
  name: 'stg_finance__postings',
  layer: 'staging',
  grain: 'record_key (TransactionID)',
  description:
    'Every High Needs Block and DSG ledger posting as its newest version says (a correction replaces the earlier one). The free-text Description is not kept: it is never used and may name people.',
  reads: ['LedgerPostingRecorded', 'LedgerPostingCorrected'],
  sql: 'staging/stg_finance__postings.sql',
  refresh: 'merge',
  merge: { fold: 'newest-event', key: ['record_key'] },
  columns: [
    column('record_key', 'varchar', 'Identity of the posting (the event key, the TransactionID).'),
    column('transaction_id', 'varchar', 'TransactionID of the posting.'),
    column('financial_year', 'varchar', 'Financial year, YYYY-YY (April to March).'),
    column('period', 'integer', 'Accounting period: 1..12 (April = 1); 13..16 year-end adjustments.'),
    column('posting_date', 'date', 'Date of the posting.'),
    column('cost_centre', 'varchar', 'Cost centre posted to.'),
    column('subjective', 'varchar', 'Subjective (account code), when given.'),
    column('ledger_type', 'varchar', 'Actual, Budget or Forecast.'),
    column('amount', 'decimal(18,2)', 'Pounds: positive = expenditure, negative = income.'),
    column('last_seq', 'bigint', 'Log sequence number of the event this version came from.'),
  ],
});
