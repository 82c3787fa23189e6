// Staging: the latest ExtractDate the log holds for the snapshot extracts.
import { column, defineModel } from '../model.js';

/** stg_log__extract_dates: one row per snapshot source. */
export const stgLogExtractDates = defineModel({
  name: 'stg_log__extract_dates',
  layer: 'staging',
  grain: 'source',
  description: 'The latest ExtractDate among the events of each snapshot extract (cases, placements): where the data reaches.',
  reads: [
    'AssessmentRequestReceived',
    'AssessmentRequestDecided',
    'EhcAssessmentConcluded',
    'EhcPlanIssued',
    'EhcPlanStarted',
    'EhcPlanCeased',
    'EhcPlanReviewed',
    'CaseRecordCorrected',
    'PlacementStarted',
    'PlacementEnded',
    'PlacementRecordCorrected',
  ],
  sql: 'staging/stg_log__extract_dates.sql',
  refresh: 'merge',
  columns: [
    column('source', 'varchar', 'cases or placements.'),
    column('latest_extract_date', 'date', 'The latest ExtractDate of any event of the source.'),
  ],
});
