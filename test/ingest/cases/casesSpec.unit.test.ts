import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASES_RULES, casesSpec } from '../../../ingest/cases/casesSpec.js';
import { CaseFields } from '../../../models/index.js';
import { diagnosticsOf, expectEachRuleAlone, patch, testContext, valueOf, type RuleCases } from '../fields/specHarness.js';

const ctx = testContext('cases_2025-03-31.csv');

const GOOD = {
  ExtractDate: '2025-03-31',
  RequestID: 'REQ-1001',
  PersonID: 'P-77',
  UPN: 'H801200001001',
  DOB: '2012-06-15',
  Sex: 'M',
  AreaTeam: 'North',
  ReceivedDate: '2024-05-01',
  RequestSource: '1',
  RequestOutcome: 'Y',
  RequestOutcomeDate: '2024-06-10',
  AssessmentOutcome: 'Y',
  AssessmentOutcomeDate: '2024-09-01',
  Week20Exception: '0',
  PrimaryNeed: 'ASD',
  PlanStartDate: '2024-09-01',
  CeaseDate: '2025-02-01',
  CeaseReason: '3',
  LastReviewDate: '2025-01-15',
};

const CASES: RuleCases = [
  ['cases.extract-date.required', { ExtractDate: undefined }],
  ['cases.extract-date.format', { ExtractDate: '2025-31-03' }],
  ['cases.request-id.required', { RequestID: '  ' }],
  ['cases.person-id.required', { PersonID: undefined }],
  ['cases.upn.format', { UPN: 'H80120000100' }],
  ['cases.upn.check-letter', { UPN: 'R247962919251' }],
  ['cases.dob.required', { DOB: undefined }],
  ['cases.dob.format', { DOB: '15/13/2012' }],
  ['cases.sex.code', { Sex: 'U' }],
  ['cases.area-team.required', { AreaTeam: undefined }],
  ['cases.area-team.code', { AreaTeam: 'Central' }],
  ['cases.received-date.required', { ReceivedDate: undefined }],
  ['cases.received-date.format', { ReceivedDate: '2024-05-32' }],
  ['cases.request-source.code', { RequestSource: '6' }],
  ['cases.request-outcome.code', { RequestOutcome: 'Q' }],
  ['cases.request-outcome-date.format', { RequestOutcomeDate: 'June 2024' }],
  ['cases.request-outcome-date.required', { RequestOutcome: 'N', RequestOutcomeDate: undefined }],
  ['cases.request-outcome-date.before-received-date', { RequestOutcomeDate: '2024-04-30' }],
  ['cases.assessment-outcome.code', { AssessmentOutcome: 'Q' }],
  ['cases.assessment-outcome-date.format', { AssessmentOutcomeDate: '2024-9-1' }],
  ['cases.assessment-outcome-date.required', { AssessmentOutcomeDate: undefined }],
  ['cases.assessment-outcome-date.before-received-date', { AssessmentOutcomeDate: '2024-04-01' }],
  ['cases.week20-exception.code', { Week20Exception: '2' }],
  ['cases.primary-need.code', { PrimaryNeed: 'NSA' }],
  ['cases.primary-need.required', { PrimaryNeed: undefined }],
  ['cases.plan-start-date.format', { PlanStartDate: '2024-13-01' }],
  ['cases.plan-start-date.required', { PlanStartDate: undefined, CeaseDate: undefined, CeaseReason: undefined }],
  ['cases.cease-date.format', { CeaseDate: '01/02/25' }],
  ['cases.cease-date.without-plan-start', { AssessmentOutcome: 'N', PlanStartDate: undefined }],
  ['cases.cease-date.before-plan-start', { CeaseDate: '2024-09-01' }],
  ['cases.cease-reason.required', { CeaseReason: undefined }],
  ['cases.cease-reason.code', { CeaseReason: '10' }],
  ['cases.last-review-date.format', { LastReviewDate: '2025-02-29' }],
];

