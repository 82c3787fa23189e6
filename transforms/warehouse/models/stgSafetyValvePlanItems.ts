// Staging: the agreed Safety Valve trajectory, the newest plan of each year.
import { column, defineModel } from '../model.js';

/** stg_safety_valve_plan__items: one row per financial year and plan item. */
export const stgSafetyValvePlanItems = defineModel({
  name: 'stg_safety_valve_plan__items',
  layer: 'staging',
  grain: 'financial_year × item_position',
  description:
    'The Safety Valve plan items of every financial year, from the newest plan event of that year: a revised plan replaces the whole year.',
  reads: ['SafetyValvePlanAgreed', 'SafetyValvePlanRevised'],
  sql: 'staging/stg_safety_valve_plan__items.sql',
  refresh: 'merge',
  merge: { fold: 'own', key: ['financial_year'] },
  columns: [
    column('financial_year', 'varchar', 'Financial year of the plan, YYYY-YY.'),
    column('item_position', 'integer', 'Position of the item in the plan file (1 = first).'),
    column('item', 'varchar', 'A spend line name or Savings, High Needs Grant, Transfer from Schools Block, Other Variances, DfE Contribution, Council Contribution, Accumulated Position.'),
    column('amount', 'decimal(18,2)', 'Pounds, income negative; for Accumulated Position the target at 31 March.'),
    column('last_seq', 'bigint', 'Log sequence number of the plan event these items came from.'),
  ],
});
