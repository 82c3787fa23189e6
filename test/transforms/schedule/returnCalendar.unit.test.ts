// When the quarterly return runs: the Nth working day after each financial
// quarter end at 07:00 London, across bank holidays, year ends, Easter and the
// change of clocks; and when a scheduler that was off must catch up.
import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from '../../../transforms/schedule/bankHolidays.js';
import {
  latestReturnOccurrence,
  nextReturnOccurrences,
  nthWorkingDayAfter,
  quarterEnding,
  returnOccurrence,
  type ReturnRule,
} from '../../../transforms/schedule/returnCalendar.js';
import { dueReturn } from '../../../transforms/schedule/scheduler.js';
import { emptyState } from '../../../transforms/schedule/scheduleState.js';

const calendar = createHolidayCalendar();
const rule: ReturnRule = { workingDay: 10, time: '07:00', timeZone: 'Europe/London' };

describe('the quarterly return calendar', () => {
  it('names the financial quarter that ends on a date', () => {
    expect(quarterEnding('2024-06-30')).toBe('2024-25-Q1');
    expect(quarterEnding('2024-09-30')).toBe('2024-25-Q2');
    expect(quarterEnding('2024-12-31')).toBe('2024-25-Q3');
    expect(quarterEnding('2025-03-31')).toBe('2024-25-Q4');
    expect(quarterEnding('1999-12-31')).toBe('1999-00-Q3');
    expect(() => quarterEnding('2024-05-31')).toThrow(/not the end of a financial quarter/);
  });

  it('quarter ending 31 Dec 2024: the 10th working day is Wed 15 Jan 2025, 07:00 GMT (1 Jan not counted)', () => {
    const o = returnOccurrence('2024-12-31', rule, calendar);
    expect(o.quarter).toBe('2024-25-Q3');
    expect(o.date).toBe('2025-01-15');
    expect(o.at.toISOString()).toBe('2025-01-15T07:00:00.000Z');
    // Counting starts the day after the quarter end, so 25 and 26 Dec 2024 are already behind it.
    expect(o.skipped.map((h) => h.date)).toEqual(['2025-01-01']);
    expect(o.why).toBe("10th working day after 2024-12-31 (the end of 2024-25 Q3), skipping the bank holiday Wed 1 Jan (New Year's Day)");
  });

  it('counting across Christmas and the year end passes over 25, 26 Dec and 1 Jan', () => {
    const r = nthWorkingDayAfter('2024-12-20', 10, calendar);
    expect(r.date).toBe('2025-01-08');
    expect(r.skipped.map((h) => h.date)).toEqual(['2024-12-25', '2024-12-26', '2025-01-01']);
    // Christmas 2020 on a Friday: Boxing Day (Saturday) is observed on Monday 28.
    expect(nthWorkingDayAfter('2020-12-24', 1, calendar).date).toBe('2020-12-29');
    // 31 Dec 2022 was a Saturday and New Year's Day a Sunday: Monday 2 Jan 2023 is the substitute.
    const y2022 = returnOccurrence('2022-12-31', rule, calendar);
    expect(y2022.date).toBe('2023-01-16');
    expect(y2022.skipped.map((h) => h.date)).toEqual(['2023-01-02']);
  });

  it('Easter: quarter ending 31 Mar 2026 passes over Good Friday and Easter Monday: Thu 16 Apr 2026, 07:00 BST', () => {
    const o = returnOccurrence('2026-03-31', rule, calendar);
    expect(o.quarter).toBe('2025-26-Q4');
    expect(o.date).toBe('2026-04-16');
    expect(o.at.toISOString()).toBe('2026-04-16T06:00:00.000Z');
    expect(o.skipped.map((h) => `${h.date} ${h.name}`)).toEqual(['2026-04-03 Good Friday', '2026-04-06 Easter Monday']);
    // 2024: Good Friday (29 Mar) was before the quarter end, Easter Monday (1 Apr) after it.
    const y2024 = returnOccurrence('2024-03-31', rule, calendar);
    expect(y2024.date).toBe('2024-04-15');
    expect(y2024.skipped.map((h) => h.date)).toEqual(['2024-04-01']);
    // 2025: Easter (20 Apr) came after the run.
    expect(returnOccurrence('2025-03-31', rule, calendar).date).toBe('2025-04-14');
  });

  it('the one-off holidays count: 2022 Q2 and the 2023 coronation', () => {
    expect(nthWorkingDayAfter('2022-09-14', 3, calendar)).toMatchObject({ date: '2022-09-20', skipped: [{ date: '2022-09-19' }] });
    expect(nthWorkingDayAfter('2023-05-05', 1, calendar).date).toBe('2023-05-09');
  });

  it('lists the next runs after a time, in order, and the working day and time are settings', () => {
    const next = nextReturnOccurrences(new Date('2024-12-01T00:00:00Z'), 5, rule, calendar);
    expect(next.map((o) => `${o.quarter} ${o.at.toISOString()}`)).toEqual([
      '2024-25-Q3 2025-01-15T07:00:00.000Z',
      '2024-25-Q4 2025-04-14T06:00:00.000Z',
      '2025-26-Q1 2025-07-14T06:00:00.000Z',
      '2025-26-Q2 2025-10-14T06:00:00.000Z',
      '2025-26-Q3 2026-01-15T07:00:00.000Z',
    ]);
    // Exactly at a run time, that run is not "next".
    expect(nextReturnOccurrences(new Date('2025-01-15T07:00:00Z'), 1, rule, calendar)[0]!.quarter).toBe('2024-25-Q4');
    const other = nextReturnOccurrences(new Date('2024-12-01T00:00:00Z'), 1, { workingDay: 1, time: '18:30', timeZone: 'Europe/London' }, calendar)[0]!;
    expect(other.at.toISOString()).toBe('2025-01-02T18:30:00.000Z');
  });

  it('the latest run at or before a time', () => {
    expect(latestReturnOccurrence(new Date('2025-01-15T07:00:00Z'), rule, calendar).quarter).toBe('2024-25-Q3');
    expect(latestReturnOccurrence(new Date('2025-01-15T06:59:59.999Z'), rule, calendar).quarter).toBe('2024-25-Q2');
    expect(latestReturnOccurrence(new Date('2025-03-01T00:00:00Z'), rule, calendar).quarter).toBe('2024-25-Q3');
  });

  it('a run is due when it is past, not yet run, and after the scheduler began', () => {
    const now = new Date('2025-02-01T12:00:00Z');
    const state = emptyState();
    expect(dueReturn(state, now, rule, calendar)).toBeUndefined(); // never started: nothing to catch up
    state.jobs['quarterly-return'] = { since: '2025-01-20T00:00:00Z' };
    expect(dueReturn(state, now, rule, calendar)).toBeUndefined(); // began after the 15 Jan run
    state.jobs['quarterly-return'] = { since: '2024-11-01T00:00:00Z' };
    // Off from before 14 Oct 2024 until now: only the latest (15 Jan) is caught up.
    expect(dueReturn(state, now, rule, calendar)?.quarter).toBe('2024-25-Q3');
    state.jobs['quarterly-return'] = {
      since: '2024-11-01T00:00:00Z',
      lastRun: { id: 'x', at: '2025-01-15T07:00:01Z', occurrence: '2025-01-15T07:00:00.000Z', outcome: 'failed' },
    };
    expect(dueReturn(state, now, rule, calendar)).toBeUndefined(); // attempted (even if it failed): not repeated
    expect(dueReturn(state, new Date('2025-04-14T06:00:00Z'), rule, calendar)?.quarter).toBe('2024-25-Q4');
  });
});
