// Staging: the current record of every EHC needs assessment request, folded
// field by field from the partial case events.
import { column, defineModel } from '../model.js';

/** stg_cases__requests: one row per RequestID, as the log knows it now. */
export const stgCasesRequests = defineModel({
  name: 'stg_cases__requests',
  layer: 'staging',
  grain: 'request_id',
  description:
    'The current record of every EHC needs assessment request (Synergy cases extract, SEN2 modules Requests, Assessment and Named plan). Case events carry only the fields they set; each field holds the value of the newest event (highest log sequence) that set it, a null clearing it.',
  reads: [
    'AssessmentRequestReceived',
    'AssessmentRequestDecided',
    'EhcAssessmentConcluded',
    'EhcPlanIssued',
    'EhcPlanStarted',
    'EhcPlanCeased',
    'EhcPlanReviewed',
    'CaseRecordCorrected',
  ],
  sql: 'staging/stg_cases__requests.sql',
  refresh: 'merge',
  merge: { fold: 'newest-field', key: ['request_id'] },
  columns: [
    column('request_id', 'varchar', "Synergy's id of the request (RequestID): identity of the record."),
    column('person', 'varchar', 'Keyed pseudonym (HMAC-SHA-256, hex) of the PersonID.'),
    column('upn', 'varchar', 'Keyed pseudonym of the UPN, when the case has one.'),
    column('birth_month', 'date', 'First day of the month of birth (dates of birth are kept to the month).'),
    column('sex', 'varchar', 'M or F, when recorded.'),
    column('area_team', 'varchar', 'SEN area team of the case: North, East, South, West or Not Kent Address.'),
    column('received_date', 'date', 'Date the request for an EHC needs assessment was received (ReceivedDate).'),
    column('request_source', 'varchar', 'Who made the request (RequestSource): 1 parent/young person, 2 education setting, 3 health, 4 social care, 5 other.'),
    column('request_outcome', 'varchar', 'Decision on the request (RequestOutcome): Y assess, N not assess, A awaiting decision, W withdrawn, H historical.'),
    column('request_outcome_date', 'date', 'Date of the decision whether to assess (RequestOutcomeDate).'),
    column('assessment_outcome', 'varchar', 'Outcome of the assessment (AssessmentOutcome): Y issue plan, N not issue, A awaiting, W withdrawn, H historical.'),
    column('assessment_outcome_date', 'date', 'Date of the assessment outcome; for Y the date the final EHC plan was issued (AssessmentOutcomeDate).'),
    column('week20_exception', 'boolean', 'True when a 20-week exception applies (Week20Exception = 1).'),
    column('primary_need', 'varchar', 'Primary type of need of the plan (PrimaryNeed, SEN type code).'),
    column('plan_start_date', 'date', 'Date the EHC plan started (PlanStartDate); a request has a plan when this is present.'),
    column('cease_date', 'date', 'Date the EHC plan ended (CeaseDate), when it has.'),
    column('cease_reason', 'varchar', 'Why the plan ended (CeaseReason, SEN2 code 1..9).'),
    column('last_review_date', 'date', 'Date of the last annual review decision (LastReviewDate).'),
    column('last_seq', 'bigint', 'Log sequence number of the newest event folded into this record.'),
  ],
});
