// Calendar arithmetic on whole days (days since 1970-01-01, UTC) for the sample
// generator: no Date objects on hot paths and no clock, so output never depends
// on the machine's time zone or the time of the run.

/** Days since 1970-01-01 of a civil date (month 1..12). */
export function day(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date [year, month 1..12, day] of a day number. */
export function civil(n: number): [number, number, number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = (x: number): string => (x < 10 ? `0${x}` : `${x}`);

// Formatted dates repeat endlessly in the extracts (birth dates, census days): cache them by day number.
const CACHE_FROM = day(1980, 1, 1);
const CACHE_SIZE = 60 * 366;
const ISO_CACHE: Array<string | undefined> = new Array(CACHE_SIZE);
const DMY_CACHE: Array<string | undefined> = new Array(CACHE_SIZE);

/** YYYY-MM-DD. */
export function iso(n: number): string {
  const i = n - CACHE_FROM;
  const hit = i >= 0 && i < CACHE_SIZE ? ISO_CACHE[i] : undefined;
  if (hit !== undefined) return hit;
  const [y, m, d] = civil(n);
  const s = `${y}-${pad2(m)}-${pad2(d)}`;
  if (i >= 0 && i < CACHE_SIZE) ISO_CACHE[i] = s;
  return s;
}

/** DD/MM/YYYY, as councils' spreadsheet exports write dates. */
export function dmy(n: number): string {
  const i = n - CACHE_FROM;
  const hit = i >= 0 && i < CACHE_SIZE ? DMY_CACHE[i] : undefined;
  if (hit !== undefined) return hit;
  const [y, m, d] = civil(n);
  const s = `${pad2(d)}/${pad2(m)}/${y}`;
  if (i >= 0 && i < CACHE_SIZE) DMY_CACHE[i] = s;
  return s;
}

/** 0 = Sunday .. 6 = Saturday. */
export function weekday(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** Month index counted from January 2000 (0), handy for monthly loops. */
export function monthIndex(y: number, m: number): number {
  return (y - 2000) * 12 + (m - 1);
}

export function monthOfIndex(i: number): [number, number] {
  return [2000 + Math.floor(i / 12), (i % 12) + 1];
}

export function daysInMonth(y: number, m: number): number {
  return m === 12 ? 31 : day(y, m + 1, 1) - day(y, m, 1);
}

/** The spring census day: the third Thursday of January. */
export function springCensusDay(y: number): number {
  const jan1 = day(y, 1, 1);
  const firstThursday = jan1 + ((4 - weekday(jan1) + 7) % 7);
  return firstThursday + 14;
}

/** Financial year label (April to March), e.g. 2024-25. */
export function financialYearOf(n: number): string {
  const [y, m] = civil(n);
  const start = m >= 4 ? y : y - 1;
  return `${start}-${pad2((start + 1) % 100)}`;
}

/** The start year of the academic year (September to August) a day falls in. */
export function academicYearOf(n: number): number {
  const [y, m] = civil(n);
  return m >= 9 ? y : y - 1;
}

/**
 * National Curriculum year on a day for a date of birth (children born
 * September to August form one cohort): 0 = Reception, -1 = N2, -2 = N1.
 */
export function ncYear(dob: number, on: number): number {
  const [by, bm] = civil(dob);
  const cohort = bm >= 9 ? by + 1 : by;
  return academicYearOf(on) - cohort - 4;
}

/** Completed years on a day, counting from the first day of the birth month (CONTRACT §2). */
export function ageOn(dob: number, on: number): number {
  const [by, bm] = civil(dob);
  const [y, m] = civil(on);
  return y - by - (m < bm ? 1 : 0);
}

/** The census NCyearActual code for a curriculum year. */
export function ncCode(nc: number): string {
  if (nc === -2) return 'N1';
  if (nc === -1) return 'N2';
  if (nc === 0) return 'R';
  if (nc >= 1 && nc <= 14) return String(nc);
  return 'X';
}
