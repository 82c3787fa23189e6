// The 'national' scale of the sample: big, valid, uncalibrated extracts for
// benchmarks (a 10-million-row census, a million cases and placements, five
// million ledger lines by default). Rows are built as pre-escaped lines and
// streamed, so memory stays flat whatever the row counts.
import { join } from 'node:path';
import type { Rng } from './prng.js';
import { day, dmy, iso, ncCode } from './dates.js';
import { CsvWriter, csvField, type CsvFileResult } from './csvWriter.js';
import { FORENAMES, SURNAMES } from './places.js';
import { upnCheckLetter } from './upn.js';
import { COST_CENTRES } from './finance.js';
import { AREA_TEAMS } from './kentFigures.js';

/** Row counts of the national-scale files. */
export interface NationalRows {
  censusRows: number;
  caseRows: number;
  placementRows: number;
  ledgerRows: number;
}

export const NATIONAL_DEFAULT_ROWS: NationalRows = {
  censusRows: 10_000_000,
  caseRows: 1_000_000,
  placementRows: 1_000_000,
  ledgerRows: 5_000_000,
};

interface NationalSchool {
  urn: string;
  la: number;
  estab: number;
  type: string;
  phase: string;
  /** Lowest and highest NC year on roll (census schools). */
  low: number;
  high: number;
}

const NATIONAL_TYPES: ReadonlyArray<{ type: string; phase: string; share: number; low: number; high: number }> = [
  { type: 'Community school', phase: 'Primary', share: 28, low: 0, high: 6 },
  { type: 'Voluntary aided school', phase: 'Primary', share: 9, low: 0, high: 6 },
  { type: 'Voluntary controlled school', phase: 'Primary', share: 7, low: 0, high: 6 },
  { type: 'Academy converter', phase: 'Primary', share: 17, low: 0, high: 6 },
  { type: 'Academy sponsor led', phase: 'Primary', share: 6, low: 0, high: 6 },
  { type: 'Free schools', phase: 'Primary', share: 1, low: 0, high: 6 },
  { type: 'Community school', phase: 'Secondary', share: 2, low: 7, high: 13 },
  { type: 'Academy converter', phase: 'Secondary', share: 8, low: 7, high: 13 },
  { type: 'Academy sponsor led', phase: 'Secondary', share: 3, low: 7, high: 11 },
  { type: 'Free schools', phase: 'Secondary', share: 1, low: 7, high: 13 },
  { type: 'Community special school', phase: 'Not applicable', share: 2, low: 0, high: 14 },
  { type: 'Academy special converter', phase: 'Not applicable', share: 1.5, low: 0, high: 14 },
  { type: 'Pupil referral unit', phase: 'Not applicable', share: 1, low: 5, high: 11 },
  { type: 'Other independent school', phase: 'Not applicable', share: 8, low: -1, high: -1 },
  { type: 'Other independent special school', phase: 'Not applicable', share: 3, low: -1, high: -1 },
  { type: 'Non-maintained special school', phase: 'Not applicable', share: 0.3, low: -1, high: -1 },
  { type: 'Further education', phase: '16 plus', share: 1, low: -1, high: -1 },
  { type: 'Special post 16 institution', phase: '16 plus', share: 0.4, low: -1, high: -1 },
];

function laCodes(rng: Rng): number[] {
  const codes = new Set<number>();
  while (codes.size < 152) codes.add(rng.int(201, 938));
  return [...codes].sort((a, b) => a - b);
}

/** A unique, valid UPN for a counter value (mixed radix over LA, establishment, year, serial). */
function upnFor(i: number, las: readonly number[]): string {
  const serial = i % 1000;
  const q = Math.floor(i / 1000);
  const estab = 1000 + (q % 8999);
  const q2 = Math.floor(q / 8999);
  const year = 10 + (q2 % 15);
  const la = las[Math.floor(q2 / 15) % las.length] as number;
  const rest = `${la}${String(estab).padStart(4, '0')}${year}${String(serial).padStart(3, '0')}`;
  return upnCheckLetter(rest) + rest;
}

