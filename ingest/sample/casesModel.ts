// The Kent-scale people, EHC needs assessment requests, plans and placements,
// built so that a warehouse following CONTRACT §2 reproduces Kent's published
// figures exactly (see kentFigures.ts). The construction runs in this order,
// each step calibrated against the figures the steps before it fixed:
//   1. requests per month and area team (table 3.8, DfE calendar years, FY totals);
//   2. decisions to assess (DfE "decided not to assess" by year, exactly);
//   3. plans issued per month with their 20-week status and exceptions (DfE
//      timeliness by year, paragraph 3.9's months), matched to assessed requests;
//   4. people (re-requests after a refusal, a few duplicate plan records);
//   5. historical plans (before the request history) and ceased plans so the
//      active caseload on every January census day equals the DfE total;
//   6. a setting type per person per census day equal to the DfE columns, then
//      placements (with real URNs / UKPRNs / SENSetting codes) that say so;
//   7. the snapshot quirks: values corrected in later extracts, records that
//      drop out of later extracts, placements recorded late.
import { Rng, WeightedTable, apportion } from './prng.js';
import { day, civil, weekday, daysInMonth, monthIndex, monthOfIndex, ageOn, ncYear, academicYearOf } from './dates.js';
import {
  AREA_TEAMS,
  CASELOAD_YEARS,
  NOT_ASSESSED_BY_YEAR,
  REQUESTS_BY_AREA_MONTH,
  REQUESTS_BY_FINANCIAL_YEAR,
  REQUESTS_BY_YEAR,
  TIMELINESS_BY_YEAR,
  TIMELINESS_MONTHLY_PCT,
  caseloadTargets,
  type AreaTeam,
} from './kentFigures.js';
import { CENSUS_DAYS, EXTRACT_DAYS, LAST_EXTRACT_DAY } from './timeline.js';
import { DISTRICTS, FORENAMES, OUT_OF_COUNTY_POSTCODES, SURNAMES, makePostcode } from './places.js';
import { SEN_SETTING_CODES, SETTING_TYPES, type SettingType } from './settings.js';
import type { Establishment } from './schools.js';
import { makeUpn } from './upn.js';

export type Outcome = 'Y' | 'N' | 'A' | 'W' | 'H';

/** A value shown wrongly in the snapshots before `until` (an index into EXTRACT_DAYS), then corrected. */
export interface Wrong {
  field: string;
  value: string;
  until: number;
}

/** A person known to the SEN service (Synergy person record). */
export interface Person {
  personId: string;
  upn: string | null;
  /** First day the UPN is on the person's case record (allocated when they start school). */
  upnFrom: number;
  dob: number;
  sex: 'M' | 'F';
  /** Home district index into DISTRICTS, -1 outside Kent. */
  districtIndex: number;
  surname: string;
  forename: string;
  postcode: string;
  /** Indexes of the person's case records that carry a plan. */
  plans: number[];
}

/** One request for an EHC needs assessment, with its true, final values. */
export interface CaseRecord {
  requestId: string;
  person: number;
  area: AreaTeam;
  received: number;
  source: string;
  kind: 'regular' | 'transfer' | 'historical';
  outcome: Outcome;
  outcomeDate: number | null;
  assess: Outcome | null;
  assessDate: number | null;
  exception: 0 | 1 | null;
  need: string | null;
  planStart: number | null;
  cease: number | null;
  ceaseReason: string | null;
  /** Days after each anniversary of the plan that its annual review is decided. */
  reviewOffset: number;
  /** Index of the first snapshot the record is missing from (EXTRACT_DAYS.length = never). */
  hideFrom: number;
  wrong: Wrong | null;
}

/** One placement (SEN2 module 5b) with its true, final values. */
export interface PlacementRecord {
  placementId: string;
  person: number;
  urn: string | null;
  ukprn: string | null;
  senSetting: string | null;
  entry: number;
  leaving: number | null;
  rank: number;
  /** Written with PlacementRank blank (which means 1). */
  rankBlank: boolean;
  senUnit: '' | '0' | '1';
  rp: '' | '0' | '1';
  /** Index of the first snapshot the placement appears in. */
  firstSnapshot: number;
  wrong: Wrong | null;
}

/** A person's setting on one census day, as the generator decided it. */
export interface CensusState {
  setting: SettingType;
  /** Index into the schools list, or -1. */
  estab: number;
  /** A URN deliberately missing from the schools file (other_schools), else null. */
  strayUrn: string | null;
  viaUkprn: boolean;
}

export interface CasesModel {
  persons: Person[];
  cases: CaseRecord[];
  placements: PlacementRecord[];
  /** statesByPerson[p][k]: the setting on CENSUS_DAYS[k], or null when the person had no active plan. */
  statesByPerson: Map<number, Array<CensusState | null>>;
  /** How many people the setting calibration had to place outside their age range (a realism gauge; 0 is ideal). */
  forcedPlacements: number;
}

const SEASON = [1.0, 0.95, 1.1, 0.8, 0.95, 1.0, 1.1, 0.4, 0.75, 1.05, 1.15, 0.85];
const ISSUE_SEASON = [1.0, 1.0, 1.1, 0.9, 1.0, 1.0, 1.15, 0.75, 0.9, 1.05, 1.05, 0.9];
/** Table 3.8's area shares (North, East, South, West, Not Kent Address). */
const AREA_WEIGHTS = [858, 1266, 893, 819, 38];
/** DfE requests by age, Kent 2024 (ages 2..20). */
const REQUEST_AGE = [27, 569, 471, 230, 232, 250, 302, 347, 388, 212, 243, 243, 195, 159, 69, 32, 14, 6, 12];
const REQUEST_AGE_FROM = 2;
/** Ages of people with plans that started before the request history (at January 2019), 3..24. */
const HISTORICAL_AGE = [0.3, 1.5, 3, 4, 5, 5.5, 6, 6.5, 7, 7, 7, 7, 7, 8, 8.5, 8, 6.5, 4.5, 2.5, 1.2, 0.6, 0.3];
const HISTORICAL_AGE_FROM = 3;
const TRANSFER_AGE = [1, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 5, 5, 4, 3, 2, 1, 1];
const TRANSFER_AGE_FROM = 3;

const NEEDS = ['ASD', 'SLCN', 'SEMH', 'MLD', 'SLD', 'SPLD', 'PD', 'PMLD', 'HI', 'VI', 'MSI', 'OTH', 'DS'];
const NEED_WEIGHTS_YOUNG = [30, 35, 2, 2, 8, 0, 8, 5, 3, 2, 1, 6, 2];
const NEED_WEIGHTS_PRIMARY = [35, 20, 14, 9, 6, 3, 4, 2, 2, 1, 0.3, 3, 0.7];
const NEED_WEIGHTS_SECONDARY = [33, 9, 25, 11, 5, 7, 3, 1.5, 2, 1, 0.3, 2, 0.2];

const WORKDAY_CACHE = new Map<number, number[]>();
function workdays(y: number, m: number): number[] {
  const key = y * 100 + m;
  let days = WORKDAY_CACHE.get(key);
  if (!days) {
    days = [];
    const first = day(y, m, 1);
    for (let d = 0; d < daysInMonth(y, m); d++) {
      const wd = weekday(first + d);
      if (wd !== 0 && wd !== 6) days.push(first + d);
    }
    WORKDAY_CACHE.set(key, days);
  }
  return days;
}

/** Exactly n of the items, each drawn with probability proportional to its weight (Efraimidis-Spirakis keys). */
function weightedSample<T>(rng: Rng, items: readonly T[], weight: (t: T) => number, n: number): T[] {
  if (n > items.length) throw new Error(`sample calibration: need ${n} of ${items.length}`);
  const keyed = items.map((item, i) => ({ item, i, key: Math.log(1 - rng.next()) / Math.max(weight(item), 1e-9) }));
  keyed.sort((a, b) => b.key - a.key || a.i - b.i);
  return keyed.slice(0, n).map((k) => k.item);
}

