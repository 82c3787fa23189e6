// The computed England and Wales bank holidays against the dates gov.uk
// published for 2019-2027 (https://www.gov.uk/bank-holidays), the computus
// against known Easter Sundays, and the one-off changes from configuration.
import { describe, expect, it } from 'vitest';
import { bankHolidays, createHolidayCalendar, dayNumber, easterSunday, KNOWN_ADJUSTMENTS } from '../../../transforms/schedule/bankHolidays.js';

// gov.uk, England and Wales.
const GOV_UK: Record<number, string[]> = {
  2019: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
  2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
  2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
  2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
  2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
};

describe('England and Wales bank holidays', () => {
  for (const [year, days] of Object.entries(GOV_UK)) {
    it(`${year}: exactly the days gov.uk published`, () => {
      expect(bankHolidays(Number(year)).map((h) => h.date)).toEqual(days.map((d) => `${year}-${d}`));
    });
  }

  it('names substitute days and the one-off days', () => {
    const y2022 = bankHolidays(2022);
    expect(y2022.find((h) => h.date === '2022-01-03')?.name).toBe("New Year's Day (substitute day)");
    expect(y2022.find((h) => h.date === '2022-12-27')?.name).toBe('Christmas Day (substitute day)');
    expect(y2022.find((h) => h.date === '2022-06-02')?.name).toBe('Spring bank holiday');
    expect(y2022.find((h) => h.date === '2022-09-19')?.name).toBe('State Funeral of Queen Elizabeth II');
    expect(bankHolidays(2020).find((h) => h.date === '2020-05-08')?.name).toBe('Early May bank holiday (VE day)');
    expect(bankHolidays(2021).find((h) => h.date === '2021-12-28')?.name).toBe('Boxing Day (substitute day)');
  });

  it('without the one-off changes, 2020 and 2022 follow the regular pattern', () => {
    const plain = { extra: [], moved: [] };
    expect(bankHolidays(2020, plain).map((h) => h.date)).toContain('2020-05-04');
    expect(bankHolidays(2020, plain).map((h) => h.date)).not.toContain('2020-05-08');
    expect(bankHolidays(2022, plain).map((h) => h.date)).toEqual([
      '2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-05-30', '2022-08-29', '2022-12-26', '2022-12-27',
    ]);
  });

  it('computes Easter Sunday (Gregorian) for known years', () => {
    const known: Record<number, string> = {
      1978: '1978-03-26', 1981: '1981-04-19', 2000: '2000-04-23', 2008: '2008-03-23', 2011: '2011-04-24',
      2019: '2019-04-21', 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2038: '2038-04-25', 2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year))).toBe(date);
  });

  it('a calendar adds configured extra and moved days to the known ones', () => {
    const calendar = createHolidayCalendar({
      extra: [{ date: '2028-06-05', name: 'A future jubilee' }],
      moved: [{ from: '2028-05-29', to: '2028-06-06' }],
    });
    expect(calendar.holiday(dayNumber('2028-06-05'))?.name).toBe('A future jubilee');
    expect(calendar.holiday(dayNumber('2028-06-06'))?.name).toBe('Spring bank holiday');
    expect(calendar.holiday(dayNumber('2028-05-29'))).toBeUndefined();
    expect(calendar.isWorkingDay(dayNumber('2028-05-29'))).toBe(true);
    // The known ones are still there.
    expect(calendar.holiday(dayNumber('2023-05-08'))?.name).toMatch(/coronation/);
    expect(KNOWN_ADJUSTMENTS.extra.map((e) => e.date)).toEqual(expect.arrayContaining(['2022-06-03', '2022-09-19', '2023-05-08']));
    // Weekends are not working days; an ordinary Tuesday is.
    expect(calendar.isWorkingDay(dayNumber('2025-01-04'))).toBe(false);
    expect(calendar.isWorkingDay(dayNumber('2025-01-05'))).toBe(false);
    expect(calendar.isWorkingDay(dayNumber('2025-01-07'))).toBe(true);
  });
});
