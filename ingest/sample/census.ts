// The `census` extracts of the Kent sample: one spring (January) school census
// per year 2019..2025 for Kent's state-funded schools. A synthetic pupil
// population moves up a year group each year (primary to secondary transfer,
// sixth forms, joiners and leavers, SEN support starting and ending); on top of
// it every person of the cases model whose main placement is at a Kent census
// school is on roll there, with SENprovision E while their plan is active and K
// before it starts or after it ends, so census and cases agree.
//
// Two sizes: 'full' writes the whole roll (~235,000 pupils a census); 'sen'
// (the default) writes the SEN pupils a council's SEN team usually receives:
// every pupil with E or K, and those whose SEN support ended since the last census.
// Both come from the same simulation, so the 'sen' file is a subset of the 'full' one.
import { join } from 'node:path';
import { Rng, WeightedTable } from './prng.js';
import { civil, day, dmy, iso, ncCode, ncYear } from './dates.js';
import { CsvWriter, type CsvFileResult } from './csvWriter.js';
import { CENSUS_DAYS } from './timeline.js';
import { CASELOAD_YEARS, SEN_SUPPORT_SCHOOL_AGE } from './kentFigures.js';
import { DISTRICTS, FORENAMES, SURNAMES, makePostcode } from './places.js';
import { makeTemporaryUpn, makeUpn } from './upn.js';
import type { Establishment } from './schools.js';
import type { CasesModel } from './casesModel.js';

export type CensusSize = 'sen' | 'full';

/**
 * SEN support pupils in NC years 1..11 on each census day. 2024 and 2025 are
 * the published figures (table 3.11, "school age children on SEN Support");
 * earlier years follow Kent's rising trend.
 */
const SEN_SUPPORT_TARGET: Readonly<Record<number, number>> = {
  2019: 22900,
  2020: 23700,
  2021: 24600,
  2022: 25800,
  2023: 26900,
  2024: SEN_SUPPORT_SCHOOL_AGE[2024] as number,
  2025: SEN_SUPPORT_SCHOOL_AGE[2025] as number,
};

const K_TYPES = ['SLCN', 'SEMH', 'MLD', 'SPLD', 'ASD', 'NSA', 'OTH', 'PD', 'HI', 'VI', 'SLD', 'MSI', 'PMLD'];
const K_WEIGHTS = [25, 20, 17, 12, 9, 5, 4, 2.5, 1.5, 0.8, 0.5, 0.2, 0.1];
const ETHNICITY = ['WBRI', 'WOTH', 'WIRT', 'MWBC', 'MWAS', 'MOTH', 'AIND', 'APKN', 'AOTH', 'BAFR', 'BCRB', 'CHNE', 'OOTH', 'REFU'];
const ETHNICITY_WEIGHTS = [74, 7, 1, 2, 1.5, 2, 2, 0.7, 2, 2.5, 0.6, 0.5, 1.5, 2.7];

interface Pupil {
  upn: string;
  dob: number;
  /** September-to-August birth cohort: NC year = academic year - cohort - 4. */
  cohort: number;
  sex: 'M' | 'F';
  school: number;
  /** 0 = N, 1 = K */
  sen: number;
  wasK: boolean;
  t1: string;
  t2: string;
}

interface CensusRow {
  upn: string;
  dob: number;
  sex: 'M' | 'F';
  provision: 'N' | 'K' | 'E';
  t1: string;
  t2: string;
  sn: string;
  fn: string;
  postcode: string;
  eth: string;
  fsm: boolean;
}

/** One written census file and the census day it holds. */
export interface CensusFile {
  result: CsvFileResult;
  censusDay: number;
}

function covers(s: Establishment, nc: number): boolean {
  if (s.setting.startsWith('ap_pru_')) return s.setting === 'ap_pru_la_maintained' ? nc >= 1 && nc <= 11 : nc >= 7 && nc <= 11;
  if (s.phase === 'Nursery') return nc === -2 || nc === -1;
  if (s.phase === 'Primary') return (nc >= 0 && nc <= 6) || (nc === -1 && s.hasNursery);
  if (s.phase === '16 plus') return nc === 12 || nc === 13;
  if (s.phase === 'Secondary') return nc >= (s.lowAge >= 14 ? 10 : 7) && (nc <= 11 || (s.hasSixthForm && nc <= 13));
  return false;
}