/** Splits a total over weights exactly without any part exceeding its cap. */
function apportionCapped(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const out = weights.map(() => 0);
  let open = weights.map((_, i) => i);
  let rest = total;
  for (let guard = 0; rest > 0 && guard < 50; guard++) {
    const parts = apportion(rest, open.map((i) => Math.max(weights[i] as number, 1e-6)));
    const next: number[] = [];
    let assigned = 0;
    open.forEach((i, j) => {
      const room = (caps[i] as number) - (out[i] as number);
      const give = Math.min(room, parts[j] as number);
      out[i] = (out[i] as number) + give;
      assigned += give;
      if ((out[i] as number) < (caps[i] as number)) next.push(i);
    });
    rest -= assigned;
    open = next;
    if (open.length === 0 && rest > 0) throw new Error('sample calibration: caps too small');
  }
  return out;
}

// ---------------------------------------------------------------- step 1: requests per month

/** Requests received per month index and area team (exact). */
function monthlyRequestCounts(rng: Rng): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const table = (key: string): number => (REQUESTS_BY_AREA_MONTH[key] ?? [0, 0, 0, 0, 0]).reduce((s, x) => s + x, 0);
  const tableSum = (from: [number, number], to: [number, number]): number => {
    let s = 0;
    for (let i = monthIndex(...from); i <= monthIndex(...to); i++) {
      const [y, m] = monthOfIndex(i);
      s += table(`${y}-${String(m).padStart(2, '0')}`);
    }
    return s;
  };
  for (const [key, counts] of Object.entries(REQUESTS_BY_AREA_MONTH)) {
    const [y, m] = key.split('-').map(Number) as [number, number];
    out.set(monthIndex(y, m), [...counts]);
  }
  // The months the papers do not give, derived so every published total holds.
  const janFeb2024 = (REQUESTS_BY_YEAR[2024] as number) - tableSum([2024, 3], [2024, 12]);
  const aprDec2023 = (REQUESTS_BY_FINANCIAL_YEAR['2023-24'] as number) - janFeb2024 - tableSum([2024, 3], [2024, 3]);
  const janMar2023 = (REQUESTS_BY_YEAR[2023] as number) - aprDec2023;
  const mar2025 = (REQUESTS_BY_FINANCIAL_YEAR['2024-25'] as number) - tableSum([2024, 4], [2025, 2]);
  const blocks: Array<{ from: [number, number]; to: [number, number]; total: number }> = [
    { from: [2016, 3], to: [2016, 12], total: 2300 },
    { from: [2017, 1], to: [2017, 12], total: 2800 },
    { from: [2018, 1], to: [2018, 12], total: 2860 },
    ...[2019, 2020, 2021, 2022].map((y) => ({ from: [y, 1] as [number, number], to: [y, 12] as [number, number], total: REQUESTS_BY_YEAR[y] as number })),
    { from: [2023, 1], to: [2023, 3], total: janMar2023 },
    { from: [2023, 4], to: [2023, 12], total: aprDec2023 },
    { from: [2024, 1], to: [2024, 2], total: janFeb2024 },
    { from: [2025, 3], to: [2025, 3], total: mar2025 },
  ];
  for (const b of blocks) {
    const months: number[] = [];
    for (let i = monthIndex(...b.from); i <= monthIndex(...b.to); i++) months.push(i);
    const totals = apportion(b.total, months.map((i) => (SEASON[monthOfIndex(i)[1] - 1] as number) * (0.92 + 0.16 * rng.next())));
    months.forEach((i, j) => {
      out.set(i, apportion(totals[j] as number, AREA_WEIGHTS.map((w) => w * (0.9 + 0.2 * rng.next()))));
    });
  }
  return out;
}

// ---------------------------------------------------------------- step 3: plan issue slots

interface Slot {
  issue: number;
  within: boolean;
  exception: boolean;
  /** Issued more than a year (365 days) after the request. */
  long: boolean;
}

/** DfE plans_issued_gt_1_year for Kent (published from 2023). */
const OVER_ONE_YEAR: Readonly<Record<number, number>> = { 2023: 212, 2024: 343 };

interface YearSlotPlan {
  year: number;
  months: number[];
  issued: number;
  within: number;
  exceptions: number;
  exceptionsWithin: number;
  rate: (m: number) => number;
  fixed: Record<number, { issued: number; within: number }>;
}

function yearPlans(): YearSlotPlan[] {
  const all12 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const plans: YearSlotPlan[] = [
    { year: 2017, months: all12, issued: 1750, within: 600, exceptions: 70, exceptionsWithin: 20, rate: () => 1, fixed: {} },
    { year: 2018, months: all12, issued: 1900, within: 640, exceptions: 80, exceptionsWithin: 22, rate: () => 1, fixed: {} },
  ];
  for (const y of [2019, 2020, 2021, 2022, 2023, 2024]) {
    const t = TIMELINESS_BY_YEAR[y]!;
    plans.push({
      year: y,
      months: all12,
      issued: t.issued,
      within: t.within,
      exceptions: t.issued - t.issuedEx,
      exceptionsWithin: t.within - t.withinEx,
      rate:
        y === 2020
          ? (m) => (m >= 4 && m <= 6 ? 0.7 : 1)
          : y === 2023
            ? (m) => 1.6 - (m - 1) * 0.09
            : y === 2024
              ? (m) => [0.12, 0.12, 0.13, 0.14, 0.15, 0.17, 0.2, 0, 0.45, 0, 0.6, 0.7][m - 1] as number
              : () => 1,
      // Paragraph 3.9: 51.5% in August 2024, 76% in October 2024 (no exceptions in those months).
      fixed: y === 2024 ? { 8: { issued: 132, within: 68 }, 10: { issued: 200, within: 152 } } : {},
    });
  }
  // 2025 to the last extract: February 2025 at 89.9% (151 of 168).
  plans.push({
    year: 2025,
    months: [1, 2, 3],
    issued: 488,
    within: 429,
    exceptions: 7,
    exceptionsWithin: 1,
    rate: () => 1,
    fixed: { 1: { issued: 150, within: 128 }, 2: { issued: 168, within: 151 }, 3: { issued: 170, within: 150 } },
  });
  // The months of paragraph 3.9 must give its percentages.
  for (const [month, pct] of Object.entries(TIMELINESS_MONTHLY_PCT)) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const f = plans.find((p) => p.year === y)?.fixed[m];
    if (!f || Math.round((f.within / f.issued) * 1000) / 10 !== pct) throw new Error(`sample calibration: ${month} does not give ${pct}%`);
  }
  return plans;
}

function planSlots(rng: Rng): Slot[] {
  const slots: Slot[] = [];
  for (const p of yearPlans()) {
    const free = p.months.filter((m) => !(m in p.fixed));
    const fixedIssued = Object.values(p.fixed).reduce((s, f) => s + f.issued, 0);
    const fixedWithin = Object.values(p.fixed).reduce((s, f) => s + f.within, 0);
    const issuedFree = free.length > 0 ? apportion(p.issued - fixedIssued, free.map((m) => (ISSUE_SEASON[m - 1] as number) * (0.9 + 0.2 * rng.next()))) : [];
    const withinFree =
      free.length > 0
        ? apportionCapped(
            p.within - fixedWithin,
            free.map((m, i) => (issuedFree[i] as number) * p.rate(m) * (0.85 + 0.3 * rng.next())),
            issuedFree,
          )
        : [];
    const perMonth = new Map<number, { issued: number; within: number }>();
    free.forEach((m, i) => perMonth.set(m, { issued: issuedFree[i] as number, within: withinFree[i] as number }));
    for (const [m, f] of Object.entries(p.fixed)) perMonth.set(Number(m), f);
    const yearSlots: Slot[] = [];
    const exceptionCandidates: { within: Slot[]; over: Slot[] } = { within: [], over: [] };
    for (const m of p.months) {
      const { issued, within } = perMonth.get(m)!;
      const days = workdays(p.year, m);
      // The months the papers quote a percentage for carry no exceptions, so both measures agree.
      const quoted = (p.year === 2024 && (m === 8 || m === 10)) || (p.year === 2025 && m === 2);
      for (let i = 0; i < issued; i++) {
        const s: Slot = { issue: rng.pick(days), within: i < within, exception: false, long: false };
        yearSlots.push(s);
        if (!quoted) (s.within ? exceptionCandidates.within : exceptionCandidates.over).push(s);
      }
    }
    const over = yearSlots.filter((s) => !s.within);
    const longCount = OVER_ONE_YEAR[p.year] ?? (p.year < 2018 ? 0 : Math.round(over.length * (p.year <= 2020 ? 0.08 : 0.1)));
    for (const s of weightedSample(rng, over, () => 1, longCount)) s.long = true;
    for (const s of weightedSample(rng, exceptionCandidates.within, () => 1, p.exceptionsWithin)) s.exception = true;
    for (const s of weightedSample(rng, exceptionCandidates.over, () => 1, p.exceptions - p.exceptionsWithin)) s.exception = true;
    slots.push(...yearSlots);
  }
  return slots;
}

