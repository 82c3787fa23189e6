// Writes the `cases` and `placements` snapshots of the Kent sample: one full
// Synergy extract per financial year end 2019..2025, each showing what was
// known on its ExtractDate. Later snapshots move cases on (decisions, plans
// issued, reviews, ceased plans), correct values earlier ones had wrong, and
// leave out a few records Synergy deleted; the earliest carry a handful of
// rows that break a rule (quarantine) which the next extract gets right.
import { join } from 'node:path';
import type { Rng } from './prng.js';
import { dmy, iso } from './dates.js';
import { CsvWriter, type CsvFileResult } from './csvWriter.js';
import { EXTRACT_DAYS } from './timeline.js';
import type { CaseRecord, CasesModel, PlacementRecord } from './casesModel.js';
import { upnCheckLetter } from './upn.js';

/** One written snapshot and its ExtractDate. */
export interface SnapshotFile {
  result: CsvFileResult;
  extractDay: number;
}

const CASE_HEADER = [
  'ExtractDate', 'RequestID', 'PersonID', 'UPN', 'Surname', 'Forename', 'DOB', 'Sex', 'HomePostcode', 'AreaTeam',
  'ReceivedDate', 'RequestSource', 'RequestOutcome', 'RequestOutcomeDate', 'AssessmentOutcome', 'AssessmentOutcomeDate',
  'Week20Exception', 'PrimaryNeed', 'PlanStartDate', 'CeaseDate', 'CeaseReason', 'LastReviewDate', 'LastUpdated',
];

const PLACEMENT_HEADER = [
  'ExtractDate', 'PlacementID', 'PersonID', 'Surname', 'Forename', 'URN', 'UKPRN', 'EstablishmentName', 'SENSetting',
  'EntryDate', 'LeavingDate', 'PlacementRank', 'SENunitIndicator', 'ResourcedProvisionIndicator',
];

const YEAR = 365;

function lastReview(c: CaseRecord, on: number): number | null {
  if (c.planStart === null || c.planStart > on) return null;
  const limit = c.cease !== null && c.cease <= on ? c.cease : on;
  for (let n = Math.floor((limit - c.planStart) / YEAR); n >= 1; n--) {
    const d = c.planStart + n * YEAR + c.reviewOffset;
    if (d <= limit && d > c.planStart) return d;
  }
  return null;
}

/** Breaks a UPN's check letter (a keying error the rules must catch). */
function breakUpn(upn: string): string {
  const good = upnCheckLetter(upn.slice(1));
  return (good === 'A' ? 'B' : 'A') + upn.slice(1);
}

/** Writes the seven cases snapshots. */
export async function writeCaseSnapshots(outDir: string, rng: Rng, model: CasesModel, onProgress: (msg: string) => void): Promise<SnapshotFile[]> {
  const S = EXTRACT_DAYS.length;
  // Rows that break a rule in one early extract and are right in the next.
  const invalid = new Map<CaseRecord, { snapshot: number; kind: 'upn' | 'no-decision-date' }>();
  const steady = model.cases.filter((c) => c.hideFrom === S && c.wrong === null && c.kind === 'regular');
  for (const [snapshot, kind, n] of [[1, 'upn', 4], [2, 'upn', 3], [2, 'no-decision-date', 4]] as const) {
    const candidates = steady.filter((c) => c.received <= EXTRACT_DAYS[snapshot - 1]! && !invalid.has(c) && (kind === 'upn' ? model.persons[c.person]!.upn !== null && model.persons[c.person]!.upnFrom <= EXTRACT_DAYS[snapshot]! : c.outcome === 'Y' || c.outcome === 'N'));
    for (const c of rng.shuffle(candidates).slice(0, n)) invalid.set(c, { snapshot, kind });
  }
  const files: SnapshotFile[] = [];
  for (let j = 0; j < S; j++) {
    const on = EXTRACT_DAYS[j]!;
    const r = rng.fork(`cases-${j}`);
    const fmt = j <= 2 ? dmy : iso;
    const w = new CsvWriter(join(outDir, `synergy_cases_${iso(on)}.csv`), CASE_HEADER, { crlf: j <= 2, bom: j === 0 });
    for (const c of model.cases) {
      if (c.received > on || j >= c.hideFrom) continue;
      const person = model.persons[c.person]!;
      const wrong = c.wrong !== null && j < c.wrong.until ? c.wrong : null;
      const date = (d: number | null): string => (d === null ? '' : j > 2 && r.chance(0.004) ? dmy(d) : fmt(d));
      const reqShown: string = c.kind !== 'regular' ? 'H' : c.outcomeDate !== null && c.outcomeDate <= on ? c.outcome : 'A';
      const reqDate = reqShown === 'Y' || reqShown === 'N' || reqShown === 'W' ? c.outcomeDate : null;
      let assessShown = '';
      if (reqShown === 'H') assessShown = 'H';
      else if (reqShown === 'Y') assessShown = c.assess !== null && c.assess !== 'A' && c.assessDate !== null && c.assessDate <= on ? c.assess : 'A';
      const assessDate = assessShown === 'Y' || assessShown === 'N' || assessShown === 'W' ? c.assessDate : null;
      const planShown = c.planStart !== null && c.planStart <= on;
      const ceased = c.cease !== null && c.cease <= on;
      const bad = invalid.get(c);
      const isBad = bad !== undefined && bad.snapshot === j;
      let upn = person.upn !== null && person.upnFrom <= on ? person.upn : '';
      if (isBad && bad.kind === 'upn' && upn !== '') upn = breakUpn(upn);
      const received = wrong?.field === 'ReceivedDate' ? Number(wrong.value) : c.received;
      const review = lastReview(c, on);
      const row = [
        fmt(on),
        c.requestId,
        person.personId,
        upn,
        person.surname,
        person.forename,
        date(wrong?.field === 'DOB' ? Number(wrong.value) : person.dob),
        wrong?.field === 'Sex' ? wrong.value : person.sex,
        person.postcode,
        wrong?.field === 'AreaTeam' ? wrong.value : c.area,
        date(received),
        wrong?.field === 'RequestSource' ? wrong.value : c.source,
        reqShown,
        isBad && bad.kind === 'no-decision-date' ? '' : date(reqDate),
        assessShown,
        date(assessDate),
        assessShown === 'Y' ? String(c.exception ?? 0) : '',
        planShown ? (wrong?.field === 'PrimaryNeed' ? wrong.value : (c.need ?? '')) : '',
        planShown ? date(c.planStart) : '',
        ceased ? date(c.cease) : '',
        ceased ? (c.ceaseReason ?? '') : '',
        date(review),
        fmt(Math.max(c.received, Math.min(on, (review ?? c.assessDate ?? c.outcomeDate ?? c.received) + 3))),
      ];
      // No cases field needs quoting (ids, codes, dates, names without commas or quotes).
      if (w.line(row.join(','))) await w.drain();
    }
    const result = await w.close();
    files.push({ result, extractDay: on });
    onProgress(`cases snapshot ${iso(on)}: ${result.rows.toLocaleString('en-GB')} rows`);
  }
  return files;
}

