// England and Wales bank holidays, computed rather than listed: the eight
// regular ones (with the substitute-day rules for New Year, Christmas and
// Boxing Day, and Easter from the Gregorian computus) plus the one-off changes
// the government announces (an extra day for a jubilee, a bank holiday moved
// to a different date). Pure: dates are ISO 'YYYY-MM-DD' strings, arithmetic
// is on whole days since 1970-01-01 (UTC), so no time zone is involved. Valid
// from 1978, the first year with the early May bank holiday.

/** One bank holiday. */
export interface BankHoliday {
  date: string;
  name: string;
}

/** One-off changes to the regular pattern: extra days, and regular days moved to another date. */
export interface HolidayAdjustments {
  extra: ReadonlyArray<{ date: string; name: string }>;
  moved: ReadonlyArray<{ from: string; to: string; name?: string | undefined }>;
}

/**
 * The one-off changes announced for England and Wales since 1978 (gov.uk). A
 * configuration's own list is added to these, so a new announcement only needs
 * its day added to <home>/schedule.json.
 */
export const KNOWN_ADJUSTMENTS: HolidayAdjustments = {
  extra: [
    { date: '1981-07-29', name: 'Royal Wedding' },
    { date: '1999-12-31', name: 'Millennium bank holiday' },
    { date: '2002-06-03', name: 'Golden Jubilee bank holiday' },
    { date: '2011-04-29', name: 'Royal Wedding' },
    { date: '2012-06-05', name: 'Diamond Jubilee bank holiday' },
    { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
    { date: '2022-09-19', name: 'State Funeral of Queen Elizabeth II' },
    { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
  ],
  moved: [
    { from: '1995-05-01', to: '1995-05-08', name: 'Early May bank holiday (VE day)' },
    { from: '2002-05-27', to: '2002-06-04' },
    { from: '2012-05-28', to: '2012-06-04' },
    { from: '2020-05-04', to: '2020-05-08', name: 'Early May bank holiday (VE day)' },
    { from: '2022-05-30', to: '2022-06-02' },
  ],
};

const DAY_MS = 86_400_000;

/** Whole days since 1970-01-01 of an ISO date. */
export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** The ISO date of a day number. */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 Sunday .. 6 Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

/** Easter Sunday of a year (Gregorian calendar; the anonymous "Meeus/Jones/Butcher" computus). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function ymd(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

function firstMonday(year: number, month: number): number {
  const first = ymd(year, month, 1);
  return first + ((8 - weekday(first)) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = ymd(year, month + 1, 1) - 1;
  return last - ((weekday(last) + 6) % 7);
}

/** The bank holidays of England and Wales in a year, in date order. */
export function bankHolidays(year: number, adjustments: HolidayAdjustments = KNOWN_ADJUSTMENTS): BankHoliday[] {
  const easter = dayNumber(easterSunday(year));
  const days = new Map<number, string>();
  days.set(easter - 2, 'Good Friday');
  days.set(easter + 1, 'Easter Monday');
  days.set(firstMonday(year, 5), 'Early May bank holiday');
  days.set(lastMonday(year, 5), 'Spring bank holiday');
  days.set(lastMonday(year, 8), 'Summer bank holiday');
  // New Year's Day, Christmas Day and Boxing Day: one that falls at a weekend is
  // observed on the next weekday that is not already a bank holiday (so with
  // Christmas on a Saturday: Monday 27 and Tuesday 28 December).
  const fixed: Array<[number, string]> = [
    [ymd(year, 1, 1), "New Year's Day"],
    [ymd(year, 12, 25), 'Christmas Day'],
    [ymd(year, 12, 26), 'Boxing Day'],
  ];
  for (const [day, name] of fixed) if (!isWeekend(day)) days.set(day, name);
  for (const [day, name] of fixed) {
    if (!isWeekend(day)) continue;
    let substitute = day + 1;
    while (isWeekend(substitute) || days.has(substitute)) substitute++;
    days.set(substitute, `${name} (substitute day)`);
  }
  for (const move of adjustments.moved) {
    if (!move.from.startsWith(`${year}-`)) continue;
    const from = dayNumber(move.from);
    const name = days.get(from) ?? 'Bank holiday';
    days.delete(from);
    days.set(dayNumber(move.to), move.name ?? name);
  }
  for (const extra of adjustments.extra) {
    if (extra.date.startsWith(`${year}-`)) days.set(dayNumber(extra.date), extra.name);
  }
  return [...days.entries()].sort((a, b) => a[0] - b[0]).map(([day, name]) => ({ date: isoDate(day), name }));
}

/** Answers "is this day a bank holiday?" for any year, computing each year once. */
export interface HolidayCalendar {
  holiday(day: number): BankHoliday | undefined;
  isWorkingDay(day: number): boolean;
}

/** A calendar of the computed bank holidays plus the known one-off changes and `extra` ones (e.g. from config). */
export function createHolidayCalendar(extra: Partial<HolidayAdjustments> = {}): HolidayCalendar {
  const adjustments: HolidayAdjustments = {
    extra: [...KNOWN_ADJUSTMENTS.extra, ...(extra.extra ?? [])],
    moved: [...KNOWN_ADJUSTMENTS.moved, ...(extra.moved ?? [])],
  };
  const years = new Map<number, Map<number, BankHoliday>>();
  const ofYear = (year: number): Map<number, BankHoliday> => {
    let map = years.get(year);
    if (map === undefined) {
      map = new Map(bankHolidays(year, adjustments).map((h) => [dayNumber(h.date), h]));
      years.set(year, map);
    }
    return map;
  };
  const holiday = (day: number): BankHoliday | undefined => ofYear(Number(isoDate(day).slice(0, 4))).get(day);
  return {
    holiday,
    isWorkingDay: (day) => !isWeekend(day) && holiday(day) === undefined,
  };
}
