import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidUpn, UPN_ALPHABET, upnProblem } from '../../../ingest/fields/upn.js';

describe('UPN check letter (CONTRACT §1.1)', () => {
  it('accepts the contract\'s valid examples', () => {
    for (const upn of ['B801200005001', 'H801200001001', 'G80120000101A', 'A950000178301']) expect({ upn, ok: isValidUpn(upn) }).toEqual({ upn, ok: true });
  });

  it('refuses the contract\'s invalid examples on the check letter', () => {
    expect(upnProblem('A801200005001')).toBe('check-letter');
    expect(upnProblem('R247962919251')).toBe('check-letter');
  });

  it('refuses the wrong shape', () => {
    for (const upn of ['B80120000500', 'B8012000050011', '1801200005001', 'B80120000500I', 'B80120000500S', 'B8012000O5001', 'b801200005001'])
      expect({ upn, problem: upnProblem(upn) }).toEqual({ upn, problem: 'format' });
  });

  it('has exactly one valid check letter for any 12 characters', () => {
    const tail = fc.tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }), fc.constantFrom(...'0123456789', ...UPN_ALPHABET));
    fc.assert(
      fc.property(tail, ([digits, last]) => {
        const rest = `${digits.join('')}${last}`;
        const valid = [...UPN_ALPHABET].filter((letter) => isValidUpn(letter + rest));
        expect(valid).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });
});
