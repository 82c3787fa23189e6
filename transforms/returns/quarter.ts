// Financial-year quarters, the unit a Safety Valve return is made for:
// 2024-25-Q1 is April to June 2024, Q2 July to September, Q3 October to
// December, Q4 January to March 2025. Pure: parsing, the dates a quarter spans
// and the ledger periods it covers.
import { UsageError } from '../../models/index.js';

/** One financial-year quarter, with the dates and ledger periods it covers. */
export interface Quarter {
  /** YYYY-YY-QN, e.g. 2024-25-Q3. */
  id: string;
  /** The financial year, YYYY-YY. */
  financialYear: string;
  /** The calendar year the financial year starts in (April). */
  startYear: number;
  /** 1..4. */
  number: 1 | 2 | 3 | 4;
  /** First day of the quarter, YYYY-MM-DD. */
  start: string;
  /** Last day of the quarter, YYYY-MM-DD: figures are "as at" this day. */
  end: string;
  /** The last ledger period the quarter covers: 3, 6, 9, or 16 for Q4 (periods 13-16 are year-end adjustments). */
  lastPeriod: number;
  /** Months of the financial year elapsed at the quarter end: 3, 6, 9, 12. */
  monthsElapsed: number;
  /** For people: "October to December 2024 (2024-25 Q3)". */
  label: string;
}

const FORMAT = /^(\d{4})-(\d{2})-Q([1-4])$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Parses YYYY-YY-QN, explaining what is wrong (a UsageError: exit 2). */
export function parseQuarter(text: string | undefined): Quarter {
  const example = 'e.g. --quarter 2024-25-Q3 for October to December 2024 (financial-year quarters: Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March)';
  if (text === undefined || text.trim() === '') throw new UsageError('a return needs --quarter YYYY-YY-QN', example);
  const match = FORMAT.exec(text.trim());
  if (!match) throw new UsageError(`'${text}' is not a quarter: write the financial year and the quarter as YYYY-YY-QN`, example);
  const startYear = Number(match[1]);
  const endYY = Number(match[2]);
  if ((startYear + 1) % 100 !== endYY) {
    const fix = `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}-Q${match[3]}`;
    throw new UsageError(`'${text}': the financial year ${startYear}-${match[2]} does not exist (a financial year runs April to March of the next year)`, `did you mean ${fix}?`);
  }
  if (startYear < 1990 || startYear > 2099) throw new UsageError(`'${text}': the year ${startYear} is out of range (1990-2099)`, example);
  return quarterOf(startYear, Number(match[3]) as 1 | 2 | 3 | 4);
}

/** The quarter of a financial year. */
export function quarterOf(startYear: number, number: 1 | 2 | 3 | 4): Quarter {
  const financialYear = `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
  // First month of the quarter, 0-based, in its calendar year.
  const firstMonth = (3 + (number - 1) * 3) % 12;
  const calendarYear = number === 4 ? startYear + 1 : startYear;
  const start = isoDate(calendarYear, firstMonth, 1);
  const end = isoDate(calendarYear, firstMonth + 2, daysInMonth(calendarYear, firstMonth + 2));
  return {
    id: `${financialYear}-Q${number}`,
    financialYear,
    startYear,
    number,
    start,
    end,
    lastPeriod: number === 4 ? 16 : number * 3,
    monthsElapsed: number * 3,
    label: `${MONTHS[firstMonth]} to ${MONTHS[firstMonth + 2]} ${calendarYear} (${financialYear} Q${number})`,
  };
}

/** The quarter a date (YYYY-MM-DD) falls in. */
export function quarterContaining(date: string): Quarter {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)); // 1..12
  const startYear = month >= 4 ? year : year - 1;
  const number = (Math.floor(((month + 8) % 12) / 3) + 1) as 1 | 2 | 3 | 4;
  return quarterOf(startYear, number);
}

/** The latest quarter that has ended on or before `date` (YYYY-MM-DD). */
export function latestQuarterEndingBy(date: string): Quarter {
  const q = quarterContaining(date);
  if (q.end <= date) return q;
  return previousQuarter(q);
}

export function previousQuarter(q: Quarter): Quarter {
  return q.number === 1 ? quarterOf(q.startYear - 1, 4) : quarterOf(q.startYear, (q.number - 1) as 1 | 2 | 3);
}

/** "31 December 2024" for YYYY-MM-DD. */
export function longDate(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** "December 2024" for YYYY-MM-DD. */
export function monthYear(date: string): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** "Dec 2024" for YYYY-MM-DD. */
export function shortMonth(date: string): string {
  return `${(MONTHS[Number(date.slice(5, 7)) - 1] ?? '').slice(0, 3)} ${date.slice(0, 4)}`;
}

function isoDate(year: number, monthIndex: number, day: number): string {
  return `${year}-${String(monthIndex + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}
