// The pure RFC 4180 parser: records, physical line numbers and refusals, fed in any chunking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvRecord } from '../../../ingest/csv/csvParser.js';
import { BadInputError } from '../../../models/errors.js';

/** Parses `text` fed in pieces of `size` characters, taking at most `max` records per parse call. */
function parse(text: string, size = text.length || 1, max = Infinity): CsvRecord[] {
  const parser = new CsvParser('t.csv');
  const out: CsvRecord[] = [];
  const drain = (): void => {
    while (parser.parse(out, max)) {
      /* keep taking */
    }
  };
  for (let i = 0; i < text.length; i += size) {
    parser.feed(text.slice(i, i + size));
    drain();
  }
  parser.end();
  drain();
  return out;
}

function refusal(text: string, size?: number): BadInputError {
  try {
    parse(text, size);
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error('expected the text to be refused');
}

describe('CsvParser', () => {
  it('splits LF, CRLF and lone-CR lines, with or without a final line break', () => {
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ];
    expect(parse('a,b\n1,2\n3,4\n')).toEqual(expected);
    expect(parse('a,b\r\n1,2\r\n3,4')).toEqual(expected);
    expect(parse('a,b\r1,2\r3,4\r')).toEqual(expected);
    expect(parse('a,b\n1,2\r\n3,4\r')).toEqual(expected);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parse('a,,c,\n,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c', ''] },
      { line: 2, fields: ['', ''] },
    ]);
  });

  it('skips completely blank lines but counts them as physical lines', () => {
    expect(parse('\n\na,b\n\n\r\n1,2\r\r3,4\n\n')).toEqual([
      { line: 3, fields: ['a', 'b'] },
      { line: 6, fields: ['1', '2'] },
      { line: 8, fields: ['3', '4'] },
    ]);
  });

  it('reads quoted commas, "" escapes and empty quoted fields', () => {
    expect(parse('name,n\n"Bournemouth, Christchurch and Poole",1\n"say ""hi""","",x\n""\n')).toEqual([
      { line: 1, fields: ['name', 'n'] },
      { line: 2, fields: ['Bournemouth, Christchurch and Poole', '1'] },
      { line: 3, fields: ['say "hi"', '', 'x'] },
      { line: 4, fields: [''] },
    ]);
  });

  it('numbers records by the physical line they start on when quoted fields hold line breaks', () => {
    const text = 'a,b\n"one\ntwo",x\n"three\r\nfour\rfive",y\nz,"six\n\nseven"\nlast,1\n';
    expect(parse(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['one\ntwo', 'x'] },
      { line: 4, fields: ['three\r\nfour\rfive', 'y'] },
      { line: 7, fields: ['z', 'six\n\nseven'] },
      { line: 10, fields: ['last', '1'] },
    ]);
  });

  it('keeps quotes inside an unquoted field and text after a closing quote as written', () => {
    expect(parse('5\'10",ok\n"a"b,c\n')).toEqual([
      { line: 1, fields: ['5\'10"', 'ok'] },
      { line: 2, fields: ['ab', 'c'] },
    ]);
  });

  it('gives the same records for every chunk size and every record limit', () => {
    const text = '\uFEFFh1,h2\r\n"a,""b""\r\nc",d\r\n\r\ne,"f"\rg,h\n"",\n"x"\r\n';
    const whole = parse(text);
    expect(whole).toHaveLength(6);
    for (let size = 1; size <= text.length; size++) {
      for (const max of [1, 2, 3, Infinity]) expect(parse(text, size, max)).toEqual(whole);
    }
  });

  it('refuses a quote left open at the end, naming the line it opened on', () => {
    const error = refusal('a,b\n1,2\n3,"four\nfive\n');
    expect(error.code).toBe('unterminated-quote');
    expect(error.message).toBe('t.csv: the quoted field starting on line 3 is never closed');
    expect(error.hint).toContain('""');
    expect(refusal('a\n"x""', 2).code).toBe('unterminated-quote');
  });

  it('refuses a record longer than the limit instead of holding the rest of the file', () => {
    const parser = new CsvParser('t.csv', 100);
    const out: CsvRecord[] = [];
    parser.feed('a,b\n1,"');
    parser.parse(out, Infinity);
    parser.feed('x'.repeat(200));
    expect(() => parser.parse(out, Infinity)).toThrow(
      't.csv: the quoted field starting on line 2 runs on for more than 100 characters without a closing quote',
    );
    const unquoted = new CsvParser('t.csv', 100);
    unquoted.feed('y'.repeat(101));
    expect(() => unquoted.parse([], Infinity)).toThrow('t.csv: line 1 is longer than 100 characters');
  });

  it('parses back any table written with RFC 4180 quoting, in any chunking', () => {
    const cell = fc.string({
      unit: fc.oneof(fc.constantFrom(',', '"', '\n', '\r', ' ', 'é'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })),
      maxLength: 6,
    });
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), (rows, eol, trailing, size, max) => {
        const lines = rows.map((row) =>
          row.length === 1 && row[0] === '' ? '""' : row.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','),
        );
        const text = lines.join(eol) + (trailing ? eol : '');
        const records = parse(text, size, max);
        expect(records.map((r) => r.fields)).toEqual(rows);
        // Each record starts one line after the previous one's last line break.
        let line = 1;
        rows.forEach((row, i) => {
          expect(records[i]?.line).toBe(line);
          line += 1 + row.reduce((k, c) => k + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
        });
      }),
      { numRuns: 500 },
    );
  });
});
