import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../../ingest/fields/amount.js';

describe('parseAmount', () => {
  it('reads the spellings ledgers export as exact two-place decimals', () => {
    const cases: Array<[string, string]> = [
      ['1234.50', '1234.50'],
      ['1,234.50', '1234.50'],
      ['(1234.50)', '-1234.50'],
      ['£1234.50', '1234.50'],
      ['-£12', '-12.00'],
      ['£-12', '-12.00'],
      ['£(12.00)', '-12.00'],
      ['(£12.00)', '-12.00'],
      ['  -1,234,567.5 ', '-1234567.50'],
      ['0', '0.00'],
      ['-0.00', '0.00'],
      ['007.10', '7.10'],
      ['99999999999999999.99', '99999999999999999.99'],
    ];
    for (const [text, amount] of cases) expect({ text, amount: parseAmount(text) }).toEqual({ text, amount });
  });

  it('refuses three decimals, letters, misplaced commas and double signs', () => {
    const bad = ['1.234', '12.', '.5', '12a', 'GBP12', '1,23.00', '12,34', '1,2345', ',123', '--12', '-(12)', '(-12)', '(12', '12)', '£', '', '-', '1 234', '£ 12', '1e3', '+12'];
    for (const text of bad) expect({ text, amount: parseAmount(text) }).toEqual({ text, amount: null });
  });

  it('round-trips any pence amount, with or without grouping, sign style or pound sign', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.boolean(), fc.boolean(), fc.boolean(), (pence, grouped, brackets, pound) => {
        const negative = pence < 0n;
        const abs = negative ? -pence : pence;
        const whole = (abs / 100n).toString();
        const fraction = (abs % 100n).toString().padStart(2, '0');
        const digits = grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
        const body = `${pound ? '£' : ''}${digits}.${fraction}`;
        const text = !negative ? body : brackets ? `(${body})` : `-${body}`;
        expect(parseAmount(text)).toBe(`${negative ? '-' : ''}${whole}.${fraction}`);
      }),
      { numRuns: 1000 },
    );
  });
});
