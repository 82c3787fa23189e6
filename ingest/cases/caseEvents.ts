// How a case snapshot becomes events (CONTRACT §1.2: snapshots, not diffs). The
// fields of a request are grouped by the SEN2 stage that sets them: the request,
// the decision to assess, the assessment's outcome, the plan, its ceasing and its
// last annual review.
import { CaseFieldName, type CaseFields } from '../../models/index.js';
import type { Diff } from '../sourceSpec.js';
import { diffSnapshot, foldSnapshot, reachedStage, type SnapshotModel } from '../fields/snapshot.js';

const REQUEST = ['person', 'upn', 'birthMonth', 'sex', 'areaTeam', 'receivedDate', 'requestSource'] as const;
const DECISION = ['requestOutcome', 'requestOutcomeDate'] as const;
const ASSESSMENT = ['assessmentOutcome', 'assessmentOutcomeDate', 'week20Exception'] as const;
const PLAN = ['planStartDate', 'primaryNeed'] as const;
const CEASE = ['ceaseDate', 'ceaseReason'] as const;
const REVIEW = ['lastReviewDate'] as const;

/** The stages of a request and which event each gives. */
export const CASE_MODEL: SnapshotModel<CaseFields> = {
  id: 'requestId',
  fieldNames: CaseFieldName.options,
  corrected: 'CaseRecordCorrected',
  groups: [
    { fields: REQUEST, event: () => 'AssessmentRequestReceived', progressed: reachedStage('receivedDate', REQUEST) },
    { fields: DECISION, event: () => 'AssessmentRequestDecided', progressed: reachedStage('requestOutcome', DECISION) },
    {
      fields: ASSESSMENT,
      event: (next) => (next.assessmentOutcome === 'Y' ? 'EhcPlanIssued' : 'EhcAssessmentConcluded'),
      progressed: reachedStage('assessmentOutcome', ASSESSMENT),
    },
    { fields: PLAN, event: () => 'EhcPlanStarted', progressed: reachedStage('planStartDate', PLAN) },
    { fields: CEASE, event: () => 'EhcPlanCeased', progressed: reachedStage('ceaseDate', CEASE) },
    {
      fields: REVIEW,
      event: () => 'EhcPlanReviewed',
      // A later review date is the next annual review, not a correction of the last one.
      progressed: (prev, next) =>
        next.lastReviewDate !== null && (prev.lastReviewDate === null || next.lastReviewDate > prev.lastReviewDate),
    },
  ],
};

/** The events taking a request from what the log knew (undefined: new) to this snapshot's fields. */
export function diffCase(prev: Partial<CaseFields> | undefined, next: CaseFields): Diff {
  return diffSnapshot(CASE_MODEL, prev, next);
}

/** A request's fields rebuilt from its events in log order (the newest event that sets a field wins). */
export function foldCase(events: ReadonlyArray<{ data: Record<string, unknown> }>): CaseFields | undefined {
  return foldSnapshot(CASE_MODEL, events);
}
