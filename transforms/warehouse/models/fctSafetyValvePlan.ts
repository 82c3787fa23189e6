// Fact: the agreed Safety Valve trajectory, newest plan of each year.
import { column, defineModel } from '../model.js';

/** fct_safety_valve_plan: financial_year × item. */
export const fctSafetyValvePlan = defineModel({
  name: 'fct_safety_valve_plan',
  layer: 'fct',
  grain: 'financial_year × item',
  description:
    'The agreed Safety Valve trajectory: the items of the newest plan for each financial year (a revised plan replaces the year; every version stays in the log).',
  reads: ['stg_safety_valve_plan__items'],
  sql: 'marts/fct_safety_valve_plan.sql',
  refresh: 'full',
  columns: [
    column('financial_year', 'varchar', 'Financial year, YYYY-YY.'),
    column('item_position', 'integer', 'Position of the item in the plan file.'),
    column('item', 'varchar', 'A spend line name or Savings, High Needs Grant, Transfer from Schools Block, Other Variances, DfE Contribution, Council Contribution, Accumulated Position.'),
    column('amount', 'decimal(18,2)', 'Pounds, income negative; for Accumulated Position the target at 31 March.'),
  ],
});