/** Writes the seven placements snapshots. */
export async function writePlacementSnapshots(
  outDir: string,
  rng: Rng,
  model: CasesModel,
  schoolNames: ReadonlyMap<string, string>,
  ukprnNames: ReadonlyMap<string, string>,
  onProgress: (msg: string) => void,
): Promise<SnapshotFile[]> {
  const S = EXTRACT_DAYS.length;
  const invalid = new Map<PlacementRecord, number>();
  const candidates = model.placements.filter((p) => p.wrong === null && p.leaving !== null && p.leaving <= EXTRACT_DAYS[1]! && p.firstSnapshot <= 1 && p.rank === 1);
  for (const p of rng.shuffle([...candidates]).slice(0, 3)) invalid.set(p, 1);
  const files: SnapshotFile[] = [];
  for (let j = 0; j < S; j++) {
    const on = EXTRACT_DAYS[j]!;
    const fmt = j <= 1 ? dmy : iso;
    const w = new CsvWriter(join(outDir, `synergy_placements_${iso(on)}.csv`), PLACEMENT_HEADER, { crlf: j % 2 === 0 });
    for (const p of model.placements) {
      if (p.firstSnapshot > j || p.entry > on) continue;
      const person = model.persons[p.person]!;
      const wrong = p.wrong !== null && j < p.wrong.until ? p.wrong : null;
      const urn = wrong?.field === 'URN' ? wrong.value : (p.urn ?? '');
      let entry = p.entry;
      if (wrong?.field === 'EntryDate' && Number(wrong.value) <= on && (p.leaving === null || Number(wrong.value) <= p.leaving)) entry = Number(wrong.value);
      let leaving = p.leaving !== null && p.leaving <= on ? fmt(p.leaving) : '';
      if (invalid.get(p) === j && p.leaving !== null) leaving = fmt(p.entry - 3);
      const row = [
        fmt(on),
        p.placementId,
        person.personId,
        person.surname,
        person.forename,
        urn,
        p.ukprn ?? '',
        urn ? (schoolNames.get(urn) ?? '') : p.ukprn ? (ukprnNames.get(p.ukprn) ?? 'Training provider') : '',
        p.senSetting ?? '',
        fmt(entry),
        leaving,
        p.rankBlank ? '' : String(p.rank),
        p.senUnit,
        p.rp,
      ];
      if (w.row(row)) await w.drain();
    }
    const result = await w.close();
    files.push({ result, extractDay: on });
    onProgress(`placements snapshot ${iso(on)}: ${result.rows.toLocaleString('en-GB')} rows`);
  }
  return files;
}