describe('cases rows', () => {
  it('map a good row to CaseFields plus its extract date', () => {
    const value = valueOf(casesSpec, GOOD, ctx);
    const { extractDate, ...fields } = value;
    expect(extractDate).toBe('2025-03-31');
    expect(fields).toEqual({
      requestId: 'REQ-1001',
      person: ctx.pseudonymise('P-77'),
      upn: ctx.pseudonymise('H801200001001'),
      birthMonth: '2012-06',
      sex: 'M',
      areaTeam: 'North',
      receivedDate: '2024-05-01',
      requestSource: '1',
      requestOutcome: 'Y',
      requestOutcomeDate: '2024-06-10',
      assessmentOutcome: 'Y',
      assessmentOutcomeDate: '2024-09-01',
      week20Exception: 0,
      primaryNeed: 'ASD',
      planStartDate: '2024-09-01',
      ceaseDate: '2025-02-01',
      ceaseReason: '3',
      lastReviewDate: '2025-01-15',
    });
    expect(CaseFields.strict().parse(fields)).toEqual(fields);
    expect(casesSpec.key(value)).toBe('REQ-1001');
    expect(casesSpec.asAt(value)).toBe('2025-03-31');
  });

  it('turn every blank optional cell into null', () => {
    const value = valueOf(
      casesSpec,
      patch(GOOD, {
        UPN: undefined, Sex: undefined, RequestSource: undefined, RequestOutcome: 'A', RequestOutcomeDate: undefined,
        AssessmentOutcome: undefined, AssessmentOutcomeDate: undefined, Week20Exception: undefined, PrimaryNeed: undefined,
        PlanStartDate: undefined, CeaseDate: undefined, CeaseReason: undefined, LastReviewDate: undefined, AreaTeam: 'not kent address',
      }),
      ctx,
    );
    expect(value).toMatchObject({
      upn: null, sex: null, requestSource: null, requestOutcome: 'A', requestOutcomeDate: null, assessmentOutcome: null,
      assessmentOutcomeDate: null, week20Exception: null, primaryNeed: null, planStartDate: null, ceaseDate: null,
      ceaseReason: null, lastReviewDate: null, areaTeam: 'Not Kent Address',
    });
  });

  it('accept a historical plan (outcome H) and DD/MM/YYYY dates', () => {
    const value = valueOf(casesSpec, patch(GOOD, { AssessmentOutcome: 'H', AssessmentOutcomeDate: undefined, PlanStartDate: '01/09/2018', ReceivedDate: '01/03/2018', RequestOutcomeDate: '10/04/2018' }), ctx);
    expect(value).toMatchObject({ assessmentOutcome: 'H', assessmentOutcomeDate: null, planStartDate: '2018-09-01', receivedDate: '2018-03-01' });
  });

  it('break each rule alone, and the cases cover every cases rule', () => {
    expect(CASES_RULES).toHaveLength(33);
    expectEachRuleAlone(casesSpec, GOOD, CASES, CASES_RULES);
  });

  it('report every broken rule at once, never echoing identifiers or the date of birth', () => {
    const row = patch(GOOD, { UPN: 'R247962919251', DOB: '2012-02-30', RequestOutcomeDate: undefined, CeaseReason: undefined, PersonID: undefined });
    const diagnostics = diagnosticsOf(casesSpec, row);
    expect(diagnostics.map((d) => d.rule)).toEqual([
      'cases.person-id.required', 'cases.upn.check-letter', 'cases.dob.format', 'cases.request-outcome-date.required', 'cases.cease-reason.required',
    ]);
    for (const { message } of diagnostics) for (const secret of ['R247962919251', '2012-02-30', 'P-77']) expect(message).not.toContain(secret);
  });
});

describe('cases minimise', () => {
  it('pseudonymises PersonID and UPN and keeps the DOB to the month', () => {
    const out = casesSpec.minimise(patch(GOOD, { UPN: 'not-a-upn', DOB: '15/06/2012' }), ctx);
    expect(out).toMatchObject({ PersonID: ctx.pseudonymise('P-77'), UPN: ctx.pseudonymise('NOT-A-UPN'), DOB: '2012-06', AreaTeam: 'North' });
    expect(Object.keys(out)).toEqual(casesSpec.columns.map((c) => c.name));
  });

  it('never contains the raw PersonID, UPN or day of birth', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2}[0-9]{5,9}$/), fc.stringMatching(/^[A-Z][0-9]{11}[0-9A-Z]$/), fc.integer({ min: 1, max: 28 }), (person, upn, day) => {
        const dob = `2013-04-${String(day).padStart(2, '0')}`;
        const text = JSON.stringify(casesSpec.minimise(patch(GOOD, { PersonID: person, UPN: upn, DOB: dob }), ctx));
        for (const secret of [person, upn, dob]) expect(text).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });
});
