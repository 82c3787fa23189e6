// The event catalogue: every immutable business fact sendwh records, with its
// versioned payload schema, and the envelope every event travels in.
// A published (type, version) is never edited: add v2 and an upcaster.
import { z } from 'zod';
import { SourceName } from './sources.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const IsoMonth = z.string().regex(/^\d{4}-\d{2}$/);
/** Keyed pseudonym of a UPN or PersonID (HMAC-SHA-256, hex). */
const Pseudonym = z.string().regex(/^[0-9a-f]{64}$/);
/** Money as an exact decimal string with two places, e.g. "-1234.50". */
const Money = z.string().regex(/^-?\d+\.\d{2}$/);
const SenType = z.enum(['ASD', 'SLCN', 'SEMH', 'SPLD', 'MLD', 'SLD', 'PMLD', 'HI', 'VI', 'MSI', 'PD', 'DS', 'OTH', 'NSA']);
const AreaTeam = z.enum(['North', 'East', 'South', 'West', 'Not Kent Address']);
const Outcome = z.enum(['Y', 'N', 'A', 'W', 'H']);
const Flag = z.union([z.literal(0), z.literal(1)]);

// ---- census (identity: CensusDate, UPN, LAEstab) ----
/** One pupil on roll on a census day, as the census recorded them. */
export const CensusPupil = z.object({
  censusDate: IsoDate,
  pupil: Pseudonym,
  laEstab: z.string().regex(/^\d{7}$/),
  urn: z.string().regex(/^\d{6}$/).nullable(),
  birthMonth: IsoMonth,
  sex: z.enum(['M', 'F']),
  ncYear: z.string(),
  senProvision: z.enum(['N', 'K', 'E']),
  senType1: SenType.nullable(),
  senType2: SenType.nullable(),
});
export type CensusPupil = z.infer<typeof CensusPupil>;

// ---- cases (identity: RequestID; a snapshot diffed into stage events) ----
/** Every field of a case row after minimisation; the fold of a request's events gives this. */
export const CaseFields = z.object({
  requestId: z.string().min(1),
  person: Pseudonym,
  upn: Pseudonym.nullable(),
  birthMonth: IsoMonth,
  sex: z.enum(['M', 'F']).nullable(),
  areaTeam: AreaTeam,
  receivedDate: IsoDate,
  requestSource: z.enum(['1', '2', '3', '4', '5']).nullable(),
  requestOutcome: Outcome.nullable(),
  requestOutcomeDate: IsoDate.nullable(),
  assessmentOutcome: Outcome.nullable(),
  assessmentOutcomeDate: IsoDate.nullable(),
  week20Exception: Flag.nullable(),
  primaryNeed: SenType.exclude(['NSA']).nullable(),
  planStartDate: IsoDate.nullable(),
  ceaseDate: IsoDate.nullable(),
  ceaseReason: z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9']).nullable(),
  lastReviewDate: IsoDate.nullable(),
});
export type CaseFields = z.infer<typeof CaseFields>;
export const CaseFieldName = CaseFields.keyof();
export type CaseFieldName = z.infer<typeof CaseFieldName>;

// ---- placements (identity: PlacementID; a snapshot diffed into events) ----
/** Every field of a placement row after minimisation. */
export const PlacementFields = z.object({
  placementId: z.string().min(1),
  person: Pseudonym,
  urn: z.string().regex(/^\d{6}$/).nullable(),
  ukprn: z.string().regex(/^\d{8}$/).nullable(),
  senSetting: z.enum(['OLA', 'OPA', 'EHE', 'EYP', 'OTH', 'NEET', 'NIEC', 'NIEO']).nullable(),
  entryDate: IsoDate,
  leavingDate: IsoDate.nullable(),
  rank: z.number().int().min(1),
  senUnit: Flag.nullable(),
  resourcedProvision: Flag.nullable(),
});
export type PlacementFields = z.infer<typeof PlacementFields>;
export const PlacementFieldName = PlacementFields.keyof();

// ---- finance (identity: TransactionID) ----
/** One ledger posting to the High Needs Block or the DSG. */
export const LedgerPosting = z.object({
  transactionId: z.string().min(1),
  financialYear: z.string().regex(/^\d{4}-\d{2}$/),
  period: z.number().int().min(1).max(16),
  postingDate: IsoDate,
  costCentre: z.string().min(1),
  subjective: z.string().nullable(),
  ledgerType: z.enum(['Actual', 'Budget', 'Forecast']),
  amount: Money,
  description: z.string().nullable(),
});
export type LedgerPosting = z.infer<typeof LedgerPosting>;

// ---- reference data ----
/** One establishment from the DfE "Get Information About Schools" download. */
export const School = z.object({
  urn: z.string().regex(/^\d{6}$/),
  laCode: z.string().nullable(),
  establishmentNumber: z.string().nullable(),
  name: z.string(),
  type: z.string(),
  phase: z.string().nullable(),
  district: z.string().nullable(),
  ukprn: z.string().regex(/^\d{8}$/).nullable(),
  status: z.string().nullable(),
});
export type School = z.infer<typeof School>;

