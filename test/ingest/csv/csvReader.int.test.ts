// The streaming CSV reader on real files in a temp dir: decoding, chunk
// boundaries, batches, the file hash and every refusal of a whole file.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv, readCsvStream, type CsvReadOptions, type CsvRecord } from '../../../ingest/csv/csvReader.js';
import { BadInputError } from '../../../models/errors.js';

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sendwh-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: string | Uint8Array): Promise<string> {
  const path = join(dir, `f${++counter}.csv`);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, options: CsvReadOptions = {}) {
  const csv = await readCsv(path, options);
  const batches: CsvRecord[][] = [];
  for await (const batch of csv.batches()) batches.push(batch);
  return { header: csv.header, headerLine: csv.headerLine, records: batches.flat(), batches, summary: csv.summary() };
}

async function refusal(path: string, options: CsvReadOptions = {}): Promise<BadInputError> {
  try {
    await readAll(path, options);
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CHUNKS = [1, 2, 3, 5, 7, 64, 1024 * 1024];

describe('readCsv', () => {
  it('strips a UTF-8 byte-order mark from the header, however the bytes are split', async () => {
    const path = await file(Buffer.concat([BOM, Buffer.from('time_period,la_name\n202425,Kent\n')]));
    for (const chunkSize of CHUNKS) {
      const { header, records } = await readAll(path, { chunkSize });
      expect(header).toEqual(['time_period', 'la_name']);
      expect(records).toEqual([{ line: 2, fields: ['202425', 'Kent'] }]);
    }
  });

  it('reads LF, CRLF and CR files to the same records', async () => {
    const rows = ['UPN,Sex', 'B801200005001,M', 'H801200001001,F'];
    for (const eol of ['\n', '\r\n', '\r']) {
      for (const trailing of [true, false]) {
        const path = await file(rows.join(eol) + (trailing ? eol : ''));
        for (const chunkSize of [1, 2, 4, 1024]) {
          const { header, records } = await readAll(path, { chunkSize });
          expect(header).toEqual(['UPN', 'Sex']);
          expect(records).toEqual([
            { line: 2, fields: ['B801200005001', 'M'] },
            { line: 3, fields: ['H801200001001', 'F'] },
          ]);
        }
      }
    }
  });

  it('reads quoted commas, "" escapes and quoted line breaks, numbering records by physical line', async () => {
    const path = await file(
      'la_name,note,n\r\n"Bournemouth, Christchurch and Poole","said ""no""",1\r\n\r\nKent,"two\r\nlines",2\r\nMedway,,3\r\n',
    );
    for (const chunkSize of CHUNKS) {
      const { records, headerLine } = await readAll(path, { chunkSize });
      expect(headerLine).toBe(1);
      expect(records).toEqual([
        { line: 2, fields: ['Bournemouth, Christchurch and Poole', 'said "no"', '1'] },
        { line: 4, fields: ['Kent', 'two\r\nlines', '2'] },
        { line: 6, fields: ['Medway', '', '3'] },
      ]);
    }
  });

  it('skips blank lines, before the header too, and yields ragged rows as they are', async () => {
    const path = await file('\n\nA,B,C\n1,2,3\n\n\n4,5\n6,7,8,9\n\n');
    const { header, headerLine, records, summary } = await readAll(path);
    expect(header).toEqual(['A', 'B', 'C']);
    expect(headerLine).toBe(3);
    expect(records).toEqual([
      { line: 4, fields: ['1', '2', '3'] },
      { line: 7, fields: ['4', '5'] },
      { line: 8, fields: ['6', '7', '8', '9'] },
    ]);
    expect(summary.bytes).toBe(Buffer.byteLength('\n\nA,B,C\n1,2,3\n\n\n4,5\n6,7,8,9\n\n'));
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const path = await file('name,emoji\nJosé,😀\nZoë,£5\n');
    for (const chunkSize of [1, 2, 3]) {
      const { records } = await readAll(path, { chunkSize });
      expect(records.map((r) => r.fields)).toEqual([
        ['José', '😀'],
        ['Zoë', '£5'],
      ]);
    }
  });

  it('hands out batches of the requested size and hashes the raw bytes in the same pass', async () => {
    const lines = ['id,value', ...Array.from({ length: 10 }, (_, i) => `${i},v${i}`)];
    const content = Buffer.concat([BOM, Buffer.from(lines.join('\r\n') + '\r\n')]);
    const path = await file(content);
    for (const chunkSize of [1, 7, 1024]) {
      const { batches, summary } = await readAll(path, { batchSize: 3, chunkSize });
      expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
      expect(batches.flat().map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(summary).toEqual({
        sha256: createHash('sha256').update(content).digest('hex'),
        bytes: content.length,
      });
    }
  });

  it('refuses a file that is not UTF-8, naming the line of the first bad byte', async () => {
    // Windows-1252: the pound sign is the single byte 0xA3.
    const path = await file(Buffer.concat([Buffer.from('Amount,Description\n1,ok\n2,'), Buffer.from([0xa3]), Buffer.from('5 fee\n')]));
    for (const chunkSize of [1, 5, 1024]) {
      const error = await refusal(path, { chunkSize });
      expect(error.code).toBe('bad-encoding');
      expect(error.message).toBe(`${path}: is not valid UTF-8 (first bad byte on or near line 3)`);
      expect(error.hint).toContain('CSV UTF-8');
    }
  });

  it('refuses a multi-byte character cut off at the end of the file', async () => {
    const error = await refusal(await file(Buffer.concat([Buffer.from('a\nb'), Buffer.from([0xc3])])), { chunkSize: 1 });
    expect(error.code).toBe('bad-encoding');
  });

  it('refuses UTF-16 text with a message that says so', async () => {
    const content = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('UPN,Sex\r\n', 'utf16le')]);
    const error = await refusal(await file(content));
    expect(error.code).toBe('bad-encoding');
    expect(error.message).toContain('is UTF-16 text, not UTF-8');
  });

  it('refuses binary files: NUL bytes, a workbook', async () => {
    const nul = await refusal(await file(Buffer.from('a,b\n1,\u00002\n')));
    expect(nul.code).toBe('not-csv');
    expect(nul.message).toContain('not a CSV file');
    const xlsx = await refusal(await file(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])));
    expect(xlsx.code).toBe('not-csv');
    expect(xlsx.message).toContain('Excel workbook');
    expect(xlsx.hint).toContain('.csv');
  });

  it('refuses a file with no header: empty, only a byte-order mark, only blank lines', async () => {
    for (const content of [Buffer.alloc(0), BOM, Buffer.from('\r\n\n\r\n')]) {
      const error = await refusal(await file(content), { chunkSize: 1 });
      expect(error.code).toBe('empty-file');
      expect(error.message).toMatch(/is empty: it has no header row$/);
    }
  });

  it('refuses a quote left open at the end of the file', async () => {
    const path = await file('a,b\n1,2\n3,"oops\n4,5\n');
    for (const chunkSize of [1, 1024]) {
      const error = await refusal(path, { chunkSize });
      expect(error.code).toBe('unterminated-quote');
      expect(error.message).toBe(`${path}: the quoted field starting on line 3 is never closed`);
    }
  });

  it('names a missing file as bad input', async () => {
    const error = await refusal(join(dir, 'no-such.csv'));
    expect(error.code).toBe('file-not-found');
    expect(error.kind).toBe('bad-input');
    const isDir = await refusal(dir);
    expect(isDir.code).toBe('not-a-file');
  });

  it('uses the given name in messages', async () => {
    const error = await refusal(await file(''), { name: 'census_2025.csv' });
    expect(error.message).toBe('census_2025.csv: is empty: it has no header row');
    expect(error.file).toBe('census_2025.csv');
  });

  it('allows one pass only and a summary only at the end', async () => {
    const csv = await readCsv(await file('a\n1\n2\n'), { batchSize: 1 });
    expect(() => csv.summary()).toThrow('only known after every batch is read');
    const batches = csv.batches();
    expect((await batches.next()).value).toEqual([{ line: 2, fields: ['1'] }]);
    await batches.return(undefined);
    await expect(csv.batches().next()).rejects.toThrow('can only be read once');
  });
});

