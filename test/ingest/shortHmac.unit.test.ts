// The pseudonyms' HMAC-SHA-256 must be exactly node:crypto's, for every key and
// message: short ASCII messages take the two-compression path, the rest fall
// back; the RFC 4231 vectors pin it to the standard.
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from '../../ingest/shortHmac.js';

describe('hmacSha256Hex', () => {
  it('gives the RFC 4231 test vectors (cases 1 and 2)', () => {
    expect(hmacSha256Hex(Buffer.alloc(20, 0x0b))('Hi There')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(hmacSha256Hex(Buffer.from('Jefe'))('what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('property: equals createHmac for any key and message, around the one-block limit and beyond ASCII', () => {
    const message = fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 70 }),
      fc.string({ unit: 'binary', maxLength: 70 }),
      fc.integer({ min: 0, max: 130 }).map((n) => 'A'.repeat(n)),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 100 }), message, (key, text) => {
        const k = Buffer.from(key);
        expect(hmacSha256Hex(k)(text)).toBe(createHmac('sha256', k).update(text).digest('hex'));
      }),
      { numRuns: 3000 },
    );
  });

  it('equals createHmac on 20,000 UPN-shaped identifiers with one 32-byte secret, as the ingest uses it', () => {
    const secret = randomBytes(32);
    const hmac = hmacSha256Hex(secret);
    for (let i = 0; i < 20_000; i++) {
      const upn = `${'ABCDEFGHJKLMNPQRTUVWXYZ'[i % 23]}${String(801200000000 + i * 7919).slice(-12)}`;
      expect(hmac(upn)).toBe(createHmac('sha256', secret).update(upn).digest('hex'));
    }
  });
});