export const CostCentreKind = z.enum(['spend', 'grant', 'transfer', 'other_variance', 'dfe_contribution', 'council_contribution']);
export const SpendLine = z.enum([
  'Maintained Special Schools',
  'Independent Special Schools',
  'Mainstream School Support (incl. SRPs)',
  'Post 16',
  'Other SEN Support & Alternative Provision Services',
]);
/** Which line and kind of the DSG a cost centre belongs to. */
export const CostCentre = z.object({ costCentre: z.string().min(1), line: z.string().min(1), kind: CostCentreKind });
export type CostCentre = z.infer<typeof CostCentre>;

/** Which SEN area team serves a district. */
export const AreaDistrict = z.object({ district: z.string().min(1), areaTeam: AreaTeam });
export type AreaDistrict = z.infer<typeof AreaDistrict>;

export const PlanItem = z.string().min(1);
/** The agreed Safety Valve trajectory for one financial year (a new file for the year replaces it). */
export const SafetyValvePlanYear = z.object({
  financialYear: z.string().regex(/^\d{4}-\d{2}$/),
  items: z.array(z.object({ item: PlanItem, amount: Money })),
});
export type SafetyValvePlanYear = z.infer<typeof SafetyValvePlanYear>;

/** One row of a DfE Explore Education Statistics CSV, measures kept as published (symbols included). */
export const EesRow = z.object({
  dataset: z.string().min(1),
  timePeriod: z.string(),
  timeIdentifier: z.string().nullable(),
  geographicLevel: z.string(),
  countryCode: z.string().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  laCode: z.string().nullable(),
  oldLaCode: z.string().nullable(),
  laName: z.string().nullable(),
  breakdownTopic: z.string().nullable(),
  breakdown: z.string().nullable(),
  measures: z.record(z.string(), z.string().nullable()),
});
export type EesRow = z.infer<typeof EesRow>;

/** A row that broke a rule, kept with its reasons; personal data already minimised. */
export const RowQuarantinedData = z.object({
  rules: z.array(z.object({ rule: z.string(), message: z.string(), column: z.string().optional() })),
  raw: z.record(z.string(), z.string().nullable()),
});

const PartialCase = CaseFields.partial().extend({ requestId: z.string().min(1) });
const PartialPlacement = PlacementFields.partial().extend({ placementId: z.string().min(1) });

/**
 * The catalogue: event type -> version -> payload schema. Snapshot events carry
 * the fields they set; the newest event that sets a field wins (see fold rules
 * in the warehouse's staging models).
 */
export const EVENT_SCHEMAS = {
  CensusPupilRecorded: { 1: CensusPupil },
  CensusPupilRecordCorrected: { 1: CensusPupil },
  AssessmentRequestReceived: { 1: PartialCase },
  AssessmentRequestDecided: { 1: PartialCase },
  EhcAssessmentConcluded: { 1: PartialCase },
  EhcPlanIssued: { 1: PartialCase },
  EhcPlanStarted: { 1: PartialCase },
  EhcPlanCeased: { 1: PartialCase },
  EhcPlanReviewed: { 1: PartialCase },
  CaseRecordCorrected: { 1: PartialCase },
  PlacementStarted: { 1: PartialPlacement },
  PlacementEnded: { 1: PartialPlacement },
  PlacementRecordCorrected: { 1: PartialPlacement },
  LedgerPostingRecorded: { 1: LedgerPosting },
  LedgerPostingCorrected: { 1: LedgerPosting },
  SchoolPublished: { 1: School },
  SchoolRecordRevised: { 1: School },
  CostCentreMapped: { 1: CostCentre },
  CostCentreRemapped: { 1: CostCentre },
  AreaDistrictMapped: { 1: AreaDistrict },
  AreaDistrictRemapped: { 1: AreaDistrict },
  SafetyValvePlanAgreed: { 1: SafetyValvePlanYear },
  SafetyValvePlanRevised: { 1: SafetyValvePlanYear },
  EesStatisticsPublished: { 1: EesRow },
  EesStatisticsRevised: { 1: EesRow },
  RowQuarantined: { 1: RowQuarantinedData },
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EventType = z.enum(Object.keys(EVENT_SCHEMAS) as [EventType, ...EventType[]]);

/** An event as an ingest worker makes it, before the log gives it a sequence number. */
export const NewEvent = z.object({
  /** Deterministic: a hash of everything below (see eventId.ts), so re-runs give the same ids. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  type: EventType,
  v: z.number().int().min(1),
  source: SourceName,
  /** Record identity (RequestID, census identity, ...): the Kafka message key, so a record's events stay in order. */
  key: z.string(),
  /** The extract's as-at date (ExtractDate, CensusDate, PostingDate), null for reference files. */
  asAt: IsoDate.nullable(),
  /** Source file's base name and sha256, and the 1-based physical line the row started on. */
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  line: z.number().int().min(1),
  data: z.record(z.string(), z.unknown()),
});
export type NewEvent = z.infer<typeof NewEvent>;

/** An event as stored: gapless sequence number assigned by the log at commit. */
export const StoredEvent = NewEvent.extend({ seq: z.number().int().min(1) });
export type StoredEvent = z.infer<typeof StoredEvent>;

/** Checks an event's payload against the catalogue; throws on an unknown type or version. */
export function parseEventData(event: Pick<NewEvent, 'type' | 'v' | 'data'>): unknown {
  const versions = EVENT_SCHEMAS[event.type] as Record<number, z.ZodType>;
  const schema = versions[event.v];
  if (!schema) throw new Error(`unknown event version ${event.type} v${event.v}`);
  return schema.parse(event.data);
}
