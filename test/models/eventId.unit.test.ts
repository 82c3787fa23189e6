// The canonical form events are identified by: stable bytes for the same
// content, whatever the key order, and the spelt-out id input equal to the
// canonical JSON of the envelope array it stands for.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, eventIdInput } from '../../models/index.js';

const jsonValue = fc.jsonValue();
const text = fc.string({ unit: 'binary' });

describe('canonicalJson', () => {
  it('sorts object keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: null, y: 'x' }], c: undefined } })).toBe('{"a":{"d":[2,{"y":"x","z":null}]},"b":1}');
  });

  it('is JSON that parses back to the same value, and is idempotent through a parse', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const once = canonicalJson(value);
        expect(JSON.parse(once)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(once))).toBe(once);
      }),
    );
  });

  it('gives the bytes of a plain sort-every-key serialiser, for objects of one shape in any key order and after other shapes', () => {
    // The plain form the shape cache must not change: sort the keys of each object, skip undefined members.
    const plain = (value: unknown): string => {
      if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
      if (Array.isArray(value)) return `[${value.map(plain).join(',')}]`;
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .filter((k) => record[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${plain(record[k])}`);
      return `{${members.join(',')}}`;
    };
    const reversed = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).reverse());
    fc.assert(
      fc.property(fc.array(fc.dictionary(text, jsonValue), { maxLength: 30 }), (objects) => {
        for (const value of objects) {
          expect(canonicalJson(value)).toBe(plain(value));
          expect(canonicalJson(reversed(value))).toBe(plain(value));
        }
      }),
    );
  });
});

describe('eventIdInput', () => {
  it('spells out exactly the canonical JSON of [type, v, source, key, asAt, file, sha256, line, data]', () => {
    fc.assert(
      fc.property(text, fc.nat(), text, text, fc.option(text, { nil: null }), text, text, fc.nat(), fc.dictionary(text, jsonValue), (type, v, source, key, asAt, file, sha256, line, data) => {
        const event = { type, v, source, key, asAt, file, sha256, line, data } as never;
        const expected = canonicalJson([type, v, source, key, asAt, file, sha256, line, data]);
        expect(eventIdInput(event)).toBe(expected);
        expect(eventIdInput(event, canonicalJson(data))).toBe(expected);
      }),
    );
  });
});
