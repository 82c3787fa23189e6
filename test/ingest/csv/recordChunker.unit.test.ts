// The record chunker: cutting raw bytes into chunks of whole records must give,
// chunk by chunk, exactly the records and line numbers of parsing the whole
// text, for any text (well-formed or not) and any way the bytes arrive.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvRecord } from '../../../ingest/csv/csvParser.js';
import { parseChunk } from '../../../ingest/csv/csvReader.js';
import { RecordChunker, countLineBreaks, type RecordChunk } from '../../../ingest/csv/recordChunker.js';
import { BadInputError } from '../../../models/errors.js';

function wholeParse(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  new CsvParser('t.csv').push(text, true, out);
  return out;
}

/** Pushes `bytes` in pieces of the given sizes (cycled) and collects every chunk. */
function chunk(bytes: Uint8Array, sizes: number[], max = 1 << 20): RecordChunk[] {
  const chunker = new RecordChunker('t.csv', max);
  const out: RecordChunk[] = [];
  const take = () => {
    for (let c = chunker.next(); c !== undefined; c = chunker.next()) out.push({ bytes: c.bytes.slice(), firstLine: c.firstLine });
  };
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] as number;
    chunker.push(bytes.subarray(at, at + size));
    at += size;
    take();
  }
  chunker.end();
  take();
  return out;
}

function chunkedParse(chunks: RecordChunk[]): CsvRecord[] {
  const out: CsvRecord[] = [];
  for (const c of chunks) parseChunk('t.csv', c, out);
  return out;
}

describe('RecordChunker', () => {
  it('hands out the header alone, then whole records, never cutting a quoted line break or a CRLF', () => {
    const text = '\n\nA,B\r\n1,"x\ny"\r\n2,3\r\n';
    const chunks = chunk(Buffer.from(text), [text.length]);
    expect(chunks.map((c) => [Buffer.from(c.bytes).toString(), c.firstLine])).toEqual([
      ['\n\nA,B\r\n', 1],
      ['1,"x\ny"\r\n2,3\r\n', 4],
    ]);
    const bytewise = chunk(Buffer.from(text), [1]);
    expect(bytewise.map((c) => Buffer.from(c.bytes).toString())).toEqual(['\n\nA,B\r\n', '1,"x\ny"\r\n', '2,3\r\n']);
    expect(chunkedParse(bytewise)).toEqual(wholeParse(text));
  });

  it('reads a quote inside an unquoted field as a literal, as the parser does', () => {
    // 5'10" opens nothing, so the line break after it ends the record.
    const text = 'h1,h2\n5\'10",a\nb,"c\nd"\n';
    const chunks = chunk(Buffer.from(text), [1]);
    expect(chunks.map((c) => c.firstLine)).toEqual([1, 2, 3]);
    expect(chunkedParse(chunks)).toEqual(wholeParse(text));
  });

  it('property: any text, pushed in any pieces, parses chunk by chunk to the records and lines of the whole', () => {
    const unit = fc.constantFrom(',', '"', '""', '\n', '\r', '\r\n', 'a', 'é', ' ', '\uFEFF');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), (units, sizes) => {
        const text = `h,h\n${units.join('')}`;
        let whole: CsvRecord[] | BadInputError;
        try {
          whole = wholeParse(text);
        } catch (error) {
          whole = error as BadInputError;
        }
        const chunks = chunk(Buffer.from(text), sizes);
        expect(Buffer.concat(chunks.map((c) => c.bytes)).toString()).toBe(text);
        let lines = 1;
        for (const c of chunks) {
          expect(c.firstLine).toBe(lines);
          lines += countLineBreaks(c.bytes);
        }
        if (whole instanceof BadInputError) expect(() => chunkedParse(chunks)).toThrow(whole.message);
        else expect(chunkedParse(chunks)).toEqual(whole);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a record longer than the limit instead of holding the rest of the file', () => {
    const quoted = new RecordChunker('t.csv', 100);
    quoted.push(Buffer.from('a,b\n1,2\n3,"'));
    expect(quoted.next()?.firstLine).toBe(1);
    expect(quoted.next()?.firstLine).toBe(2);
    quoted.push(Buffer.from('x\n'.repeat(60)));
    expect(() => quoted.next()).toThrow(
      't.csv: the quoted field starting on line 3 runs on for more than 100 characters without a closing quote',
    );
    const unquoted = new RecordChunker('t.csv', 100);
    unquoted.push(Buffer.from(`a\n${'y'.repeat(101)}`));
    expect(unquoted.next()?.firstLine).toBe(1);
    expect(() => unquoted.next()).toThrow('t.csv: line 2 is longer than 100 characters');
  });

  it('counts LF, CRLF and lone CR as one line break each', () => {
    expect(countLineBreaks(Buffer.from('a\nb\r\nc\rd'))).toBe(3);
    expect(countLineBreaks(Buffer.from('a\r'))).toBe(1);
    expect(countLineBreaks(Buffer.from(''))).toBe(0);
  });
});
