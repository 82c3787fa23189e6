// When the quarterly Safety Valve return is due: at a set time (07:00 London by
// default) on the Nth working day (10th by default) after the end of each
// financial quarter (30 Jun, 30 Sep, 31 Dec, 31 Mar), counting neither weekends
// nor England and Wales bank holidays. Pure: the calendar is passed in.
import { dayNumber, isoDate, isWeekend, type BankHoliday, type HolidayCalendar } from './bankHolidays.js';
import { formatDay, zonedInstant } from './zonedTime.js';

/** How the return's run time is set. */
export interface ReturnRule {
  /** Which working day after the quarter end (1 = the first working day after it). */
  workingDay: number;
  /** 'HH:MM' on that day, wall-clock time in `timeZone`. */
  time: string;
  timeZone: string;
}

/** One scheduled run of the return. */
export interface ReturnOccurrence {
  /** The quarter that has just ended, as `sendwh return --quarter` takes it: '2024-25-Q3'. */
  quarter: string;
  quarterEnd: string;
  /** The local date of the run. */
  date: string;
  at: Date;
  /** Bank holidays (after the quarter end, up to the run date) that were not counted. */
  skipped: BankHoliday[];
  /** Plain English: "10th working day after 2024-12-31 (the end of 2024-25 Q3), skipping the bank holiday Wed 1 Jan". */
  why: string;
}

/** The financial quarter ending on a quarter-end date: 2024-12-31 -> '2024-25-Q3'. */
export function quarterEnding(quarterEnd: string): string {
  const year = Number(quarterEnd.slice(0, 4));
  const month = Number(quarterEnd.slice(5, 7));
  const q = month === 6 ? 1 : month === 9 ? 2 : month === 12 ? 3 : month === 3 ? 4 : 0;
  if (q === 0) throw new Error(`${quarterEnd} is not the end of a financial quarter`);
  const start = q === 4 ? year - 1 : year;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}-Q${q}`;
}

/** The quarter-end dates of a calendar year, in order. */
function quarterEndsOf(year: number): string[] {
  return [`${year}-03-31`, `${year}-06-30`, `${year}-09-30`, `${year}-12-31`];
}

/** The Nth working day after `date` (not counting `date` itself), and the bank holidays passed over. */
export function nthWorkingDayAfter(date: string, n: number, calendar: HolidayCalendar): { date: string; skipped: BankHoliday[] } {
  if (!Number.isInteger(n) || n < 1) throw new Error(`the working day must be a whole number from 1, not ${n}`);
  let day = dayNumber(date);
  const skipped: BankHoliday[] = [];
  for (let counted = 0; counted < n; ) {
    day++;
    const holiday = calendar.holiday(day);
    if (holiday !== undefined) {
      if (!isWeekend(day)) skipped.push(holiday);
      continue;
    }
    if (!isWeekend(day)) counted++;
  }
  return { date: isoDate(day), skipped };
}

/** The run for the quarter ending on `quarterEnd`. */
export function returnOccurrence(quarterEnd: string, rule: ReturnRule, calendar: HolidayCalendar): ReturnOccurrence {
  const quarter = quarterEnding(quarterEnd);
  const { date, skipped } = nthWorkingDayAfter(quarterEnd, rule.workingDay, calendar);
  const at = zonedInstant(date, rule.time, rule.timeZone);
  const holidays =
    skipped.length === 0
      ? 'no bank holidays in between'
      : `skipping the bank holiday${skipped.length > 1 ? 's' : ''} ${listing(skipped.map((h) => `${formatDay(h.date, { year: false })} (${h.name})`))}`;
  const why = `${ordinal(rule.workingDay)} working day after ${quarterEnd} (the end of ${quarter.replace(/-Q/, ' Q')}), ${holidays}`;
  return { quarter, quarterEnd, date, at, skipped, why };
}

/** The next `count` runs strictly after `after`. */
export function nextReturnOccurrences(after: Date, count: number, rule: ReturnRule, calendar: HolidayCalendar): ReturnOccurrence[] {
  const out: ReturnOccurrence[] = [];
  // A run is at most a few weeks after its quarter end: start from the year before.
  for (let year = new Date(after.getTime()).getUTCFullYear() - 1; out.length < count; year++) {
    for (const end of quarterEndsOf(year)) {
      const o = returnOccurrence(end, rule, calendar);
      if (o.at.getTime() > after.getTime() && out.length < count) out.push(o);
    }
  }
  return out;
}

/** The latest run at or before `atOrBefore` (the one a scheduler that was off would catch up). */
export function latestReturnOccurrence(atOrBefore: Date, rule: ReturnRule, calendar: HolidayCalendar): ReturnOccurrence {
  let latest: ReturnOccurrence | undefined;
  const year = atOrBefore.getUTCFullYear();
  for (const y of [year - 1, year, year + 1]) {
    for (const end of quarterEndsOf(y)) {
      const o = returnOccurrence(end, rule, calendar);
      if (o.at.getTime() <= atOrBefore.getTime()) latest = o;
    }
  }
  if (latest === undefined) throw new Error('no quarterly return before this date');
  return latest;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function listing(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
