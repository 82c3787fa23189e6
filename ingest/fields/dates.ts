// Date parsing for extract cells: ISO `YYYY-MM-DD` or the `DD/MM/YYYY` that
// councils' exports often use, real calendar dates only. Hand-rolled on char
// codes because it runs several times per row on multi-million-row files.

/** Reads `len` ASCII digits of `s` from `start` as a number, or -1 when any is not a digit. */
function digits(s: string, start: number, len: number): number {
  let n = 0;
  for (let i = start; i < start + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A real calendar date as `YYYY-MM-DD` (from `YYYY-MM-DD` or `DD/MM/YYYY`), or null. */
export function parseDate(text: string): string | null {
  const s = text.length === 10 ? text : text.trim();
  if (s.length !== 10) return null;
  let y: number;
  let m: number;
  let d: number;
  let iso: string;
  if (s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    y = digits(s, 0, 4);
    m = digits(s, 5, 2);
    d = digits(s, 8, 2);
    iso = s;
  } else if (s.charCodeAt(2) === 47 && s.charCodeAt(5) === 47) {
    d = digits(s, 0, 2);
    m = digits(s, 3, 2);
    y = digits(s, 6, 4);
    iso = `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}`;
  } else {
    return null;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return iso;
}

/** The month (`YYYY-MM`) of an ISO date: dates of birth are kept to the month. */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

const MONTH_OFFSETS = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];

/** Day of the week of an ISO date, 0 = Sunday .. 6 = Saturday (Sakamoto's method: no Date per row). */
export function weekday(isoDate: string): number {
  let y = digits(isoDate, 0, 4);
  const m = digits(isoDate, 5, 2);
  const d = digits(isoDate, 8, 2);
  if (m < 3) y -= 1;
  return (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + MONTH_OFFSETS[m - 1]! + d) % 7;
}

/**
 * Whether an ISO date is a school census day: spring = 3rd Thursday of January,
 * summer = 3rd Thursday of May, autumn = 1st Thursday of October (CONTRACT §1.1).
 */
export function isCensusDay(isoDate: string): boolean {
  const month = isoDate.slice(5, 7);
  const day = digits(isoDate, 8, 2);
  const inWeek = month === '01' || month === '05' ? day >= 15 && day <= 21 : month === '10' ? day >= 1 && day <= 7 : false;
  return inWeek && weekday(isoDate) === 4;
}

/** Whether `YYYY-YY` names a financial year whose two years follow each other (2024-25, not 2024-26). */
export function isFinancialYear(text: string): boolean {
  if (text.length !== 7 || text.charCodeAt(4) !== 45) return false;
  const start = digits(text, 0, 4);
  const end = digits(text, 5, 2);
  return start >= 0 && end >= 0 && (start + 1) % 100 === end;
}

/** Whether text has the `YYYY-YY` shape of a financial year, consecutive or not. */
export function hasFinancialYearShape(text: string): boolean {
  return text.length === 7 && text.charCodeAt(4) === 45 && digits(text, 0, 4) >= 0 && digits(text, 5, 2) >= 0;
}
