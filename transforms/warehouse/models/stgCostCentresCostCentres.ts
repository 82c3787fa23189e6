// Staging: which line and kind of the DSG each cost centre belongs to.
import { column, defineModel } from '../model.js';

/** stg_cost_centres__cost_centres: one row per cost centre. */
export const stgCostCentresCostCentres = defineModel({
  name: 'stg_cost_centres__cost_centres',
  layer: 'staging',
  grain: 'record_key (CostCentre)',
  description: 'The cost-centres reference file: the line and kind of every mapped cost centre, newest mapping of each.',
  reads: ['CostCentreMapped', 'CostCentreRemapped'],
  sql: 'staging/stg_cost_centres__cost_centres.sql',
  refresh: 'merge',
  merge: { fold: 'newest-event', key: ['record_key'] },
  columns: [
    column('record_key', 'varchar', 'Identity of the record (the event key, the cost centre).'),
    column('cost_centre', 'varchar', 'Cost centre code.'),
    column('line', 'varchar', 'Line of the High Needs Block or DSG it reports under.'),
    column('kind', 'varchar', 'spend, grant, transfer, other_variance, dfe_contribution or council_contribution.'),
    column('last_seq', 'bigint', 'Log sequence number of the event this version came from.'),
  ],
});