/** Days from request to plan for a plan issued after 20 weeks (up to a year, or longer). */
function overDuration(rng: Rng, year: number, long: boolean): number {
  if (long) return year >= 2023 ? rng.int(366, 640) : rng.int(366, 520);
  return year === 2023 || year === 2024 ? rng.int(141, 365) : rng.next() < 0.8 ? rng.int(141, 260) : rng.int(261, 365);
}

/** Free-slot finder over a sorted array: nearest untaken index in both directions (union-find). */
class FreeIndex {
  private readonly nextUp: Int32Array;
  private readonly nextDown: Int32Array;
  constructor(private readonly n: number) {
    this.nextUp = new Int32Array(n + 1).map((_, i) => i);
    this.nextDown = new Int32Array(n + 1).map((_, i) => i);
  }
  /** First free index >= i (n when none). */
  up(i: number): number {
    let r = Math.max(i, 0);
    while (this.nextUp[r] !== r) r = this.nextUp[r] as number;
    let c = Math.max(i, 0);
    while (this.nextUp[c] !== r) {
      const nx = this.nextUp[c] as number;
      this.nextUp[c] = r;
      c = nx;
    }
    return r;
  }
  /** Last free index <= i (-1 when none). */
  down(i: number): number {
    let r = Math.min(i, this.n - 1) + 1;
    if (r <= 0) return -1;
    while (this.nextDown[r] !== r) r = this.nextDown[r] as number;
    let c = Math.min(i, this.n - 1) + 1;
    while (this.nextDown[c] !== r) {
      const nx = this.nextDown[c] as number;
      this.nextDown[c] = r;
      c = nx;
    }
    return r - 1;
  }
  take(i: number): void {
    this.nextUp[i] = i + 1;
    this.nextDown[i + 1] = i;
  }
}

// ---------------------------------------------------------------- people

function needFor(rng: Rng, age: number): string {
  const w = age < 5 ? NEED_WEIGHTS_YOUNG : age < 11 ? NEED_WEIGHTS_PRIMARY : NEED_WEIGHTS_SECONDARY;
  return NEEDS[rng.weighted(w)] as string;
}

function ceaseReasonFor(rng: Rng, age: number): string {
  if (age >= 19) return ['1', '3', '4', '6', '2', '9'][rng.weighted([25, 15, 20, 15, 15, 10])] as string;
  return ['2', '5', '7', '9', '8'][rng.weighted([40, 37, 10, 11, 1])] as string;
}

// ---------------------------------------------------------------- setting types

function suits(s: SettingType, nc: number, age: number): number {
  if (s === 'placement_unknown') return 1;
  if (s === 'nm_early_years') return nc <= -1 && age <= 5 ? 1 : 0;
  if (s.startsWith('mainstream_')) return nc < -2 ? 0 : nc <= -1 ? 0.3 : nc <= 6 ? 1.3 : nc <= 11 ? 1 : nc <= 13 ? 0.3 : 0;
  if (s.startsWith('special_')) return nc < -2 ? 0 : nc <= 14 ? 1 : nc === 15 ? 0.15 : 0;
  if (s.startsWith('ap_pru_')) return nc >= 7 && nc <= 11 ? 1 : nc >= 2 && nc <= 6 ? 0.3 : 0;
  if (s === 'general_fe_tertiary_colleges' || s === 'specialist_post_16_institutions' || s === 'ukrlp_provider') return nc >= 12 && age <= 25 ? 1 : 0;
  if (s === 'elective_home_education' || s === 'other_arrangements_parents') return nc >= 0 && nc <= 11 ? 1 : nc <= 13 && nc >= 0 ? 0.3 : 0;
  if (s === 'other_arrangements_la') return nc < 0 ? 0 : nc <= 13 ? 1 : 0.5;
  if (s === 'other_placement_settings') return nc >= 0 ? 1 : 0.2;
  if (s === 'neet' || s === 'neet_ntci') return nc >= 12 ? 1 : 0;
  if (s === 'neet_other') return nc >= 12 ? 1 : nc >= 7 ? 0.6 : 0;
  return nc >= 0 && nc <= 13 ? 1 : 0;
}

/** suits() tabulated by setting index, NC year (-3..16) and age (0..30): the fit loop calls it millions of times. */
const SUIT_TABLE: Float64Array = (() => {
  const t = new Float64Array(SETTING_TYPES.length * 20 * 31);
  SETTING_TYPES.forEach((s, si) => {
    for (let nc = -3; nc <= 16; nc++) for (let age = 0; age <= 30; age++) t[(si * 20 + nc + 3) * 31 + age] = suits(s, nc, age);
  });
  return t;
})();
function suitOf(si: number, nc: number, age: number): number {
  const n = nc < -3 ? -3 : nc > 16 ? 16 : nc;
  const a = age < 0 ? 0 : age > 30 ? 30 : age;
  return SUIT_TABLE[(si * 20 + n + 3) * 31 + a] as number;
}

const NARROW_FIRST: readonly SettingType[] = [...SETTING_TYPES].sort((a, b) => narrowness(a) - narrowness(b));
function narrowness(s: SettingType): number {
  if (s === 'nm_early_years') return 0;
  if (s.startsWith('neet')) return 1;
  if (s === 'general_fe_tertiary_colleges' || s === 'specialist_post_16_institutions' || s === 'ukrlp_provider') return 2;
  if (s.startsWith('ap_pru_')) return 3;
  if (s === 'elective_home_education' || s === 'other_arrangements_parents') return 4;
  if (s.startsWith('special_')) return 5;
  if (s.startsWith('mainstream_')) return 6;
  if (s === 'placement_unknown') return 9;
  return 7;
}

function baseSetting(s: SettingType): SettingType {
  return s.replace(/_resourced_provision$|_senunit$/, '') as SettingType;
}

type PhaseBucket = 'primary' | 'secondary' | 'post16' | 'any';
function bucketOf(nc: number): PhaseBucket {
  return nc <= 6 ? 'primary' : nc <= 11 ? 'secondary' : 'post16';
}

class EstablishmentPicker {
  private readonly lists = new Map<string, number[]>();
  private readonly schools: readonly Establishment[];
  readonly welsh: number;
  readonly otherTypes: number[];

  constructor(schools: readonly Establishment[]) {
    this.schools = schools;
    schools.forEach((s, i) => {
      if (s.status !== 'Open') return;
      const buckets: PhaseBucket[] =
        s.phase === 'Primary'
          ? ['primary']
          : s.phase === 'Nursery'
            ? ['primary']
            : s.phase === 'Secondary'
              ? s.hasSixthForm
                ? ['secondary', 'post16']
                : ['secondary']
              : s.phase === '16 plus'
                ? ['post16']
                : ['primary', 'secondary', 'post16'];
      for (const b of buckets) {
        for (const flag of ['', s.hasSrp ? 'rp' : null, s.hasUnit ? 'su' : null]) {
          if (flag === null) continue;
          const key = `${s.setting}|${b}|${flag}`;
          const list = this.lists.get(key) ?? [];
          list.push(i);
          this.lists.set(key, list);
        }
      }
    });
    this.welsh = schools.findIndex((s) => s.type === 'Welsh establishment');
    this.otherTypes = schools.map((s, i) => (s.setting === 'other_schools' && s.status === 'Open' ? i : -1)).filter((i) => i >= 0);
  }

