// Synergy EHC needs assessment cases (CONTRACT §1.2): a full snapshot, one row
// per request as at ExtractDate. A row becomes a CaseRecord: the request's
// CaseFields plus the ExtractDate it was seen on. The record is flat (not
// { extractDate, fields }) because the record index rebuilds a snapshot
// record by merging event payloads, which carry CaseFields only; ExtractDate
// travels as the events' asAt and is never compared by the diff.
import { z } from 'zod';
import type { CaseFields } from '../../models/index.js';
import { SendwhError } from '../../models/index.js';
import { AREA_TEAMS, CEASE_REASONS, OUTCOMES, PRIMARY_NEEDS, REQUEST_SOURCES, SEXES } from '../fields/codes.js';
import { monthOf } from '../fields/dates.js';
import { minimisePersonRow } from '../fields/minimise.js';
import { cellsFor, checkRow, defineColumns, report, RuleBook, withRowRules } from '../fields/rowSchema.js';
import type { ColumnSpec, SourceSpec } from '../sourceSpec.js';
import { diffCase } from './caseEvents.js';

/** A case row: the request's fields as at the extract date. */
export type CaseRecord = CaseFields & { extractDate: string };

const C = defineColumns({
  ExtractDate: 'extract-date',
  RequestID: 'request-id',
  PersonID: 'person-id',
  UPN: 'upn',
  DOB: 'dob',
  Sex: 'sex',
  AreaTeam: 'area-team',
  ReceivedDate: 'received-date',
  RequestSource: 'request-source',
  RequestOutcome: 'request-outcome',
  RequestOutcomeDate: 'request-outcome-date',
  AssessmentOutcome: 'assessment-outcome',
  AssessmentOutcomeDate: 'assessment-outcome-date',
  Week20Exception: 'week20-exception',
  PrimaryNeed: 'primary-need',
  PlanStartDate: 'plan-start-date',
  CeaseDate: 'cease-date',
  CeaseReason: 'cease-reason',
  LastReviewDate: 'last-review-date',
});

const REQUIRED = new Set(['ExtractDate', 'RequestID', 'PersonID', 'DOB', 'AreaTeam', 'ReceivedDate']);
const COLUMNS: readonly ColumnSpec[] = Object.keys(C).map((name) => ({ name, required: REQUIRED.has(name) }));

const book = new RuleBook('cases');
const cell = cellsFor(book);

const OUTCOME_DATE_REQUIRED = book.rule(C.RequestOutcomeDate, 'required');
const OUTCOME_DATE_BEFORE = book.rule(C.RequestOutcomeDate, 'before-received-date');
const ASSESSMENT_DATE_REQUIRED = book.rule(C.AssessmentOutcomeDate, 'required');
const ASSESSMENT_DATE_BEFORE = book.rule(C.AssessmentOutcomeDate, 'before-received-date');
const PRIMARY_NEED_REQUIRED = book.rule(C.PrimaryNeed, 'required');
const PLAN_START_REQUIRED = book.rule(C.PlanStartDate, 'required');
const CEASE_WITHOUT_PLAN = book.rule(C.CeaseDate, 'without-plan-start');
const CEASE_BEFORE_PLAN = book.rule(C.CeaseDate, 'before-plan-start');
const CEASE_REASON_REQUIRED = book.rule(C.CeaseReason, 'required');

