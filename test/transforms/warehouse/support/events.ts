// Test event builders: valid events of every kind the warehouse reads, with
// deterministic ids, readable identifiers turned into 64-hex pseudonyms, and
// defaults for the fields a test does not care about.
import { makeEventId, sha256Hex } from '../../../../ingest/hash.js';
import type { EventType, EventLog, NewEvent, SourceName } from '../../../../models/index.js';

/** A 64-hex pseudonym for a readable test identifier ('P1' -> sha256). */
export const pseudo = (id: string): string => sha256Hex(`test-person:${id}`);

/** The sha256 a test file name stands for. */
export const fileSha = (file: string): string => sha256Hex(`test-file:${file}`);

let nextLine = 1;

export interface Envelope {
  asAt?: string | null;
  file?: string;
  line?: number;
}

/** Any event, with a valid envelope and id. */
export function event(type: EventType, source: SourceName, key: string, data: Record<string, unknown>, envelope: Envelope = {}): NewEvent {
  const file = envelope.file ?? `${source}.csv`;
  const content = {
    type,
    v: 1,
    source,
    key,
    asAt: envelope.asAt === undefined ? null : envelope.asAt,
    file,
    sha256: fileSha(file),
    line: envelope.line ?? nextLine++,
    data,
  };
  return { id: makeEventId(content), ...content };
}

export interface CaseSpec {
  requestId: string;
  /** Readable person id, pseudonymised. */
  person?: string;
  birthMonth?: string;
  sex?: 'M' | 'F' | null;
  areaTeam?: 'North' | 'East' | 'South' | 'West' | 'Not Kent Address';
  receivedDate?: string;
  requestOutcome?: 'Y' | 'N' | 'A' | 'W' | 'H' | null;
  requestOutcomeDate?: string | null;
  assessmentOutcome?: 'Y' | 'N' | 'A' | 'W' | 'H' | null;
  assessmentOutcomeDate?: string | null;
  week20Exception?: 0 | 1 | null;
  primaryNeed?: string | null;
  planStartDate?: string | null;
  ceaseDate?: string | null;
  ceaseReason?: string | null;
}

/** A new request as a cases extract first shows it (all given fields in one event). */
export function caseRecord(spec: CaseSpec, options: { asAt?: string; type?: EventType } = {}): NewEvent {
  const data: Record<string, unknown> = {
    requestId: spec.requestId,
    person: pseudo(spec.person ?? `person-of-${spec.requestId}`),
    birthMonth: spec.birthMonth ?? '2012-06',
    areaTeam: spec.areaTeam ?? 'North',
    receivedDate: spec.receivedDate ?? '2020-01-10',
  };
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'requestId' || k === 'person' || v === undefined) continue;
    data[k] = v;
  }
  if (spec.planStartDate && spec.primaryNeed === undefined) data.primaryNeed = 'ASD';
  return event(options.type ?? 'AssessmentRequestReceived', 'cases', spec.requestId, data, { asAt: options.asAt ?? '2025-03-31' });
}

/** A later case event carrying only some fields (a correction, a cease, ...). */
export function caseChange(requestId: string, fields: Omit<CaseSpec, 'requestId'>, options: { asAt?: string; type?: EventType } = {}): NewEvent {
  const data: Record<string, unknown> = { requestId };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    data[k] = k === 'person' && typeof v === 'string' ? pseudo(v) : v;
  }
  return event(options.type ?? 'CaseRecordCorrected', 'cases', requestId, data, { asAt: options.asAt ?? '2025-03-31' });
}

export interface PlacementSpec {
  placementId: string;
  person: string;
  urn?: string | null;
  ukprn?: string | null;
  senSetting?: string | null;
  entryDate?: string;
  leavingDate?: string | null;
  rank?: number;
  senUnit?: 0 | 1 | null;
  resourcedProvision?: 0 | 1 | null;
}

/** A placement as a placements extract first shows it. */
export function placementRecord(spec: PlacementSpec, options: { asAt?: string; type?: EventType } = {}): NewEvent {
  const data: Record<string, unknown> = {
    placementId: spec.placementId,
    person: pseudo(spec.person),
    urn: spec.urn ?? null,
    ukprn: spec.ukprn ?? null,
    senSetting: spec.senSetting ?? null,
    entryDate: spec.entryDate ?? '2015-09-01',
    leavingDate: spec.leavingDate ?? null,
    rank: spec.rank ?? 1,
    senUnit: spec.senUnit ?? null,
    resourcedProvision: spec.resourcedProvision ?? null,
  };
  return event(options.type ?? 'PlacementStarted', 'placements', spec.placementId, data, { asAt: options.asAt ?? '2025-03-31' });
}

/** A later placement event carrying only some fields. */
export function placementChange(placementId: string, fields: Omit<Partial<PlacementSpec>, 'placementId'>, options: { asAt?: string } = {}): NewEvent {
  const data: Record<string, unknown> = { placementId };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    data[k] = k === 'person' && typeof v === 'string' ? pseudo(v) : v;
  }
  return event('PlacementRecordCorrected', 'placements', placementId, data, { asAt: options.asAt ?? '2025-03-31' });
}