  /** An establishment for a setting type (school types only), near home when it can. */
  pick(rng: Rng, setting: SettingType, nc: number, districtIndex: number): number {
    const base = baseSetting(setting);
    const flag = setting.endsWith('_resourced_provision') ? 'rp' : setting.endsWith('_senunit') ? 'su' : '';
    if (base === 'w_settings') return this.welsh;
    if (base === 'other_schools') return rng.pick(this.otherTypes);
    const b = bucketOf(Math.max(nc, 0));
    const list =
      this.lists.get(`${base}|${b}|${flag}`) ??
      this.lists.get(`${base}|primary|${flag}`) ??
      this.lists.get(`${base}|secondary|${flag}`) ??
      this.lists.get(`${base}|post16|${flag}`) ??
      this.lists.get(`${base}|${b}|`);
    if (!list || list.length === 0) throw new Error(`sample: no establishment for ${setting}`);
    const wantArea = districtIndex >= 0 ? DISTRICTS[districtIndex]!.area : null;
    const u = rng.next();
    for (let tries = 0; tries < 12; tries++) {
      const i = rng.pick(list);
      const s = this.schools[i]!;
      if (u < 0.6 && s.districtIndex === districtIndex) return i;
      if (u >= 0.6 && u < 0.85 && wantArea !== null && s.districtIndex >= 0 && DISTRICTS[s.districtIndex]!.area === wantArea) return i;
      if (u >= 0.85) return i;
    }
    return rng.pick(list);
  }

  fits(estab: number, setting: SettingType, nc: number): boolean {
    const s = this.schools[estab];
    if (!s) return false;
    if (s.setting !== baseSetting(setting)) return false;
    if (setting.endsWith('_resourced_provision') && !s.hasSrp) return false;
    if (setting.endsWith('_senunit') && !s.hasUnit) return false;
    const b = bucketOf(Math.max(nc, 0));
    if (s.phase === 'Primary' || s.phase === 'Nursery') return b === 'primary';
    if (s.phase === 'Secondary') return b === 'secondary' || (b === 'post16' && s.hasSixthForm);
    if (s.phase === '16 plus') return b === 'post16';
    return true;
  }
}

// ---------------------------------------------------------------- the model

