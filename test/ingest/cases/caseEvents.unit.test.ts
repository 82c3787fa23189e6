import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffCase, foldCase } from '../../../ingest/cases/caseEvents.js';
import { casesSpec } from '../../../ingest/cases/casesSpec.js';
import type { EventDraft } from '../../../ingest/sourceSpec.js';
import type { CaseFields } from '../../../models/index.js';
import { expectCatalogueValid } from '../fields/specHarness.js';

const P1 = 'a'.repeat(64);
const P2 = 'b'.repeat(64);

const RECEIVED: CaseFields = {
  requestId: 'R1', person: P1, upn: null, birthMonth: '2012-06', sex: 'F', areaTeam: 'East', receivedDate: '2024-05-01',
  requestSource: '2', requestOutcome: null, requestOutcomeDate: null, assessmentOutcome: null, assessmentOutcomeDate: null,
  week20Exception: null, primaryNeed: null, planStartDate: null, ceaseDate: null, ceaseReason: null, lastReviewDate: null,
};

const types = (events: EventDraft[]) => events.map((e) => e.type);

describe('diffCase', () => {
  it('opens a new request with its Received event and one event per stage that has values', () => {
    expect(diffCase(undefined, RECEIVED)).toEqual({
      change: 'new',
      events: [{ type: 'AssessmentRequestReceived', v: 1, data: { requestId: 'R1', person: P1, upn: null, birthMonth: '2012-06', sex: 'F', areaTeam: 'East', receivedDate: '2024-05-01', requestSource: '2' } }],
    });
    const full: CaseFields = { ...RECEIVED, requestOutcome: 'Y', requestOutcomeDate: '2024-06-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2024-09-01', week20Exception: 1, planStartDate: '2024-09-01', primaryNeed: 'SEMH' };
    const diff = diffCase(undefined, full);
    expect(types(diff.events)).toEqual(['AssessmentRequestReceived', 'AssessmentRequestDecided', 'EhcPlanIssued', 'EhcPlanStarted']);
    expect(diff.events[2]!.data).toEqual({ requestId: 'R1', assessmentOutcome: 'Y', assessmentOutcomeDate: '2024-09-01', week20Exception: 1 });
    expectCatalogueValid(diff.events);
  });

  it('gives the stage event when a stage is reached, including an awaiting outcome being decided', () => {
    const awaiting = { ...RECEIVED, requestOutcome: 'A' as const };
    expect(diffCase(RECEIVED, awaiting)).toEqual({ change: 'progress', events: [{ type: 'AssessmentRequestDecided', v: 1, data: { requestId: 'R1', requestOutcome: 'A', requestOutcomeDate: null } }] });
    const decided = { ...awaiting, requestOutcome: 'Y' as const, requestOutcomeDate: '2024-06-03' };
    expect(diffCase(awaiting, decided)).toEqual({ change: 'progress', events: [{ type: 'AssessmentRequestDecided', v: 1, data: { requestId: 'R1', requestOutcome: 'Y', requestOutcomeDate: '2024-06-03' } }] });
    const notIssued = { ...decided, assessmentOutcome: 'N' as const, assessmentOutcomeDate: '2024-09-20' };
    expect(types(diffCase(decided, notIssued).events)).toEqual(['EhcAssessmentConcluded']);
    const issued = { ...decided, assessmentOutcome: 'Y' as const, assessmentOutcomeDate: '2024-09-20', planStartDate: '2024-09-20', primaryNeed: 'ASD' as const };
    expect(types(diffCase(decided, issued).events)).toEqual(['EhcPlanIssued', 'EhcPlanStarted']);
    const ceased = { ...issued, ceaseDate: '2025-01-31', ceaseReason: '1' as const };
    expect(diffCase(issued, ceased).events).toEqual([{ type: 'EhcPlanCeased', v: 1, data: { requestId: 'R1', ceaseDate: '2025-01-31', ceaseReason: '1' } }]);
    const reviewed = { ...issued, lastReviewDate: '2025-03-01' };
    expect(types(diffCase(issued, reviewed).events)).toEqual(['EhcPlanReviewed']);
    expect(diffCase(reviewed, { ...reviewed, lastReviewDate: '2026-03-01' }).change).toBe('progress');
  });

  it('gives one correction with exactly the changed fields, cleared ones as null', () => {
    const before: CaseFields = { ...RECEIVED, requestOutcome: 'Y', requestOutcomeDate: '2024-06-01', lastReviewDate: '2025-03-01' };
    const after: CaseFields = { ...before, sex: null, areaTeam: 'West', requestOutcomeDate: '2024-06-02', lastReviewDate: '2025-02-01' };
    expect(diffCase(before, after)).toEqual({
      change: 'correction',
      events: [{ type: 'CaseRecordCorrected', v: 1, data: { requestId: 'R1', sex: null, areaTeam: 'West', requestOutcomeDate: '2024-06-02', lastReviewDate: '2025-02-01' } }],
    });
    expect(diffCase(before, { ...before, requestOutcome: null, requestOutcomeDate: null }).events).toEqual([
      { type: 'CaseRecordCorrected', v: 1, data: { requestId: 'R1', requestOutcome: null, requestOutcomeDate: null } },
    ]);
  });

  it('mixes progress and correction in one diff as a correction', () => {
    const next = { ...RECEIVED, areaTeam: 'South' as const, requestOutcome: 'N' as const, requestOutcomeDate: '2024-06-01' };
    const diff = diffCase(RECEIVED, next);
    expect(diff.change).toBe('correction');
    expect(types(diff.events)).toEqual(['AssessmentRequestDecided', 'CaseRecordCorrected']);
  });

  it('says unchanged with no events when nothing changed, ignoring the extract date', () => {
    expect(diffCase(RECEIVED, { ...RECEIVED })).toEqual({ change: 'unchanged', events: [] });
    expect(casesSpec.diff({ ...RECEIVED, extractDate: '2025-01-31' }, { ...RECEIVED, extractDate: '2025-02-28' })).toEqual({ change: 'unchanged', events: [] });
  });

  it('refuses a hash-style previous state (a pipeline bug)', () => {
    expect(() => casesSpec.diff('changed', { ...RECEIVED, extractDate: '2025-01-31' })).toThrow(/snapshot source/);
  });
});

