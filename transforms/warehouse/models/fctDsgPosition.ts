// Fact: the DSG position of every financial year, in year and accumulated.
import { column, defineModel } from '../model.js';

/** fct_dsg_position: financial_year. */
export const fctDsgPosition = defineModel({
  name: 'fct_dsg_position',
  layer: 'fct',
  grain: 'financial_year',
  description:
    "The DSG position: actual postings summed by cost-centre kind for each financial year (income negative, as in the ledger; 'Unmapped' postings left out), the in-year position and the accumulated position carried from year to year. Years run without gaps from the first to the last year with actuals.",
  reads: ['stg_finance__postings', 'stg_cost_centres__cost_centres'],
  sql: 'marts/fct_dsg_position.sql',
  refresh: 'full',
  columns: [
    column('financial_year', 'varchar', 'Financial year, YYYY-YY.'),
    column('hnb_spend', 'decimal(18,2)', 'Actuals of spend-kind cost centres.'),
    column('hnb_grant', 'decimal(18,2)', 'Actuals of grant-kind cost centres (income, negative).'),
    column('schools_block_transfer', 'decimal(18,2)', 'Actuals of transfer-kind cost centres.'),
    column('other_variances', 'decimal(18,2)', 'Actuals of other_variance-kind cost centres.'),
    column('in_year_position', 'decimal(18,2)', 'hnb_spend + hnb_grant + schools_block_transfer + other_variances.'),
    column('dfe_contribution', 'decimal(18,2)', 'Actuals of dfe_contribution-kind cost centres.'),
    column('council_contribution', 'decimal(18,2)', 'Actuals of council_contribution-kind cost centres.'),
    column(
      'accumulated_position',
      'decimal(18,2)',
      "The previous year's accumulated_position + in_year_position + dfe_contribution + council_contribution (0 before the first year in the log).",
    ),
    column('unmapped_actuals', 'decimal(18,2)', 'Actuals posted to cost centres not in the map: left out of every column above, reported by the checks.'),
  ],
});
