// Day arithmetic of the sample generator: census days, NC years, ages, formats.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, civil, day, dmy, financialYearOf, iso, ncCode, ncYear, springCensusDay } from '../../../ingest/sample/dates.js';

describe('sample dates', () => {
  it('finds the spring census day, the third Thursday of January', () => {
    expect([2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => iso(springCensusDay(y)))).toEqual([
      '2019-01-17', '2020-01-16', '2021-01-21', '2022-01-20', '2023-01-19', '2024-01-18', '2025-01-16',
    ]);
  });

  it('round-trips civil dates and agrees with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 40000 }), (n) => {
        const [y, m, d] = civil(n);
        expect(day(y, m, d)).toBe(n);
        expect(Date.UTC(y, m - 1, d) / 86400000).toBe(n);
      }),
    );
  });

  it('formats both ways', () => {
    const n = day(2025, 1, 16);
    expect(iso(n)).toBe('2025-01-16');
    expect(dmy(n)).toBe('16/01/2025');
    expect(iso(day(1975, 12, 31))).toBe('1975-12-31');
  });

  it('puts children in the right year group and age', () => {
    const census = springCensusDay(2025);
    expect(ncCode(ncYear(day(2020, 1, 10), census))).toBe('R');
    expect(ncCode(ncYear(day(2019, 9, 1), census))).toBe('R');
    expect(ncCode(ncYear(day(2019, 8, 31), census))).toBe('1');
    expect(ncCode(ncYear(day(2008, 10, 1), census))).toBe('11');
    expect(ncCode(ncYear(day(2007, 10, 1), census))).toBe('12');
    expect(ncCode(ncYear(day(2021, 12, 1), census))).toBe('N1');
    expect(ncCode(ncYear(day(2000, 1, 1), census))).toBe('X');
    expect(ageOn(day(2010, 1, 31), census)).toBe(15);
    expect(ageOn(day(2010, 2, 1), census)).toBe(14);
    expect(financialYearOf(day(2025, 3, 31))).toBe('2024-25');
    expect(financialYearOf(day(2025, 4, 1))).toBe('2025-26');
  });
});
