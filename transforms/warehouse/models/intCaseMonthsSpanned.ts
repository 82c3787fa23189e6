// Intermediate: the months the request and timeliness facts cover.
import { column, defineModel } from '../model.js';

/** int_case_months__spanned: one row per month. */
export const intCaseMonthsSpanned = defineModel({
  name: 'int_case_months__spanned',
  layer: 'intermediate',
  grain: 'month',
  description:
    'The months of fct_assessment_requests and fct_plan_timeliness: from the month of the earliest ReceivedDate to the latest of the months of the latest cases ExtractDate, ReceivedDate and AssessmentOutcomeDate.',
  reads: ['stg_cases__requests', 'stg_log__extract_dates'],
  sql: 'intermediate/int_case_months__spanned.sql',
  refresh: 'full',
  columns: [column('month', 'date', 'First day of the month.')],
});