/** Writes the national-scale files; returns them with their sources, in ingest order. */
export async function writeNational(
  outDir: string,
  rng: Rng,
  rows: NationalRows,
  onProgress: (msg: string) => void,
): Promise<Array<{ source: 'schools' | 'census' | 'cases' | 'placements' | 'finance'; result: CsvFileResult }>> {
  const out: Array<{ source: 'schools' | 'census' | 'cases' | 'placements' | 'finance'; result: CsvFileResult }> = [];
  const las = laCodes(rng.fork('las'));
  const schools: NationalSchool[] = [];
  {
    const r = rng.fork('schools');
    const total = 24_000;
    const shares = NATIONAL_TYPES.map((t) => t.share);
    const sum = shares.reduce((s, x) => s + x, 0);
    const nextEstab = new Map<number, number>();
    const w = new CsvWriter(join(outDir, 'gias_edubase_national.csv'), ['URN', 'LA (code)', 'EstablishmentNumber', 'EstablishmentName', 'TypeOfEstablishment (name)', 'PhaseOfEducation (name)', 'DistrictAdministrative (name)', 'UKPRN', 'EstablishmentStatus (name)'], { bom: true });
    let urn = 100000;
    NATIONAL_TYPES.forEach((t) => {
      const n = Math.round((total * t.share) / sum);
      for (let i = 0; i < n; i++) {
        const la = r.pick(las);
        const estab = (nextEstab.get(la) ?? 2000) + 1;
        nextEstab.set(la, estab);
        urn += 1;
        const s: NationalSchool = { urn: String(urn), la, estab, type: t.type, phase: t.phase, low: t.low, high: t.high };
        schools.push(s);
        w.row([s.urn, String(la), String(estab), `${r.pick(SURNAMES)} ${t.phase === 'Primary' ? 'Primary School' : 'School'}, LA ${la}`, t.type, t.phase, `District ${la}-${r.int(1, 12)}`, String(10_000_000 + urn), 'Open']);
      }
    });
    out.push({ source: 'schools', result: await w.close() });
  }
  const censusSchools = schools.filter((s) => s.low >= 0);

  // census: one spring census, pupils spread over state-funded schools
  {
    const r = rng.fork('census');
    const on = day(2025, 1, 16);
    const date = iso(on);
    const w = new CsvWriter(join(outDir, 'census_spring_2025_national.csv'), ['CensusDate', 'UPN', 'LAEstab', 'URN', 'Surname', 'Forename', 'DOB', 'Sex', 'NCyearActual', 'SENprovision', 'SENtype1', 'SENtype2', 'HomePostcode']);
    const types = ['ASD', 'SLCN', 'SEMH', 'SPLD', 'MLD', 'SLD', 'PMLD', 'HI', 'VI', 'MSI', 'PD', 'OTH'];
    for (let i = 0; i < rows.censusRows; i++) {
      const s = censusSchools[Math.floor(r.next() * censusSchools.length)] as NationalSchool;
      const nc = s.low + Math.floor(r.next() * (s.high - s.low + 1));
      const dob = day(2024 - nc - 4 - 1, 9, 1) + Math.floor(r.next() * 365);
      const u = r.next();
      const prov = u < 0.045 ? 'E' : u < 0.18 ? 'K' : 'N';
      const t1 = prov === 'N' ? '' : prov === 'K' && u > 0.17 ? 'NSA' : (types[Math.floor(r.next() * types.length)] as string);
      const line = `${date},${upnFor(i, las)},${s.la}${String(s.estab).padStart(4, '0')},${s.urn},${csvField(SURNAMES[i % SURNAMES.length] as string)},${csvField(FORENAMES[(i * 7) % FORENAMES.length] as string)},${iso(dob)},${r.next() < 0.5 ? 'M' : 'F'},${ncCode(nc)},${prov},${t1},,AB${1 + (i % 99)} ${i % 9}XY`;
      if (w.line(line)) await w.drain();
      if (i > 0 && i % 1_000_000 === 0) onProgress(`national census: ${i.toLocaleString('en-GB')} rows`);
    }
    out.push({ source: 'census', result: await w.close() });
  }

  // cases: one full snapshot
  const persons = Math.max(1, Math.round(rows.caseRows * 0.85));
  {
    const r = rng.fork('cases');
    const extract = day(2025, 3, 31);
    const first = day(2015, 1, 1);
    const w = new CsvWriter(join(outDir, 'synergy_cases_2025-03-31_national.csv'), ['ExtractDate', 'RequestID', 'PersonID', 'UPN', 'Surname', 'DOB', 'Sex', 'AreaTeam', 'ReceivedDate', 'RequestSource', 'RequestOutcome', 'RequestOutcomeDate', 'AssessmentOutcome', 'AssessmentOutcomeDate', 'Week20Exception', 'PrimaryNeed', 'PlanStartDate', 'CeaseDate', 'CeaseReason', 'LastReviewDate']);
    const needs = ['ASD', 'SLCN', 'SEMH', 'MLD', 'SLD', 'SPLD', 'PD', 'PMLD', 'HI', 'VI', 'OTH'];
    for (let i = 0; i < rows.caseRows; i++) {
      const received = first + Math.floor(r.next() * (extract - first - 120));
      const dob = received - 365 * (2 + Math.floor(r.next() * 18)) - Math.floor(r.next() * 365);
      const u = r.next();
      const outcome = u < 0.62 ? 'Y' : u < 0.93 ? 'N' : u < 0.95 ? 'W' : 'A';
      const decided = received + 20 + Math.floor(r.next() * 60);
      let assess = '';
      let assessDate = '';
      let need = '';
      let start = '';
      let cease = '';
      let reason = '';
      let w20 = '';
      if (outcome === 'Y') {
        const v = r.next();
        assess = v < 0.88 ? 'Y' : v < 0.95 ? 'N' : 'A';
        if (assess !== 'A') {
          const issued = Math.min(extract, received + 90 + Math.floor(r.next() * 200));
          assessDate = iso(issued);
          if (assess === 'Y') {
            start = assessDate;
            need = needs[Math.floor(r.next() * needs.length)] as string;
            w20 = r.next() < 0.03 ? '1' : '0';
            if (r.next() < 0.2 && issued + 400 < extract) {
              cease = iso(issued + 400 + Math.floor(r.next() * (extract - issued - 400)));
              reason = String(1 + Math.floor(r.next() * 9));
            }
          }
        }
      }
      const person = 5_000_001 + Math.floor(r.next() * persons);
      const line = [
        '2025-03-31',
        String(10_000_001 + i),
        String(person),
        upnFor(500_000_000 + person, las),
        csvField(SURNAMES[person % SURNAMES.length] as string),
        r.next() < 0.2 ? dmy(dob) : iso(dob),
        r.next() < 0.7 ? 'M' : 'F',
        AREA_TEAMS[Math.floor(r.next() * 5)] as string,
        iso(received),
        String(1 + Math.floor(r.next() * 5)),
        outcome,
        outcome === 'A' ? '' : iso(decided),
        assess,
        assessDate,
        w20,
        need,
        start,
        cease,
        reason,
        '',
      ].join(',');
      if (w.line(line)) await w.drain();
    }
    out.push({ source: 'cases', result: await w.close() });
    onProgress(`national cases: ${rows.caseRows.toLocaleString('en-GB')} rows`);
  }

  // placements: one full snapshot
  {
    const r = rng.fork('placements');
    const w = new CsvWriter(join(outDir, 'synergy_placements_2025-03-31_national.csv'), ['ExtractDate', 'PlacementID', 'PersonID', 'URN', 'UKPRN', 'SENSetting', 'EntryDate', 'LeavingDate', 'PlacementRank', 'SENunitIndicator', 'ResourcedProvisionIndicator']);
    const codes = ['OLA', 'OPA', 'EHE', 'EYP', 'OTH', 'NEET', 'NIEC', 'NIEO'];
    const first = day(2014, 9, 1);
    const last = day(2025, 3, 31);
    for (let i = 0; i < rows.placementRows; i++) {
      const u = r.next();
      const s = schools[Math.floor(r.next() * schools.length)] as NationalSchool;
      const entry = first + Math.floor(r.next() * (last - first));
      const leaving = r.next() < 0.4 ? iso(Math.min(last, entry + 30 + Math.floor(r.next() * 1500))) : '';
      const line = [
        '2025-03-31',
        String(30_000_001 + i),
        String(5_000_001 + Math.floor(r.next() * persons)),
        u < 0.85 ? s.urn : '',
        u >= 0.85 && u < 0.9 ? String(10_200_000 + Math.floor(r.next() * 90_000)) : '',
        u >= 0.9 ? (codes[Math.floor(r.next() * codes.length)] as string) : '',
        iso(entry),
        leaving,
        r.next() < 0.05 ? '2' : '1',
        r.next() < 0.05 ? '1' : '0',
        r.next() < 0.03 ? '1' : '0',
      ].join(',');
      if (w.line(line)) await w.drain();
    }
    out.push({ source: 'placements', result: await w.close() });
    onProgress(`national placements: ${rows.placementRows.toLocaleString('en-GB')} rows`);
  }

  // finance: ledger lines over six years
  {
    const r = rng.fork('ledger');
    const years = ['2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25'];
    const w = new CsvWriter(join(outDir, 'finance_ledger_national.csv'), ['TransactionID', 'FinancialYear', 'Period', 'PostingDate', 'CostCentre', 'Subjective', 'LedgerType', 'Amount', 'Description']);
    for (let i = 0; i < rows.ledgerRows; i++) {
      const fy = years[Math.floor(r.next() * years.length)] as string;
      const period = 1 + Math.floor(r.next() * 12);
      const start = Number(fy.slice(0, 4));
      const posted = day(period <= 9 ? start : start + 1, period <= 9 ? period + 3 : period - 9, 1 + Math.floor(r.next() * 28));
      const cc = COST_CENTRES[Math.floor(r.next() * COST_CENTRES.length)]!;
      const pence = Math.floor(r.next() * 5_000_000) * (cc.kind === 'spend' ? (r.next() < 0.04 ? -1 : 1) : -1);
      const abs = Math.abs(pence);
      const amount = `${pence < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
      const v = r.next();
      const line = `N${String(i + 1).padStart(9, '0')},${fy},${period},${iso(posted)},${cc.code},${cc.subjective},${v < 0.85 ? 'Actual' : v < 0.95 ? 'Budget' : 'Forecast'},${amount},${csvField(cc.name)}`;
      if (w.line(line)) await w.drain();
      if (i > 0 && i % 1_000_000 === 0) onProgress(`national ledger: ${i.toLocaleString('en-GB')} lines`);
    }
    out.push({ source: 'finance', result: await w.close() });
  }
  return out;
}
