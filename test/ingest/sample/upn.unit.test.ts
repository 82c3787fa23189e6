// UPN check letters (CONTRACT §1.1): the contract's own examples, and every UPN the generator makes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidUpn, makeTemporaryUpn, makeUpn, upnCheckLetter } from '../../../ingest/sample/upn.js';

describe('UPN check letter', () => {
  it('accepts the contract examples', () => {
    for (const upn of ['B801200005001', 'H801200001001', 'G80120000101A', 'A950000178301']) expect(isValidUpn(upn)).toBe(true);
  });

  it('rejects the contract counter-examples', () => {
    expect(isValidUpn('A801200005001')).toBe(false);
    expect(isValidUpn('R247962919251')).toBe(false);
  });

  it('computes the letter from positions 2..13', () => {
    expect(upnCheckLetter('801200005001')).toBe('B');
    expect(upnCheckLetter('80120000101A')).toBe('G');
  });

  it('makes valid permanent and temporary UPNs, and a changed letter is caught', () => {
    fc.assert(
      fc.property(fc.integer({ min: 201, max: 938 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 22 }), (la, estab, year, serial, letter) => {
          const upn = makeUpn(la, estab, year, serial);
          expect(upn).toHaveLength(13);
          expect(isValidUpn(upn)).toBe(true);
          expect(isValidUpn((upn[0] === 'A' ? 'B' : 'A') + upn.slice(1))).toBe(false);
          const temp = makeTemporaryUpn(la, estab, year, serial, letter);
          expect(temp).toMatch(/^[A-Z]\d{11}[A-Z]$/);
          expect(isValidUpn(temp)).toBe(true);
        }),
    );
  });
});