/** The row schema: every rule a row is checked against (published as JSON Schema by `sendwh docs`). */
export const CaseRow = withRowRules(
  z.object({
    ExtractDate: cell.date(C.ExtractDate, { required: true }),
    RequestID: cell.text(C.RequestID, { required: true }),
    PersonID: cell.text(C.PersonID, { required: true }),
    UPN: cell.upn(C.UPN),
    DOB: cell.date(C.DOB, { required: true }),
    Sex: cell.code(C.Sex, SEXES),
    AreaTeam: cell.code(C.AreaTeam, AREA_TEAMS, { required: true }),
    ReceivedDate: cell.date(C.ReceivedDate, { required: true }),
    RequestSource: cell.code(C.RequestSource, REQUEST_SOURCES),
    RequestOutcome: cell.code(C.RequestOutcome, OUTCOMES),
    RequestOutcomeDate: cell.date(C.RequestOutcomeDate),
    AssessmentOutcome: cell.code(C.AssessmentOutcome, OUTCOMES),
    AssessmentOutcomeDate: cell.date(C.AssessmentOutcomeDate),
    Week20Exception: cell.flag(C.Week20Exception),
    PrimaryNeed: cell.code(C.PrimaryNeed, PRIMARY_NEEDS),
    PlanStartDate: cell.date(C.PlanStartDate),
    CeaseDate: cell.date(C.CeaseDate),
    CeaseReason: cell.code(C.CeaseReason, CEASE_REASONS),
    LastReviewDate: cell.date(C.LastReviewDate),
  }),
  (r, ctx) => {
    const decided = r.RequestOutcome === 'Y' || r.RequestOutcome === 'N';
    if (decided && r.RequestOutcomeDate === null)
      report(ctx, OUTCOME_DATE_REQUIRED, 'RequestOutcomeDate', 'RequestOutcomeDate is blank, but a request decided Y or N needs the date of the decision.');
    if (r.RequestOutcomeDate && r.ReceivedDate && r.RequestOutcomeDate < r.ReceivedDate)
      report(ctx, OUTCOME_DATE_BEFORE, 'RequestOutcomeDate', 'RequestOutcomeDate is before ReceivedDate: a request cannot be decided before it was received.');
    const concluded = r.AssessmentOutcome === 'Y' || r.AssessmentOutcome === 'N';
    if (concluded && r.AssessmentOutcomeDate === null)
      report(
        ctx,
        ASSESSMENT_DATE_REQUIRED,
        'AssessmentOutcomeDate',
        'AssessmentOutcomeDate is blank, but an assessment with outcome Y or N needs its date (for Y, the date the final plan was issued).',
      );
    if (r.AssessmentOutcomeDate && r.ReceivedDate && r.AssessmentOutcomeDate < r.ReceivedDate)
      report(ctx, ASSESSMENT_DATE_BEFORE, 'AssessmentOutcomeDate', 'AssessmentOutcomeDate is before ReceivedDate: an assessment cannot end before the request was received.');
    if (r.PlanStartDate && r.PrimaryNeed === null)
      report(ctx, PRIMARY_NEED_REQUIRED, 'PrimaryNeed', 'PrimaryNeed is blank, but a row with a PlanStartDate needs the primary type of need.');
    if (r.AssessmentOutcome === 'Y' && r.PlanStartDate === null)
      report(ctx, PLAN_START_REQUIRED, 'PlanStartDate', 'PlanStartDate is blank, but an assessment with outcome Y (plan issued) needs the date the plan started.');
    if (r.CeaseDate && r.PlanStartDate === null)
      report(ctx, CEASE_WITHOUT_PLAN, 'CeaseDate', 'CeaseDate is given without a PlanStartDate: only a plan that started can cease.');
    if (r.CeaseDate && r.PlanStartDate && r.CeaseDate <= r.PlanStartDate)
      report(ctx, CEASE_BEFORE_PLAN, 'CeaseDate', 'CeaseDate is not after PlanStartDate: a plan must cease after the day it started.');
    if (r.CeaseDate && r.CeaseReason === null)
      report(ctx, CEASE_REASON_REQUIRED, 'CeaseReason', 'CeaseReason is blank, but a plan with a CeaseDate needs the SEN2 reason (1 to 9).');
  },
);

/** Every rule code a cases row can break. */
export const CASES_RULES: readonly string[] = book.all();

/** The cases source: snapshot rows -> CaseRecord, identity RequestID, diffed field by field. */
export const casesSpec: SourceSpec<CaseRecord> = {
  source: 'cases',
  columns: COLUMNS,
  state: 'fields',
  parse(row, ctx) {
    const checked = checkRow('cases', CaseRow, row);
    if (!checked.ok) return checked;
    const r = checked.value;
    return {
      ok: true,
      value: {
        requestId: r.RequestID!,
        person: ctx.pseudonymise(r.PersonID!),
        upn: r.UPN ? ctx.pseudonymise(r.UPN) : null,
        birthMonth: monthOf(r.DOB!),
        sex: r.Sex ?? null,
        areaTeam: r.AreaTeam!,
        receivedDate: r.ReceivedDate!,
        requestSource: r.RequestSource ?? null,
        requestOutcome: r.RequestOutcome ?? null,
        requestOutcomeDate: r.RequestOutcomeDate ?? null,
        assessmentOutcome: r.AssessmentOutcome ?? null,
        assessmentOutcomeDate: r.AssessmentOutcomeDate ?? null,
        week20Exception: r.Week20Exception ?? null,
        primaryNeed: r.PrimaryNeed ?? null,
        planStartDate: r.PlanStartDate ?? null,
        ceaseDate: r.CeaseDate ?? null,
        ceaseReason: r.CeaseReason ?? null,
        lastReviewDate: r.LastReviewDate ?? null,
        extractDate: r.ExtractDate!,
      },
    };
  },
  key: (value) => value.requestId,
  asAt: (value) => value.extractDate,
  diff(prev, next) {
    if (prev === 'changed') throw new SendwhError('bad-diff-state', 'cases is a snapshot source: diff needs the previous record, not a hash change');
    return diffCase(prev, next);
  },
  minimise: (row, ctx) =>
    minimisePersonRow(COLUMNS, { identifiers: ['PersonID', 'UPN'], upperCase: ['UPN'], birthDates: ['DOB'] }, row, ctx),
};