// Snapshots drawn from small domains, so consecutive snapshots often share,
// clear, reach or change values: every branch of the diff gets exercised.
const nullable = <T>(...values: T[]) => fc.constantFrom<T | null>(null, ...values);
const snapshot: fc.Arbitrary<CaseFields> = fc.record({
  requestId: fc.constant('R1'),
  person: fc.constantFrom(P1, P2),
  upn: nullable('c'.repeat(64)),
  birthMonth: fc.constantFrom('2012-06', '2012-07'),
  sex: nullable('M' as const, 'F' as const),
  areaTeam: fc.constantFrom('North' as const, 'West' as const),
  receivedDate: fc.constantFrom('2024-05-01', '2024-05-02'),
  requestSource: nullable('1' as const, '5' as const),
  requestOutcome: nullable('A' as const, 'Y' as const, 'N' as const),
  requestOutcomeDate: nullable('2024-06-01', '2024-06-02'),
  assessmentOutcome: nullable('A' as const, 'Y' as const, 'W' as const),
  assessmentOutcomeDate: nullable('2024-09-01'),
  week20Exception: nullable(0 as const, 1 as const),
  primaryNeed: nullable('ASD' as const, 'HI' as const),
  planStartDate: nullable('2024-09-01', '2024-09-02'),
  ceaseDate: nullable('2025-01-01'),
  ceaseReason: nullable('1' as const, '9' as const),
  lastReviewDate: nullable('2025-03-01', '2026-03-01'),
});

/** The record index's replay: payloads merged over each other, fields never set absent. */
const replayMerge = (events: EventDraft[]) => events.reduce<Record<string, unknown>>((acc, e) => ({ ...acc, ...e.data }), {});

describe('diffCase and foldCase', () => {
  it('round-trip: folding all events so far gives the latest snapshot, whatever the sequence', () => {
    fc.assert(
      fc.property(fc.array(snapshot, { minLength: 1, maxLength: 8 }), (snapshots) => {
        const log: EventDraft[] = [];
        let prev: CaseFields | undefined;
        for (const next of snapshots) {
          const diff = diffCase(prev, next);
          // The index may hand back the snapshot or its replayed merge: same events either way.
          if (prev !== undefined) expect(diffCase(replayMerge(log) as Partial<CaseFields>, next)).toEqual(diff);
          expect(diff.change === 'unchanged').toBe(diff.events.length === 0);
          for (const e of diff.events) expect(e.data.requestId).toBe('R1');
          expectCatalogueValid(diff.events);
          log.push(...diff.events);
          expect(foldCase(log)).toEqual(next);
          prev = next;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('folds nothing to undefined', () => {
    expect(foldCase([])).toBeUndefined();
  });
});