/** Builds the whole calibrated Kent model (deterministic for the seed). */
export function buildCasesModel(seedRng: Rng, schools: readonly Establishment[]): CasesModel {
  const rng = {
    months: seedRng.fork('request-months'),
    requests: seedRng.fork('requests'),
    decisions: seedRng.fork('decisions'),
    slots: seedRng.fork('slots'),
    matching: seedRng.fork('matching'),
    people: seedRng.fork('people'),
    historical: seedRng.fork('historical'),
    cease: seedRng.fork('cease'),
    settings: seedRng.fork('settings'),
    placements: seedRng.fork('placements'),
    quirks: seedRng.fork('quirks'),
  };
  const kentPrimaries = schools.filter((s) => s.la === 886 && s.phase === 'Primary' && s.estabNo !== null);

  // ---- step 1: requests (received date and area team are final here)
  const cases: CaseRecord[] = [];
  const newCase = (c: Partial<CaseRecord> & Pick<CaseRecord, 'received' | 'area' | 'kind'>): CaseRecord => ({
    requestId: '',
    person: -1,
    source: '',
    outcome: 'A',
    outcomeDate: null,
    assess: null,
    assessDate: null,
    exception: null,
    need: null,
    planStart: null,
    cease: null,
    ceaseReason: null,
    reviewOffset: 0,
    hideFrom: EXTRACT_DAYS.length,
    wrong: null,
    ...c,
  });
  const counts = monthlyRequestCounts(rng.months);
  for (const [mi, byArea] of [...counts.entries()].sort((a, b) => a[0] - b[0])) {
    const [y, m] = monthOfIndex(mi);
    const days = workdays(y, m);
    const month: CaseRecord[] = [];
    byArea.forEach((n, a) => {
      for (let i = 0; i < n; i++) month.push(newCase({ received: rng.requests.pick(days), area: AREA_TEAMS[a] as AreaTeam, kind: 'regular' }));
    });
    if (mi >= monthIndex(2017, 1)) {
      // A few plans transferred in from other authorities each month (counted as received, outcome H).
      const kentAddress = rng.requests.shuffle(month.filter((c) => c.area !== 'Not Kent Address'));
      const transfers = rng.requests.int(6, 12);
      for (const c of kentAddress.slice(0, transfers)) c.kind = 'transfer';
    }
    cases.push(...month);
  }

  // ---- step 2: decisions on regular requests
  const regular = cases.filter((c) => c.kind === 'regular');
  const p6 = (y: number): number => ({ 2016: 0.55, 2017: 0.55, 2018: 0.57, 2019: 0.6, 2020: 0.62, 2021: 0.58, 2022: 0.6, 2023: 0.69, 2024: 0.91 })[y] ?? 0.93;
  const byYear = new Map<number, CaseRecord[]>();
  for (const c of regular) {
    const y = civil(c.received)[0];
    const list = byYear.get(y) ?? [];
    list.push(c);
    byYear.set(y, list);
  }
  for (const [y, list] of [...byYear.entries()].sort((a, b) => a[0] - b[0])) {
    const target = NOT_ASSESSED_BY_YEAR[y];
    const n = target ?? Math.round(list.length * (y >= 2025 ? 0.5 : 0.27));
    const weightOf = (c: CaseRecord): number => (y === 2024 ? (civil(c.received)[1] <= 6 ? 1.25 : 0.8) : 1);
    const refused = new Set(weightedSample(rng.decisions, list, weightOf, n));
    for (const c of list) {
      const quick = rng.decisions.chance(p6(y));
      let decided = c.received + (quick ? rng.decisions.int(18, 42) : rng.decisions.int(43, 110));
      if (refused.has(c)) {
        c.outcome = 'N';
        if (decided > LAST_EXTRACT_DAY) {
          if (target !== undefined) decided = LAST_EXTRACT_DAY;
          else c.outcome = 'A';
        }
      } else if (rng.decisions.chance(0.0035)) {
        c.outcome = 'W';
        decided = c.received + rng.decisions.int(10, 60);
        if (decided > LAST_EXTRACT_DAY) c.outcome = 'A';
      } else {
        c.outcome = decided > LAST_EXTRACT_DAY ? 'A' : 'Y';
      }
      c.outcomeDate = c.outcome === 'A' ? null : decided;
      c.source = rng.decisions.chance(y <= 2019 ? 0.12 : 0.03) ? '' : (['1', '2', '3', '4', '5'][rng.decisions.weighted([45, 45, 5, 3, 2])] as string);
    }
  }

  // ---- step 3: plans issued, matched to assessed requests
  const slots = planSlots(rng.slots).sort((a, b) => a.issue - b.issue || Number(b.within) - Number(a.within));
  // Some assessments end without a plan whatever the backlog (DfE: about 250-400 a year in Kent).
  for (const c of regular) {
    if (c.outcome === 'Y' && c.received + 220 <= LAST_EXTRACT_DAY && rng.matching.chance(0.045)) {
      c.assess = rng.matching.chance(0.85) ? 'N' : 'W';
      c.assessDate = Math.max((c.outcomeDate as number) + 21, c.received + rng.matching.int(100, 200));
    }
  }
  const pool = regular.filter((c) => c.outcome === 'Y' && c.assess === null).sort((a, b) => a.received - b.received);
  const poolDays = pool.map((c) => c.received);
  const free = new FreeIndex(pool.length);
  const lowerBound = (x: number): number => {
    let lo = 0;
    let hi = poolDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((poolDays[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const nearest = (target: number, lo: number, hi: number): number => {
    const t = Math.min(Math.max(target, lo), hi);
    const i = lowerBound(t);
    const a = free.up(i);
    const b = free.down(i - 1);
    const okA = a < pool.length && (poolDays[a] as number) <= hi && (poolDays[a] as number) >= lo;
    const okB = b >= 0 && (poolDays[b] as number) >= lo && (poolDays[b] as number) <= hi;
    if (okA && okB) return (poolDays[a] as number) - t <= t - (poolDays[b] as number) ? a : b;
    return okA ? a : okB ? b : -1;
  };
  // Within-20-week slots of a month go first: their windows are the narrow ones.
  const byMonth = new Map<number, Slot[]>();
  for (const s of slots) {
    const [y, m] = civil(s.issue);
    const key = monthIndex(y, m);
    const list = byMonth.get(key) ?? [];
    list.push(s);
    byMonth.set(key, list);
  }
  for (const key of [...byMonth.keys()].sort((a, b) => a - b)) {
    const monthSlots = byMonth.get(key)!;
    const ordered = [...monthSlots.filter((s) => s.within), ...monthSlots.filter((s) => !s.within)];
    for (const s of ordered) {
      const year = civil(s.issue)[0];
      let idx: number;
      if (s.within) {
        const dur = Math.max(60, 140 - Math.floor(Math.abs(rng.matching.normal()) * 22));
        idx = nearest(s.issue - dur, s.issue - 140, s.issue - 56);
      } else {
        idx = s.long
          ? nearest(s.issue - overDuration(rng.matching, year, true), -Infinity, s.issue - 366)
          : nearest(s.issue - overDuration(rng.matching, year, false), s.issue - 365, s.issue - 141);
      }
      // Where the year's over-a-year count is not published, a longer wait will do.
      if (idx < 0 && !s.within && !s.long && OVER_ONE_YEAR[year] === undefined) idx = nearest(s.issue - 366, -Infinity, s.issue - 141);
      if (idx < 0) throw new Error(`sample calibration: no assessed request left for a plan issued on day ${s.issue}`);
      free.take(idx);
      const c = pool[idx]!;
      c.assess = 'Y';
      c.assessDate = s.issue;
      c.planStart = s.issue;
      c.exception = s.exception ? 1 : 0;
      // The decision to assess comes at least four weeks before the plan.
      if ((c.outcomeDate as number) > s.issue - 28) c.outcomeDate = Math.max(c.received + 7, s.issue - 28);
    }
  }
  for (let i = free.up(0); i < pool.length; i = free.up(i + 1)) {
    const c = pool[i]!;
    if (c.received <= LAST_EXTRACT_DAY - 200) {
      c.assess = rng.matching.chance(0.88) ? 'N' : 'W';
      c.assessDate = Math.min(LAST_EXTRACT_DAY, Math.max((c.outcomeDate as number) + 14, c.received + rng.matching.int(100, 200)));
    } else {
      c.assess = 'A';
    }
  }
  for (const c of cases) if (c.kind === 'transfer') {
    c.outcome = 'H';
    c.assess = 'H';
    c.planStart = c.received;
    c.source = rng.matching.chance(0.5) ? '' : '5';
  }

  // ---- step 4: people
  const persons: Person[] = [];
  const usedPersonIds = new Set<string>();
  const usedUpns = new Set<string>();
  const districtsOf = new Map<AreaTeam, number[]>();
  DISTRICTS.forEach((d, i) => districtsOf.set(d.area, [...(districtsOf.get(d.area) ?? []), i]));
  const makePerson = (r: Rng, dob: number, area: AreaTeam): number => {
    let personId: string;
    do personId = String(r.int(100000, 999999));
    while (usedPersonIds.has(personId));
    usedPersonIds.add(personId);
    const districtIndex = area === 'Not Kent Address' ? -1 : r.pick(districtsOf.get(area)!);
    const [by, bm] = civil(dob);
    const cohort = bm >= 9 ? by + 1 : by;
    const schoolStart = day(cohort + 4, 9, 1);
    let upn: string | null = null;
    if (!r.chance(0.03)) {
      const fromKent = r.chance(0.88);
      const school = r.pick(kentPrimaries);
      do upn = makeUpn(fromKent ? 886 : r.pick([887, 845, 936, 303, 305]), fromKent ? (school.estabNo as number) : r.int(2000, 3999), cohort + 4, r.int(0, 999));
      while (usedUpns.has(upn));
      usedUpns.add(upn);
    }
    persons.push({
      personId,
      upn,
      upnFrom: schoolStart - 200,
      dob,
      sex: r.chance(0.71) ? 'M' : 'F',
      districtIndex,
      surname: r.pick(SURNAMES),
      forename: r.pick(FORENAMES),
      postcode: makePostcode(r, districtIndex >= 0 ? DISTRICTS[districtIndex]!.postcodes : OUT_OF_COUNTY_POSTCODES),
      plans: [],
    });
    return persons.length - 1;
  };
  const requestAge = new WeightedTable(REQUEST_AGE);
  const transferAge = new WeightedTable(TRANSFER_AGE);
  const dobFor = (r: Rng, on: number, age: number): number => on - Math.round(age * 365.25) - r.int(0, 364);
  // People refused an assessment may ask again later; a handful of transfers duplicate a live plan.
  const refusedPool: number[] = [];
  const pending: Array<{ from: number; person: number }> = [];
  const planHolders: Array<{ person: number; start: number }> = [];
  let duplicates = 14;
  const ordered = [...cases].sort((a, b) => a.received - b.received);
  const indexOfCase = new Map(cases.map((c, i) => [c, i]));
  for (const c of ordered) {
    while (pending.length > 0 && (pending[0] as { from: number }).from <= c.received) refusedPool.push(pending.shift()!.person);
    let person = -1;
    if (c.kind === 'transfer' && duplicates > 0 && c.received >= day(2019, 6, 1) && rng.people.chance(0.02)) {
      const holders = planHolders.filter((h) => h.start <= c.received - 180 && persons[h.person]!.plans.length === 1);
      if (holders.length > 0) {
        person = rng.people.pick(holders).person;
        duplicates--;
      }
    } else if (c.kind === 'regular' && refusedPool.length > 0 && rng.people.chance(0.1)) {
      const j = rng.people.int(0, refusedPool.length - 1);
      const candidate = refusedPool[j] as number;
      if (ageOn(persons[candidate]!.dob, c.received) <= 21) {
        person = candidate;
        refusedPool[j] = refusedPool[refusedPool.length - 1] as number;
        refusedPool.pop();
      }
    }
    if (person < 0) {
      const age = c.kind === 'transfer' ? TRANSFER_AGE_FROM + transferAge.pick(rng.people) : REQUEST_AGE_FROM + requestAge.pick(rng.people);
      person = makePerson(rng.people, dobFor(rng.people, c.received, age), c.area);
    }
    c.person = person;
    if (c.planStart !== null) {
      persons[person]!.plans.push(indexOfCase.get(c) as number);
      planHolders.push({ person, start: c.planStart });
      c.need = needFor(rng.people, ageOn(persons[person]!.dob, c.planStart));
    }
    const refusedOn = c.outcome === 'N' || c.outcome === 'W' ? c.outcomeDate : c.assess === 'N' || c.assess === 'W' ? c.assessDate : null;
    if (refusedOn !== null && c.planStart === null) {
      const from = refusedOn + 30;
      let at = pending.length;
      while (at > 0 && (pending[at - 1] as { from: number }).from > from) at--;
      pending.splice(at, 0, { from, person });
    }
  }

  // ---- step 5a: historical plans, enough that January 2019 starts at the DfE total
  const D = CENSUS_DAYS;
  const targetsByK = CASELOAD_YEARS.map((y) => caseloadTargets(y));
  const totalOf = (t: Record<SettingType, number>): number => Object.values(t).reduce((s, x) => s + x, 0);
  const planActive = (c: CaseRecord, on: number): boolean => c.planStart !== null && c.planStart <= on && (c.cease === null || c.cease > on);
  const personActive = (p: number, on: number): boolean => persons[p]!.plans.some((ci) => planActive(cases[ci]!, on));
  const activePersons = (on: number): number[] => {
    const out: number[] = [];
    for (let p = 0; p < persons.length; p++) if (persons[p]!.plans.length > 0 && personActive(p, on)) out.push(p);
    return out;
  };
  const alreadyActive0 = activePersons(D[0]!).length;
  const historicalCeased = 1500;
  const historicalCount = totalOf(targetsByK[0]!) - alreadyActive0 + historicalCeased;
  const histAge = new WeightedTable(HISTORICAL_AGE);
  const areaTable = new WeightedTable(AREA_WEIGHTS);
  const histStart = day(2014, 9, 1);
  const histEnd = day(2016, 12, 31);
  for (let i = 0; i < historicalCount; i++) {
    const r = rng.historical;
    const age = HISTORICAL_AGE_FROM + histAge.pick(r);
    const dob = dobFor(r, D[0]!, age);
    const area = AREA_TEAMS[areaTable.pick(r)] as AreaTeam;
    const person = makePerson(r, dob, area);
    const earliest = Math.max(histStart, dob + 420);
    const start = earliest >= histEnd ? histEnd : r.int(earliest, histEnd);
    const c = newCase({
      received: Math.max(dob + 300, start - r.int(70, 300)),
      area,
      kind: 'historical',
      person,
      outcome: 'H',
      assess: 'H',
      planStart: start,
      need: needFor(r, ageOn(dob, start)),
      source: r.chance(0.7) ? '' : (['1', '2'][r.int(0, 1)] as string),
    });
    cases.push(c);
    persons[person]!.plans.push(cases.length - 1);
  }

  // ---- step 5b: ceased plans, so each census day's active caseload equals the DfE total
  const ceaseWeight = (age: number, k: number): number =>
    k === 0 ? (age >= 22 ? 4 : age >= 19 ? 2 : 1) : age >= 22 ? 40 : age >= 20 ? 14 : age >= 19 ? 5 : age >= 16 ? 1 : 0.5;
  const ceasePerson = (p: number, on: number, reason?: string): void => {
    const age = ageOn(persons[p]!.dob, on);
    const why = reason ?? ceaseReasonFor(rng.cease, age);
    for (const ci of persons[p]!.plans) {
      const c = cases[ci]!;
      if (c.cease === null && (c.planStart as number) < on) {
        c.cease = on;
        c.ceaseReason = why;
      }
    }
  };
  const ceaseDayIn = (p: number, lo: number, hi: number): number => {
    const age = ageOn(persons[p]!.dob, hi);
    if (age >= 18 && rng.cease.chance(0.6)) {
      const y = civil(hi)[0];
      for (const cand of [day(y, 7, 31), day(y - 1, 7, 31), day(y, 8, 31), day(y - 1, 8, 31)]) if (cand >= lo && cand <= hi) return cand;
    }
    return rng.cease.int(lo, hi);
  };
  /** Plans end at 25: the day after the academic year of the 25th birthday, within (lo, hi]. */
  const maxAgeDay = (p: number, lo: number, hi: number): number => {
    const [by, bm] = civil(persons[p]!.dob);
    const endOfYear = day(bm >= 9 ? by + 26 : by + 25, 7, 31);
    return Math.min(hi, Math.max(lo, endOfYear));
  };
  const latestStartOf = (p: number): number => Math.max(...persons[p]!.plans.map((ci) => cases[ci]!.planStart as number));
  const ceaseUntil = (on: number, from: number, excess: number, candidates: number[], k: number): void => {
    const aged = candidates.filter((p) => ageOn(persons[p]!.dob, on) >= 25);
    if (aged.length > excess) throw new Error(`sample calibration: ${aged.length} plans reach 25 but only ${excess} may cease`);
    for (const p of aged) ceasePerson(p, maxAgeDay(p, Math.max(from, latestStartOf(p) + 1), on), '1');
    const agedSet = new Set(aged);
    const rest = candidates.filter((p) => !agedSet.has(p));
    for (const p of weightedSample(rng.cease, rest, (q) => ceaseWeight(ageOn(persons[q]!.dob, on), k), excess - aged.length)) {
      const lo = k === 0 ? Math.max(latestStartOf(p) + 120, day(2015, 6, 1)) : from;
      ceasePerson(p, ceaseDayIn(p, Math.min(lo, on - 1), on));
    }
  };
  for (let k = 0; k < D.length; k++) {
    const active = activePersons(D[k]!);
    const excess = active.length - totalOf(targetsByK[k]!);
    if (excess < 0) throw new Error(`sample calibration: only ${active.length} active plans on census day ${k}, need ${totalOf(targetsByK[k]!)}`);
    const startedBy = k === 0 ? day(2017, 6, 30) : D[k - 1]!;
    const candidates = active.filter((p) =>
      persons[p]!.plans.every((ci) => {
        const c = cases[ci]!;
        return !planActive(c, D[k]!) || ((c.planStart as number) <= startedBy && (k > 0 || c.kind === 'historical'));
      }),
    );
    ceaseUntil(D[k]!, k === 0 ? day(2015, 6, 1) : D[k - 1]! + 1, excess, candidates, k);
  }
  {
    const last = D[D.length - 1]!;
    const active = activePersons(last).filter((p) => persons[p]!.plans.every((ci) => (cases[ci]!.planStart as number) <= last));
    ceaseUntil(LAST_EXTRACT_DAY, last + 1, 260, active, 1);
  }
  for (const c of cases) if (c.planStart !== null) c.reviewOffset = rng.cease.int(-20, 45);

  // ---- step 6: setting types on census days, then placements
  const picker = new EstablishmentPicker(schools);
  const statesByPerson = new Map<number, Array<CensusState | null>>();
  let forcedPlacements = 0;
  const NS = SETTING_TYPES.length;
  const settingIndex = new Map<SettingType, number>(SETTING_TYPES.map((s, i) => [s, i]));
  const narrowOrder = NARROW_FIRST.map((s) => settingIndex.get(s) as number);
  const unknownIndex = settingIndex.get('placement_unknown') as number;
  for (let k = 0; k < D.length; k++) {
    const r = rng.settings;
    const on = D[k]!;
    const targets = SETTING_TYPES.map((s) => targetsByK[k]![s]);
    const act = activePersons(on);
    const n = act.length;
    const ncA = new Int16Array(n);
    const ageA = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      ncA[i] = ncYear(persons[act[i]!]!.dob, on);
      ageA[i] = ageOn(persons[act[i]!]!.dob, on);
    }
    const suit = (si: number, i: number): number => suitOf(si, ncA[i] as number, ageA[i] as number);
    const pref = new Int16Array(n);
    const sticky = new Uint8Array(n);
    const weights = new Float64Array(NS);
    for (let i = 0; i < n; i++) {
      const p = act[i]!;
      const prev = k > 0 ? statesByPerson.get(p)?.[k - 1] : null;
      const nc = ncA[i] as number;
      if (prev) {
        const si = settingIndex.get(prev.setting) as number;
        if (suit(si, i) > 0) {
          const s = prev.setting;
          let keep: boolean;
          if (s === 'placement_unknown') keep = r.chance(0.1);
          else if (s.startsWith('mainstream_') && nc === 12) keep = r.chance(0.35);
          else if (s.startsWith('special_') && (nc === 12 || nc === 14)) keep = r.chance(0.7);
          else if (s.startsWith('neet') || s.startsWith('other_arr') || s === 'elective_home_education' || s === 'other_placement_settings') keep = r.chance(0.6);
          else keep = r.chance(0.95);
          if (keep) {
            pref[i] = si;
            sticky[i] = 1;
            continue;
          }
        }
      }
      const recent = persons[p]!.plans.some((ci) => planActive(cases[ci]!, on) && (cases[ci]!.planStart as number) > on - 150);
      let total = 0;
      for (let si = 0; si < NS; si++) {
        weights[si] = (targets[si] as number) * suit(si, i) * (si === unknownIndex && recent ? 6 : 1);
        total += weights[si] as number;
      }
      if (total <= 0) {
        pref[i] = unknownIndex;
        continue;
      }
      let u = r.next() * total;
      let chosen = NS - 1;
      for (let si = 0; si < NS; si++) {
        u -= weights[si] as number;
        if (u < 0) {
          chosen = si;
          break;
        }
      }
      pref[i] = chosen;
    }
    // Fit exactly: bump the surplus of over-subscribed types (the most flexible first), fill the deficits
    // narrowest type first, then swap leftovers with someone who fits both ways.
    const members: number[][] = Array.from({ length: NS }, () => []);
    for (let i = 0; i < n; i++) members[pref[i] as number]!.push(i);
    const deficit = new Int32Array(NS);
    for (let si = 0; si < NS; si++) deficit[si] = Math.max(0, (targets[si] as number) - members[si]!.length);
    const flex = (i: number): number => {
      let f = 0;
      for (let si = 0; si < NS; si++) if ((deficit[si] as number) > 0) f += (deficit[si] as number) * suit(si, i);
      return f;
    };
    const assigned = new Int16Array(n);
    let unplaced: number[] = [];
    for (let si = 0; si < NS; si++) {
      const list = members[si]!;
      const surplus = list.length - (targets[si] as number);
      if (surplus > 0) {
        const scored = list.map((i) => ({ i, key: (sticky[i] ? 0 : 1e12) + flex(i) + r.next() }));
        scored.sort((a, b) => b.key - a.key);
        const out = new Set(scored.slice(0, surplus).map((x) => x.i));
        unplaced.push(...out);
        members[si] = list.filter((i) => !out.has(i));
      }
      for (const i of members[si]!) assigned[i] = si;
    }
    r.shuffle(unplaced);
    for (const si of narrowOrder) {
      if ((deficit[si] as number) === 0) continue;
      const rest: number[] = [];
      for (const i of unplaced) {
        if ((deficit[si] as number) > 0 && suit(si, i) > 0) {
          assigned[i] = si;
          members[si]!.push(i);
          deficit[si] = (deficit[si] as number) - 1;
        } else rest.push(i);
      }
      unplaced = rest;
    }
    for (const q of unplaced) {
      const s = narrowOrder.find((si) => (deficit[si] as number) > 0) as number;
      deficit[s] = (deficit[s] as number) - 1;
      // Someone placed in a type q fits, who fits s: they move to s and q takes their place.
      let swapped = false;
      for (let s2 = 0; s2 < NS && !swapped; s2++) {
        if (suit(s2, q) <= 0) continue;
        const list = members[s2]!;
        const offset = list.length > 0 ? r.int(0, list.length - 1) : 0;
        for (let j = 0; j < list.length; j++) {
          const x = list[(offset + j) % list.length] as number;
          if (suit(s, x) > 0) {
            list[(offset + j) % list.length] = q;
            assigned[q] = s2;
            assigned[x] = s;
            members[s]!.push(x);
            swapped = true;
            break;
          }
        }
      }
      if (!swapped) {
        assigned[q] = s;
        members[s]!.push(q);
        forcedPlacements++;
      }
    }
    for (let i = 0; i < n; i++) {
      const p = act[i]!;
      const s = SETTING_TYPES[assigned[i] as number] as SettingType;
      const states = statesByPerson.get(p) ?? D.map(() => null);
      statesByPerson.set(p, states);
      const prev = k > 0 ? states[k - 1] : null;
      const nc = ncA[i] as number;
      let estab = -1;
      let strayUrn: string | null = null;
      let viaUkprn = false;
      if (!(s in SEN_SETTING_CODES) && s !== 'placement_unknown') {
        if (prev && prev.setting === s && prev.estab >= 0 && picker.fits(prev.estab, s, nc)) {
          estab = prev.estab;
          strayUrn = prev.strayUrn;
          viaUkprn = prev.viaUkprn;
        } else {
          estab = picker.pick(r, s, nc, persons[p]!.districtIndex);
          if (s === 'other_schools' && r.chance(0.3)) strayUrn = '100999';
          viaUkprn = (s === 'general_fe_tertiary_colleges' || s === 'specialist_post_16_institutions') && r.chance(0.5) && schools[estab]!.ukprn !== null;
        }
      }
      states[k] = { setting: s, estab, strayUrn, viaUkprn };
    }
  }

  const placements = buildPlacements(rng.placements, persons, cases, schools, statesByPerson, picker);
  // A UPN is allocated when a child first goes on a school roll.
  const schoolUrns = new Set(schools.map((s) => s.urn));
  for (const pl of placements) {
    const person = persons[pl.person]!;
    if (pl.urn === null || !schoolUrns.has(pl.urn)) continue;
    if (person.upn === null) {
      const school = rng.people.pick(kentPrimaries);
      let upn: string;
      do upn = makeUpn(886, school.estabNo as number, civil(pl.entry)[0], rng.people.int(0, 999));
      while (usedUpns.has(upn));
      usedUpns.add(upn);
      person.upn = upn;
    }
    if (pl.entry < person.upnFrom) person.upnFrom = pl.entry;
  }

  // ---- step 7: snapshot quirks and identifiers
  cases.sort((a, b) => a.received - b.received || (a.kind === 'historical' ? 0 : 1) - (b.kind === 'historical' ? 0 : 1));
  const caseIndexOf = new Map<CaseRecord, number>();
  cases.forEach((c, i) => {
    c.requestId = String(1000001 + i);
    caseIndexOf.set(c, i);
  });
  for (const p of persons) p.plans = [];
  cases.forEach((c, i) => {
    if (c.planStart !== null) persons[c.person]!.plans.push(i);
  });
  addCaseQuirks(rng.quirks, cases, persons);
  addPlacementQuirks(rng.quirks, placements, schools);
  return { persons, cases, placements, statesByPerson, forcedPlacements };
}

function firstSnapshotOf(d: number): number {
  const j = EXTRACT_DAYS.findIndex((e) => e >= d);
  return j < 0 ? EXTRACT_DAYS.length : j;
}

function buildPlacements(
  rng: Rng,
  persons: readonly Person[],
  cases: readonly CaseRecord[],
  schools: readonly Establishment[],
  statesByPerson: Map<number, Array<CensusState | null>>,
  picker: EstablishmentPicker,
): PlacementRecord[] {
  const D = CENSUS_DAYS;
  const out: PlacementRecord[] = [];
  const add = (p: number, st: CensusState, entry: number, leaving: number | null, rank = 1): PlacementRecord => {
    const code = SEN_SETTING_CODES[st.setting] ?? null;
    const school = st.estab >= 0 ? schools[st.estab]! : null;
    const mainstream = st.setting.startsWith('mainstream_') && st.setting !== 'mainstream_independent';
    const rec: PlacementRecord = {
      placementId: '',
      person: p,
      urn: code ? null : st.strayUrn ?? (st.viaUkprn ? null : school?.urn ?? null),
      ukprn: code ? null : st.viaUkprn ? school?.ukprn ?? null : null,
      senSetting: code,
      entry,
      leaving,
      rank,
      rankBlank: rank === 1 && rng.chance(0.2),
      senUnit: st.setting.endsWith('_senunit') ? '1' : mainstream && rng.chance(0.7) ? '0' : '',
      rp: st.setting.endsWith('_resourced_provision') ? '1' : mainstream && rng.chance(0.7) ? '0' : '',
      firstSnapshot: firstSnapshotOf(entry),
      wrong: null,
    };
    out.push(rec);
    return rec;
  };
  const ceaseAfter = (p: number, on: number): number | null => {
    let end: number | null = null;
    for (const ci of persons[p]!.plans) {
      const c = cases[ci]!;
      if (c.planStart !== null && c.planStart <= on && (c.cease === null || c.cease > on)) {
        if (c.cease === null) return null;
        end = Math.max(end ?? 0, c.cease);
      }
    }
    return end;
  };
  const naturalEntry = (p: number, st: CensusState, on: number, notBefore: number): number => {
    const person = persons[p]!;
    const n = ncYear(person.dob, on);
    const ay = academicYearOf(on);
    let entry: number;
    if (st.setting in SEN_SETTING_CODES) entry = on - rng.int(10, 300);
    else if (st.setting === 'general_fe_tertiary_colleges' || st.setting === 'specialist_post_16_institutions' || st.setting === 'ukrlp_provider') entry = day(ay - (n >= 13 && rng.chance(0.5) ? 1 : 0), 9, 1 + rng.int(0, 6));
    else if (st.setting.startsWith('mainstream_')) {
      const yearsIn = n <= 6 ? Math.max(0, n) : n <= 11 ? n - 7 : n - 12;
      entry = day(ay - yearsIn, 9, 1 + rng.int(0, 6));
      if (n < 0) entry = day(ay, 9, 1 + rng.int(0, 6));
    } else entry = rng.chance(0.6) ? day(ay - rng.int(0, 3), 9, 1 + rng.int(0, 6)) : on - rng.int(30, 900);
    return Math.min(on, Math.max(entry, notBefore, person.dob + 730));
  };
  for (const [p, states] of [...statesByPerson.entries()].sort((a, b) => a[0] - b[0])) {
    let lastEnd = -Infinity;
    let carryEntry: number | null = null;
    let k = 0;
    while (k < D.length) {
      const st = states[k];
      if (!st || st.setting === 'placement_unknown') {
        k++;
        continue;
      }
      const a = k;
      while (k + 1 < D.length) {
        const nx = states[k + 1];
        if (!nx || nx.setting !== st.setting || nx.estab !== st.estab || nx.strayUrn !== st.strayUrn || nx.viaUkprn !== st.viaUkprn) break;
        k++;
      }
      const b = k;
      const prevState = a > 0 ? states[a - 1] : null;
      let entry: number;
      if (prevState && prevState.setting !== 'placement_unknown' && carryEntry !== null) entry = carryEntry;
      else if (prevState) entry = rng.int(D[a - 1]! + 1, D[a]!);
      else entry = naturalEntry(p, st, D[a]!, lastEnd === -Infinity ? -Infinity : lastEnd);
      carryEntry = null;
      let leaving: number | null;
      const next = b + 1 < D.length ? states[b + 1] : null;
      if (next) {
        const n = ncYear(persons[p]!.dob, D[b + 1]!);
        const schoolYearMove = next.setting !== st.setting ? n === 0 || n === 7 || n === 12 || st.setting === 'nm_early_years' || rng.chance(0.4) : true;
        const tau = schoolYearMove ? day(civil(D[b]!)[0], 9, 1) : rng.int(D[b]! + 1, D[b + 1]!);
        leaving = tau;
        if (next.setting !== 'placement_unknown') carryEntry = tau;
      } else if (b === D.length - 1) {
        const end = ceaseAfter(p, D[b]!);
        leaving = end !== null && rng.chance(0.5) ? end : null;
      } else {
        const end = ceaseAfter(p, D[b]!);
        leaving = Math.max(D[b]! + 1, end ?? D[b]! + rng.int(30, 200));
      }
      add(p, st, entry, leaving);
      lastEnd = leaving ?? Infinity;
      k++;
    }
    // Still waiting for a placement on the last census day: many get one before the last extract.
    const last = states[D.length - 1];
    if (last && last.setting === 'placement_unknown' && lastEnd !== Infinity && rng.chance(0.5)) {
      const n = ncYear(persons[p]!.dob, LAST_EXTRACT_DAY);
      const s: SettingType = n >= 12 ? 'general_fe_tertiary_colleges' : n >= 0 ? 'mainstream_academy' : 'nm_early_years';
      const estab = s === 'nm_early_years' ? -1 : picker.pick(rng, s, n, persons[p]!.districtIndex);
      const entry = rng.int(Math.max(D[D.length - 1]! + 1, lastEnd === -Infinity ? 0 : lastEnd), LAST_EXTRACT_DAY);
      add(p, { setting: s, estab, strayUrn: null, viaUkprn: false }, entry, null);
    }
  }
  // People whose plan lies wholly between census days, or began after the last one.
  persons.forEach((person, p) => {
    if (statesByPerson.has(p) || person.plans.length === 0) return;
    const c = cases[person.plans[0]!]!;
    const start = c.planStart as number;
    const n = ncYear(person.dob, start);
    const s: SettingType = n < 0 ? 'nm_early_years' : n >= 12 ? (rng.chance(0.7) ? 'general_fe_tertiary_colleges' : 'specialist_post_16_institutions') : rng.chance(0.7) ? 'mainstream_academy' : 'special_la_maintained';
    const st: CensusState = { setting: s, estab: s === 'nm_early_years' ? -1 : picker.pick(rng, s, n, person.districtIndex), strayUrn: null, viaUkprn: false };
    const entry = Math.min(start, naturalEntry(p, st, start, -Infinity));
    add(p, st, entry, c.cease !== null && rng.chance(0.6) ? c.cease : null);
  });
  // Dual registrations and short extra provision: rank 2 (never counted).
  const prus = schools.map((s, i) => (s.setting === 'ap_pru_la_maintained' ? i : -1)).filter((i) => i >= 0);
  const rankOne = out.filter((pl) => pl.rank === 1 && (pl.urn !== null || pl.ukprn !== null));
  for (const pl of rankOne) {
    if (!rng.chance(0.03)) continue;
    const entry = pl.entry + rng.int(30, 200);
    if (entry > LAST_EXTRACT_DAY || (pl.leaving !== null && entry >= pl.leaving)) continue;
    const kind = rng.int(0, 2);
    const st: CensusState =
      kind === 0
        ? { setting: 'other_placement_settings', estab: -1, strayUrn: null, viaUkprn: false }
        : kind === 1
          ? { setting: 'ap_pru_la_maintained', estab: rng.pick(prus), strayUrn: null, viaUkprn: false }
          : { setting: 'ukrlp_provider', estab: -1, strayUrn: null, viaUkprn: false };
    const rec = add(pl.person, st, entry, entry + rng.int(60, 300), 2);
    if (kind === 2) {
      rec.urn = null;
      rec.ukprn = String(10100000 + rng.int(0, 99999));
    }
  }
  out.sort((a, b) => a.entry - b.entry || a.person - b.person || a.rank - b.rank);
  out.forEach((pl, i) => (pl.placementId = String(20000001 + i)));
  return out;
}

const OTHER_AREA: Record<AreaTeam, AreaTeam[]> = {
  North: ['West', 'East'],
  East: ['South', 'North'],
  South: ['East', 'West'],
  West: ['North', 'South'],
  'Not Kent Address': ['North', 'West'],
};

function addCaseQuirks(rng: Rng, cases: CaseRecord[], persons: readonly Person[]): void {
  const S = EXTRACT_DAYS.length;
  for (const c of cases) {
    const first = firstSnapshotOf(c.received);
    if (first >= S - 1) continue;
    // Records deleted in Synergy after a refusal: gone from later extracts, still in the log.
    if (c.kind === 'regular' && (c.outcome === 'N' || c.outcome === 'W') && c.planStart === null && rng.chance(0.004)) {
      const eligible = EXTRACT_DAYS.map((e, j) => (j > first && e > (c.outcomeDate as number) + 365 ? j : -1)).filter((j) => j >= 0);
      if (eligible.length > 0) {
        c.hideFrom = rng.pick(eligible);
        continue;
      }
    }
    if (!rng.chance(0.012)) continue;
    const until = rng.int(first + 1, S - 1);
    const field = ['AreaTeam', 'DOB', 'PrimaryNeed', 'ReceivedDate', 'Sex', 'RequestSource'][rng.weighted([35, 20, 15, 15, 10, 5])] as string;
    const person = persons[c.person]!;
    if (field === 'AreaTeam') c.wrong = { field, value: rng.pick(OTHER_AREA[c.area]), until };
    else if (field === 'DOB') c.wrong = { field, value: String(person.dob - rng.pick([1, 30, 31, 365])), until };
    else if (field === 'PrimaryNeed' && c.need !== null && c.planStart !== null && c.planStart <= EXTRACT_DAYS[first]!) c.wrong = { field, value: c.need === 'ASD' ? 'SLCN' : 'ASD', until };
    else if (field === 'ReceivedDate') c.wrong = { field, value: String(c.received - rng.int(1, 25)), until };
    else if (field === 'RequestSource' && c.source !== '') c.wrong = { field, value: c.source === '1' ? '2' : '1', until };
    else c.wrong = { field: 'Sex', value: person.sex === 'M' ? 'F' : 'M', until };
  }
}

function addPlacementQuirks(rng: Rng, placements: PlacementRecord[], schools: readonly Establishment[]): void {
  const S = EXTRACT_DAYS.length;
  const bySetting = new Map<string, string[]>();
  for (const s of schools) {
    if (s.status !== 'Open') continue;
    const list = bySetting.get(s.setting) ?? [];
    list.push(s.urn);
    bySetting.set(s.setting, list);
  }
  const settingOfUrn = new Map(schools.map((s) => [s.urn, s.setting]));
  for (const pl of placements) {
    if (pl.firstSnapshot >= S - 1) continue;
    // Entered in Synergy a year late.
    if (rng.chance(0.03)) pl.firstSnapshot++;
    if (pl.firstSnapshot >= S - 1 || !rng.chance(0.01)) continue;
    const until = rng.int(pl.firstSnapshot + 1, S - 1);
    if (pl.urn !== null && pl.urn !== '100999') {
      const same = bySetting.get(settingOfUrn.get(pl.urn) ?? '') ?? [];
      const other = same.find((u) => u !== pl.urn);
      if (other) pl.wrong = { field: 'URN', value: other, until };
    } else {
      pl.wrong = { field: 'EntryDate', value: String(pl.entry + rng.int(1, 20)), until };
    }
  }
}
