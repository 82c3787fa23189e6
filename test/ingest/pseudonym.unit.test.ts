// Pseudonyms link an identifier however it was written: trimmed and upper-cased
// first (identifiers that are already, the usual case, are not copied again).
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from '../../ingest/pseudonym.js';

const secret = Buffer.alloc(32, 9);
const pseudonymise = createPseudonymiser(secret);
const standard = (text: string) => createHmac('sha256', secret).update(text.trim().toUpperCase()).digest('hex');

describe('createPseudonymiser', () => {
  it('links an identifier written in lower case, with spaces, tabs or line ends around it', () => {
    const expected = standard('A950000178301');
    for (const written of ['A950000178301', 'a950000178301', ' A950000178301', 'A950000178301 ', '\tA950000178301\r\n', ' a95000017830z '.replace('z', '1')]) {
      expect(pseudonymise(written)).toBe(expected);
    }
    expect(pseudonymise('P-1234')).toBe(standard('P-1234'));
  });

  it('property: is the HMAC of the trimmed, upper-cased identifier, for any text (non-ASCII and blanks too)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('ß', 'straße', ' é ', '\u00a0A1\u00a0', 'ﬀ', ''),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(pseudonymise(t)).toBe(standard(t));
      }),
      { numRuns: 3000 },
    );
  });
});
