// Fact: High Needs Block spend by year, period, line and ledger type.
import { column, defineModel } from '../model.js';

/** fct_hnb_spend: financial_year × period × line × ledger_type. */
export const fctHnbSpend = defineModel({
  name: 'fct_hnb_spend',
  layer: 'fct',
  grain: 'financial_year × period × line × ledger_type',
  description:
    "High Needs Block spend: the sum of Amount of postings to spend-kind cost centres, by line from cost-centres; postings to a cost centre not in the map show under the line 'Unmapped'.",
  reads: ['stg_finance__postings', 'stg_cost_centres__cost_centres'],
  sql: 'marts/fct_hnb_spend.sql',
  refresh: 'partitions',
  columns: [
    column('financial_year', 'varchar', 'Financial year, YYYY-YY.'),
    column('period', 'integer', 'Accounting period: 1..12 (April = 1); 13..16 year-end adjustments.'),
    column('line', 'varchar', "Spend line from cost-centres, or 'Unmapped' for a cost centre not in the map."),
    column('ledger_type', 'varchar', 'Actual, Budget or Forecast.'),
    column('amount', 'decimal(18,2)', 'Sum of Amount in pounds (positive = expenditure, negative = income).'),
  ],
});
