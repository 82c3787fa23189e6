// Intermediate: the caseload snapshot calendar.
import { column, defineModel } from '../model.js';

/** int_snapshot_dates__spanned: one row per snapshot date. */
export const intSnapshotDatesSpanned = defineModel({
  name: 'int_snapshot_dates__spanned',
  layer: 'intermediate',
  grain: 'snapshot_date',
  description:
    'The caseload snapshot dates: every month end from the month of the earliest PlanStartDate to the month of the latest ExtractDate the log holds, and the January census day (3rd Thursday of January) of every January in that span of months.',
  reads: ['stg_cases__requests', 'stg_log__extract_dates'],
  sql: 'intermediate/int_snapshot_dates__spanned.sql',
  refresh: 'full',
  columns: [
    column('snapshot_date', 'date', 'The snapshot date.'),
    column('snapshot_kind', 'varchar', 'month_end or january_census.'),
  ],
});