describe('readCsvStream', () => {
  it('streams: reads an endless source batch by batch, pulling only what each batch needs', async () => {
    let pulled = 0;
    let finished = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        yield Buffer.from('id,payload\n');
        for (let i = 0; ; i++) {
          pulled++;
          yield Buffer.from(`${i},${'x'.repeat(90)}\n`.repeat(10)); // ten records per chunk
        }
      } finally {
        finished = true;
      }
    }
    const csv = await readCsvStream(endless(), 'endless.csv', { batchSize: 100 });
    let seen = 0;
    for await (const batch of csv.batches()) {
      expect(batch).toHaveLength(100);
      seen += batch.length;
      if (seen === 300) break;
    }
    expect(pulled).toBeLessThanOrEqual(31);
    expect(finished).toBe(true);
  });

  it('property: any table written with RFC 4180 quoting reads back the same, in any byte chunking and batch size', async () => {
    const cell = fc.string({
      unit: fc.oneof(
        fc.constantFrom(',', '"', '\n', '\r', ' ', 'é', '😀', '\uFEFF'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000'),
      ),
      maxLength: 5,
    });
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        async (rows, eol, withBom, trailing, sizes, batchSize) => {
          const text =
            rows
              .map((row) =>
                row.length === 1 && row[0] === ''
                  ? '""'
                  : row.map((c) => (/[",\r\n\uFEFF]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','),
              )
              .join(eol) + (trailing ? eol : '');
          const bytes = Buffer.concat([withBom ? BOM : Buffer.alloc(0), Buffer.from(text)]);
          const chunks: Uint8Array[] = [];
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const size = sizes[k % sizes.length] ?? 1;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          const csv = await readCsvStream(
            (async function* () {
              yield* chunks;
            })(),
            'p.csv',
            { batchSize },
          );
          const records: CsvRecord[] = [];
          for await (const batch of csv.batches()) {
            expect(batch.length).toBeLessThanOrEqual(batchSize);
            records.push(...batch);
          }
          expect([csv.header, ...records.map((r) => r.fields)]).toEqual(rows);
          expect(csv.summary().sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        },
      ),
      { numRuns: 300 },
    );
  });
});