export interface SchoolSpec {
  urn: string;
  type: string;
  name?: string;
  laCode?: string | null;
  establishmentNumber?: string | null;
  phase?: string | null;
  district?: string | null;
  ukprn?: string | null;
  status?: string | null;
}

/** A GIAS establishment. */
export function school(spec: SchoolSpec, type: EventType = 'SchoolPublished'): NewEvent {
  return event(type, 'schools', spec.urn, {
    urn: spec.urn,
    laCode: spec.laCode ?? '886',
    establishmentNumber: spec.establishmentNumber ?? null,
    name: spec.name ?? `School ${spec.urn}`,
    type: spec.type,
    phase: spec.phase ?? null,
    district: spec.district ?? null,
    ukprn: spec.ukprn ?? null,
    status: spec.status ?? 'Open',
  });
}

/** A district's area team. */
export function area(district: string, areaTeam: 'North' | 'East' | 'South' | 'West'): NewEvent {
  return event('AreaDistrictMapped', 'areas', district, { district, areaTeam });
}

/** A cost centre's line and kind. */
export function costCentre(code: string, line: string, kind: string, type: EventType = 'CostCentreMapped'): NewEvent {
  return event(type, 'cost-centres', code, { costCentre: code, line, kind });
}

export interface PostingSpec {
  transactionId: string;
  financialYear: string;
  period?: number;
  costCentre: string;
  ledgerType?: 'Actual' | 'Budget' | 'Forecast';
  amount: string;
  postingDate?: string;
}

/** A ledger posting. */
export function posting(spec: PostingSpec, type: EventType = 'LedgerPostingRecorded'): NewEvent {
  const postingDate = spec.postingDate ?? `${spec.financialYear.slice(0, 4)}-06-30`;
  return event(
    type,
    'finance',
    spec.transactionId,
    {
      transactionId: spec.transactionId,
      financialYear: spec.financialYear,
      period: spec.period ?? 3,
      postingDate,
      costCentre: spec.costCentre,
      subjective: null,
      ledgerType: spec.ledgerType ?? 'Actual',
      amount: spec.amount,
      description: null,
    },
    { asAt: postingDate },
  );
}

/** A Safety Valve plan for one year. */
export function safetyValvePlan(financialYear: string, items: Array<[string, string]>, type: EventType = 'SafetyValvePlanAgreed'): NewEvent {
  return event(type, 'safety-valve-plan', financialYear, { financialYear, items: items.map(([item, amount]) => ({ item, amount })) });
}

export interface CensusSpec {
  censusDate: string;
  pupil: string;
  laEstab: string;
  ncYear?: string;
  senProvision: 'N' | 'K' | 'E';
  senType1?: string | null;
}

/** A census pupil record. */
export function censusPupil(spec: CensusSpec, type: EventType = 'CensusPupilRecorded'): NewEvent {
  const pupil = pseudo(spec.pupil);
  return event(
    type,
    'census',
    `${spec.censusDate}|${pupil}|${spec.laEstab}`,
    {
      censusDate: spec.censusDate,
      pupil,
      laEstab: spec.laEstab,
      urn: null,
      birthMonth: '2014-03',
      sex: 'F',
      ncYear: spec.ncYear ?? '5',
      senProvision: spec.senProvision,
      senType1: spec.senType1 ?? null,
      senType2: null,
    },
    { asAt: spec.censusDate },
  );
}

/** A row of a DfE EES file. */
export function eesRow(spec: { dataset: string; timePeriod: string; laCode?: string | null; laName?: string | null; level?: string; measures: Record<string, string | null> }): NewEvent {
  const data = {
    dataset: spec.dataset,
    timePeriod: spec.timePeriod,
    timeIdentifier: 'January',
    geographicLevel: spec.level ?? 'Local authority',
    countryCode: 'E92000001',
    regionCode: 'E12000008',
    regionName: 'South East',
    laCode: spec.laCode ?? 'E10000016',
    oldLaCode: '886',
    laName: spec.laName ?? 'Kent',
    breakdownTopic: 'All EHC plans',
    breakdown: 'All EHC plans',
    measures: spec.measures,
  };
  const key = [data.dataset, data.timePeriod, data.geographicLevel, data.laCode].join('|');
  return event('EesStatisticsPublished', 'ees', key, data);
}

/** A rejected row. */
export function quarantined(source: SourceName, file: string, line: number, rules: Array<{ rule: string; message: string }>, raw: Record<string, string | null>): NewEvent {
  return event('RowQuarantined', source, `${file}:${line}`, { rules, raw }, { file, line });
}

/** Appends events to a log, one append per run of events from the same source and file. */
export async function appendEvents(log: EventLog, events: readonly NewEvent[]): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const first = events[i] as NewEvent;
    let j = i;
    while (j < events.length && (events[j] as NewEvent).source === first.source && (events[j] as NewEvent).file === first.file) j++;
    const tx = await log.begin({ source: first.source, file: first.file, sha256: first.sha256 });
    await tx.append(events.slice(i, j));
    await tx.commit();
    i = j;
  }
}
