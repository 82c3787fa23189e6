import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCensusDay, isFinancialYear, monthOf, parseDate, weekday } from '../../../ingest/fields/dates.js';

describe('parseDate', () => {
  it('reads ISO and DD/MM/YYYY dates as ISO', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('01/12/2023')).toBe('2023-12-01');
    expect(parseDate(' 2025-01-16 ')).toBe('2025-01-16');
  });

  it('refuses dates that are not on the calendar or not in either form', () => {
    for (const text of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '31/06/2024', '2024/01/02', '1/2/2024', '2024-1-02', '20240102', '', 'yesterday', '2024-01-0x', '0000-01-01'])
      expect({ text, date: parseDate(text) }).toEqual({ text, date: null });
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
  });

  it('agrees with the JavaScript calendar on every day of 1890..2110', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1890, max: 2110 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
        expect(parseDate(iso)).toBe(real ? iso : null);
        expect(parseDate(`${iso.slice(8)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`)).toBe(real ? iso : null);
        if (real) expect(weekday(iso)).toBe(new Date(Date.UTC(y, m - 1, d)).getUTCDay());
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts a date of birth to the month', () => {
    expect(monthOf('2014-03-05')).toBe('2014-03');
  });
});

describe('census days', () => {
  it('are the 3rd Thursday of January and May and the 1st Thursday of October', () => {
    expect(['2025-01-16', '2025-05-15', '2024-10-03', '2024-01-18', '2024-05-16', '2023-10-05'].every(isCensusDay)).toBe(true);
    expect(['2025-01-09', '2025-01-23', '2025-01-15', '2025-05-22', '2024-10-10', '2025-03-20', '2024-10-02'].some(isCensusDay)).toBe(false);
  });
});

describe('financial years', () => {
  it('need two consecutive years', () => {
    expect(['2024-25', '1999-00', '2009-10'].every(isFinancialYear)).toBe(true);
    expect(['2024-26', '2024-24', '2024/25', '24-25', '2024-2025', '2024-2x'].some(isFinancialYear)).toBe(false);
  });
});
