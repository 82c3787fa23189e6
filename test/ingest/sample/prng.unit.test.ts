// The generator's seeded random stream: repeatable, fork-independent, exact apportioning.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng, apportion } from '../../../ingest/sample/prng.js';

describe('sample PRNG', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Rng(2025);
    const b = new Rng(2025);
    const c = new Rng(2026);
    const xs = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(xs);
    expect(new Rng(1).u32()).toBe(new Rng(1).u32());
  });

  it('forks by label, independent of how much the parent has drawn', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    b.u32();
    b.u32();
    expect(a.fork('census').u32()).toBe(b.fork('census').u32());
    expect(a.fork('census').u32()).not.toBe(a.fork('cases').u32());
  });

  it('draws integers in range', () => {
    const r = new Rng(3);
    for (let i = 0; i < 10000; i++) {
      const x = r.int(-2, 5);
      expect(x).toBeGreaterThanOrEqual(-2);
      expect(x).toBeLessThanOrEqual(5);
    }
  });

  it('apportions a total exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 }), (total, weights) => {
        const parts = apportion(total, weights);
        expect(parts.reduce((s, x) => s + x, 0)).toBe(total);
        for (const p of parts) expect(Number.isInteger(p) && p >= 0).toBe(true);
      }),
    );
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
  });
});