function rollTarget(s: Establishment, nc: number, k: number): number {
  if (!covers(s, nc)) return 0;
  const growth = 1 + 0.01 * k;
  let base = s.formSize;
  if (nc === 12) base = s.phase === '16 plus' ? s.formSize : Math.round(s.formSize * 0.5);
  if (nc === 13) base = s.phase === '16 plus' ? Math.round(s.formSize * 0.9) : Math.round(s.formSize * 0.45);
  if (nc === -1) base = Math.round(s.formSize * 0.8);
  if (nc === -2) base = Math.round(s.formSize * 0.5);
  return Math.round(base * growth);
}

function kRate(nc: number): number {
  return nc <= 0 ? 0.06 : nc <= 2 ? 0.11 : nc <= 6 ? 0.15 : nc <= 11 ? 0.13 : 0.07;
}

/** Writes one census file per January 2019..2025 (and an amendments file for 2025). */
export async function writeCensus(
  outDir: string,
  rng: Rng,
  schools: readonly Establishment[],
  model: CasesModel,
  size: CensusSize,
  onProgress: (msg: string) => void,
): Promise<CensusFile[]> {
  // Special schools are in the census too; their rolls are the people of the cases model placed there.
  const censusSchools = schools.map((s, i) => (s.inCensus ? i : -1)).filter((i) => i >= 0);
  const schoolIndexByUrn = new Map(schools.map((s, i) => [s.urn, i]));
  const personUpns = new Set<string>();
  for (const p of model.persons) if (p.upn) personUpns.add(p.upn);
  const temporaryUpns = new Set<string>();
  const ethnicity = new WeightedTable(ETHNICITY_WEIGHTS);
  const kType = new WeightedTable(K_WEIGHTS);
  const secondariesByDistrict = new Map<number, number[]>();
  const sixthForms: number[] = [];
  for (const i of censusSchools) {
    const s = schools[i]!;
    if (s.phase === 'Secondary' && s.lowAge === 11) secondariesByDistrict.set(s.districtIndex, [...(secondariesByDistrict.get(s.districtIndex) ?? []), i]);
    if (covers(s, 12)) sixthForms.push(i);
  }
  // UPNs from counters per (establishment, year), skipping any a person of the cases model already has.
  const serials = new Map<number, number>();
  const newUpn = (estab: number, joinedYear: number): string => {
    for (;;) {
      const key = estab * 100 + (joinedYear % 100);
      const next = serials.get(key) ?? rng.int(0, 99);
      serials.set(key, next + 1);
      if (next < 1000 && !rng.chance(0.001)) {
        const upn = makeUpn(886, estab, joinedYear, next);
        if (!personUpns.has(upn)) return upn;
        continue;
      }
      // A temporary UPN (letter last) while the permanent one is awaited.
      const upn = makeTemporaryUpn(886, estab, joinedYear, rng.int(0, 99), rng.int(0, 22));
      if (!temporaryUpns.has(upn) && !personUpns.has(upn)) {
        temporaryUpns.add(upn);
        return upn;
      }
    }
  };
  const newPupil = (school: number, dob: number, joinedYear: number, nc: number): Pupil => {
    const s = schools[school]!;
    const upn = newUpn(s.estabNo ?? 2000, joinedYear);
    const k = rng.chance(kRate(nc));
    const [by, bm] = civil(dob);
    return {
      upn,
      dob,
      cohort: bm >= 9 ? by + 1 : by,
      sex: rng.chance(0.51) ? 'M' : 'F',
      school,
      sen: k ? 1 : 0,
      wasK: false,
      t1: k ? (K_TYPES[kType.pick(rng)] as string) : '',
      t2: k && rng.chance(0.25) ? 'SEMH' : '',
    };
  };
  // Names, postcode, ethnicity and FSM only matter for written rows: derived from the UPN when written.
  const details = (upn: string, school: Establishment): Pick<CensusRow, 'sn' | 'fn' | 'postcode' | 'eth' | 'fsm'> => {
    let h = 0x811c9dc5;
    for (let i = 0; i < upn.length; i++) h = Math.imul(h ^ upn.charCodeAt(i), 0x01000193);
    const r = new Rng(h >>> 0);
    const d = school.districtIndex >= 0 ? DISTRICTS[school.districtIndex]! : DISTRICTS[0]!;
    return {
      sn: r.pick(SURNAMES),
      fn: r.pick(FORENAMES),
      postcode: makePostcode(r, d.postcodes),
      eth: ETHNICITY[ethnicity.pick(r)] as string,
      fsm: r.chance(0.2),
    };
  };
  const cohortDob = (on: number, nc: number): number => {
    const [y] = civil(on);
    const ay = y - 1; // census days are in January
    const cohort = ay - nc - 4;
    return day(cohort - 1, 9, 1) + rng.int(0, 364);
  };

  // Person rows: people whose main (rank-1) placement is at a Kent census school on the day.
  const personRows: Array<Map<number, CensusRow[]>> = CENSUS_DAYS.map(() => new Map());
  /** The primary need of the latest plan begun by the day (before any plan: the first plan's). */
  const needOn = (person: number, on: number): string | null => {
    let latest: { start: number; need: string } | null = null;
    let first: { start: number; need: string } | null = null;
    for (const ci of model.persons[person]!.plans) {
      const c = model.cases[ci]!;
      if (c.need === null || c.planStart === null) continue;
      if (c.planStart <= on && (latest === null || c.planStart > latest.start)) latest = { start: c.planStart, need: c.need };
      if (first === null || c.planStart < first.start) first = { start: c.planStart, need: c.need };
    }
    return (latest ?? first)?.need ?? null;
  };
  const personK = new Map<number, string>();
  for (const pl of model.placements) {
    if (pl.rank !== 1 || pl.urn === null) continue;
    const school = schoolIndexByUrn.get(pl.urn);
    if (school === undefined || !schools[school]!.inCensus) continue;
    const person = model.persons[pl.person]!;
    CENSUS_DAYS.forEach((on, k) => {
      if (pl.entry > on || (pl.leaving !== null && pl.leaving <= on) || on < person.dob) return;
      if (!person.upn) return;
      const active = person.plans.some((ci) => {
        const c = model.cases[ci]!;
        return c.planStart !== null && c.planStart <= on && (c.cease === null || c.cease > on);
      });
      let t1 = needOn(pl.person, on) ?? '';
      if (!active) {
        if (!personK.has(pl.person)) personK.set(pl.person, t1 === '' || t1 === 'DS' ? (K_TYPES[kType.pick(rng)] as string) : t1);
        t1 = personK.get(pl.person) as string;
      }
      const d = person.districtIndex >= 0 ? person.districtIndex : 0;
      const row: CensusRow = {
        upn: person.upn,
        dob: person.dob,
        sex: person.sex,
        provision: active ? 'E' : 'K',
        t1,
        t2: '',
        sn: person.surname,
        fn: person.forename,
        postcode: person.postcode || makePostcode(rng, DISTRICTS[d]!.postcodes),
        eth: 'WBRI',
        fsm: false,
      };
      const list = personRows[k]!.get(school) ?? [];
      list.push(row);
      personRows[k]!.set(school, list);
    });
  }

  const files: CensusFile[] = [];
  let roll = new Map<number, Pupil[]>();
  for (let k = 0; k < CENSUS_DAYS.length; k++) {
    const on = CENSUS_DAYS[k]!;
    const year = CASELOAD_YEARS[k]!;
    const ay = year - 1; // a spring census falls in the academic year that began the September before
    // Move the population on to this census.
    const next = new Map<number, Pupil[]>(censusSchools.map((i) => [i, []]));
    if (k > 0) {
      for (const [school, pupils] of roll) {
        const s = schools[school]!;
        for (const p of pupils) {
          if (rng.chance(0.025)) continue;
          const nc = ay - p.cohort - 4;
          let dest = -1;
          if (covers(s, nc)) dest = school;
          else if (nc === 7) {
            const list = secondariesByDistrict.get(s.districtIndex) ?? secondariesByDistrict.get(0)!;
            dest = rng.pick(list);
          } else if (nc === 12 && rng.chance(0.35)) dest = rng.pick(sixthForms);
          if (dest < 0) continue;
          p.school = dest;
          p.wasK = p.sen === 1;
          if (p.sen === 1 && rng.chance(0.15)) {
            p.sen = 0;
            p.t1 = '';
            p.t2 = '';
          } else if (p.sen === 0 && rng.chance(nc <= 6 ? 0.03 : 0.022)) {
            p.sen = 1;
            p.t1 = K_TYPES[kType.pick(rng)] as string;
          }
          next.get(dest)!.push(p);
        }
      }
    }
    for (const i of censusSchools) {
      const s = schools[i]!;
      const pupils = next.get(i)!;
      const byNc = new Int32Array(20);
      for (const p of pupils) {
        const nc = ay - p.cohort - 4;
        if (nc >= -2 && nc <= 17) byNc[nc + 2] = (byNc[nc + 2] as number) + 1;
      }
      // Year groups fuller than the school takes (transfers in) lose the surplus to other schools.
      const cap = (nc: number): number => Math.ceil(rollTarget(s, nc, k) * 1.05);
      let over = false;
      for (let nc = -2; nc <= 17 && !over; nc++) over = (byNc[nc + 2] as number) > cap(nc);
      if (over) {
        const seen = new Int32Array(20);
        const kept: Pupil[] = [];
        for (const p of rng.shuffle(pupils)) {
          const nc = ay - p.cohort - 4;
          const j = Math.min(Math.max(nc + 2, 0), 19);
          if ((seen[j] as number) < cap(nc)) {
            seen[j] = (seen[j] as number) + 1;
            kept.push(p);
          }
        }
        pupils.length = 0;
        pupils.push(...kept);
        byNc.set(seen);
      }
      for (let nc = -2; nc <= 13; nc++) {
        const missing = rollTarget(s, nc, k) - (byNc[nc + 2] as number);
        for (let j = 0; j < missing; j++) {
          const dob = cohortDob(on, nc);
          pupils.push(newPupil(i, dob, k === 0 ? Math.max(civil(dob)[0] + 4, 2005) : year - 1, nc));
        }
      }
      if (k === 0) for (const p of pupils) p.wasK = false;
    }
    roll = next;

    // Exact SEN support in NC years 1..11 (synthetic pupils absorb the difference).
    let personSupport = 0;
    for (const rows of personRows[k]!.values()) {
      for (const r of rows) {
        const nc = ncYear(r.dob, on);
        if (r.provision === 'K' && nc >= 1 && nc <= 11) personSupport++;
      }
    }
    const schoolAge: Pupil[] = [];
    for (const pupils of roll.values()) {
      for (const p of pupils) {
        const nc = ay - p.cohort - 4;
        if (nc >= 1 && nc <= 11) schoolAge.push(p);
      }
    }
    const synthSupport = schoolAge.filter((p) => p.sen === 1);
    let diff = (SEN_SUPPORT_TARGET[year] as number) - personSupport - synthSupport.length;
    if (diff > 0) {
      const pool = rng.shuffle(schoolAge.filter((p) => p.sen === 0));
      for (const p of pool.slice(0, diff)) {
        p.sen = 1;
        p.t1 = K_TYPES[kType.pick(rng)] as string;
      }
      diff = 0;
    } else if (diff < 0) {
      for (const p of rng.shuffle(synthSupport).slice(0, -diff)) {
        p.sen = 0;
        p.t1 = '';
        p.t2 = '';
      }
    }

    // Write: school by school, the synthetic roll then the people placed there.
    const legacy = year <= 2020;
    const dates = year <= 2021 ? dmy : iso;
    const header = legacy
      ? ['CensusDate', 'LAEstab', 'URN', 'UPN', 'Surname', 'Forename', 'DOB', 'Gender', 'NCyearActual', 'SENprovision', 'SENtype1', 'SENtype2', 'HomePostcode', 'Ethnicity', 'FSMeligible', 'EnrolStatus']
      : ['CensusDate', 'UPN', 'LAEstab', 'URN', 'Surname', 'Forename', 'DOB', 'Sex', 'NCyearActual', 'SENprovision', 'SENtype1', 'SENtype2', 'HomePostcode', 'Ethnicity', 'FSMeligible', 'EnrolStatus'];
    const name = `census_spring_${year}.csv`;
    const w = new CsvWriter(join(outDir, name), header, { bom: year === 2023, crlf: year % 2 === 1 });
    const amend = year === 2025 ? new CsvWriter(join(outDir, `census_spring_${year}_amendments.csv`), header) : null;
    const censusDate = dates(on);
    const amendRate = size === 'full' ? 0.0012 : 0.006;
    for (const i of censusSchools) {
      const s = schools[i]!;
      const laEstab = `${s.la}${String(s.estabNo).padStart(4, '0')}`;
      const rows: CensusRow[] = [];
      for (const p of roll.get(i)!) {
        const provision = p.sen === 1 ? 'K' : 'N';
        if (size === 'sen' && provision === 'N' && !p.wasK) continue;
        rows.push({ upn: p.upn, dob: p.dob, sex: p.sex, provision, t1: p.t1, t2: p.t2, ...details(p.upn, s) });
      }
      rows.push(...(personRows[k]!.get(i) ?? []));
      for (const r of rows) {
        const urn = rng.chance(0.02) ? '' : s.urn;
        const fields = (row: CensusRow, dob: number, nc: string): string[] => {
          const base = {
            date: censusDate,
            upn: row.upn,
            laEstab,
            urn,
            dob: dates(dob),
            sex: row.sex,
            nc,
            prov: row.provision,
            t1: row.provision === 'N' ? '' : row.t1,
            t2: row.provision === 'N' || row.t2 === row.t1 ? '' : row.t2,
          };
          const fsm = year <= 2021 ? (row.fsm ? '1' : '0') : row.fsm ? 'true' : 'false';
          return legacy
            ? [base.date, base.laEstab, base.urn, base.upn, row.sn, row.fn, base.dob, base.sex, base.nc, base.prov, base.t1, base.t2, row.postcode, row.eth, fsm, 'C']
            : [base.date, base.upn, base.laEstab, base.urn, row.sn, row.fn, base.dob, base.sex, base.nc, base.prov, base.t1, base.t2, row.postcode, row.eth, fsm, 'C'];
        };
        const nc = ncCode(ncYear(r.dob, on));
        if (amend && rng.chance(amendRate)) {
          // The school's first return had this row wrong; the amendment carries the true one.
          const wrong: CensusRow = { ...r };
          let wrongDob = r.dob;
          const what = rng.int(0, 2);
          if (what === 0 && r.provision === 'K' && r.sn !== '') wrong.provision = 'N';
          else if (what === 1 && r.provision !== 'N') wrong.t1 = r.t1 === 'SEMH' ? 'MLD' : 'SEMH';
          else wrongDob = r.dob - 1 >= day(civil(r.dob)[0], civil(r.dob)[1], 1) ? r.dob - 1 : r.dob + 1;
          if (w.line(fields(wrong, wrongDob, nc).join(','))) await w.drain();
          amend.row(fields(r, r.dob, nc));
          continue;
        }
        // No census field needs quoting (codes, dates and names without commas or quotes).
        if (w.line(fields(r, r.dob, nc).join(','))) await w.drain();
        if (amend && rng.chance(amendRate / 4)) amend.row(fields(r, r.dob, nc));
      }
    }
    const result = await w.close();
    files.push({ result, censusDay: on });
    onProgress(`census ${year}: ${result.rows.toLocaleString('en-GB')} rows`);
    if (amend) files.push({ result: await amend.close(), censusDay: on });
  }
  return files;
}
