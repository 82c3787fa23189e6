// Financial-year quarters: parsing YYYY-YY-QN with errors that say what to
// type, the days and ledger periods each quarter covers.
import { describe, expect, it } from 'vitest';
import { SendwhError, UsageError, exitCodeFor } from '../../../models/index.js';
import { latestQuarterEndingBy, parseQuarter, previousQuarter, quarterContaining } from '../../../transforms/returns/quarter.js';

describe('parseQuarter', () => {
  it('gives each quarter of a financial year its days, last ledger period and months elapsed', () => {
    expect(parseQuarter('2024-25-Q1')).toMatchObject({ id: '2024-25-Q1', financialYear: '2024-25', start: '2024-04-01', end: '2024-06-30', lastPeriod: 3, monthsElapsed: 3 });
    expect(parseQuarter('2024-25-Q2')).toMatchObject({ start: '2024-07-01', end: '2024-09-30', lastPeriod: 6, monthsElapsed: 6 });
    expect(parseQuarter('2024-25-Q3')).toMatchObject({ start: '2024-10-01', end: '2024-12-31', lastPeriod: 9, monthsElapsed: 9, label: 'October to December 2024 (2024-25 Q3)' });
    // Q4 ends in the next calendar year and takes in the year-end adjustment periods 13-16.
    expect(parseQuarter('2024-25-Q4')).toMatchObject({ start: '2025-01-01', end: '2025-03-31', lastPeriod: 16, monthsElapsed: 12 });
    expect(parseQuarter('1999-00-Q4')).toMatchObject({ financialYear: '1999-00', end: '2000-03-31' });
  });

  it.each([
    ['2024-25-Q5', /not a quarter/],
    ['2024-25 Q3', /not a quarter/],
    ['24-25-Q3', /not a quarter/],
    ['2024-2025-Q3', /not a quarter/],
    ['Q3 2024', /not a quarter/],
    ['2024-26-Q3', /financial year 2024-26 does not exist/],
  ])('refuses %s as bad usage (exit 2), explaining the format', (text, message) => {
    let error: unknown;
    try {
      parseQuarter(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as SendwhError).message).toMatch(message);
    expect((error as SendwhError).hint).toMatch(/2024-25-Q3|did you mean/);
    expect(exitCodeFor(error)).toBe(2);
  });

  it('suggests the financial year that was probably meant', () => {
    expect(() => parseQuarter('2024-24-Q2')).toThrow(/2024-24/);
    try {
      parseQuarter('2024-24-Q2');
    } catch (e) {
      expect((e as SendwhError).hint).toBe('did you mean 2024-25-Q2?');
    }
  });

  it('asks for a quarter when none is given', () => {
    expect(() => parseQuarter(undefined)).toThrow(/needs --quarter/);
    expect(() => parseQuarter('  ')).toThrow(/needs --quarter/);
  });
});

describe('quarterContaining and latestQuarterEndingBy', () => {
  it('puts every month in its financial quarter', () => {
    const ids = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => quarterContaining(`2025-${m}-15`).id);
    expect(ids).toEqual(['2024-25-Q4', '2024-25-Q4', '2024-25-Q4', '2025-26-Q1', '2025-26-Q1', '2025-26-Q1', '2025-26-Q2', '2025-26-Q2', '2025-26-Q2', '2025-26-Q3', '2025-26-Q3', '2025-26-Q3']);
  });

  it('takes the quarter that has ended by a date', () => {
    expect(latestQuarterEndingBy('2025-03-31').id).toBe('2024-25-Q4');
    expect(latestQuarterEndingBy('2025-03-30').id).toBe('2024-25-Q3');
    expect(latestQuarterEndingBy('2024-07-01').id).toBe('2024-25-Q1');
    expect(previousQuarter(parseQuarter('2025-26-Q1')).id).toBe('2024-25-Q4');
  });
});
