// The sample's CSV writer on real files: RFC 4180 quoting, BOM, CRLF, and a sha256 of the exact bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvWriter, csvField } from '../../../ingest/sample/csvWriter.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sendwh-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CsvWriter', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes BOM, CRLF and rows, and reports the bytes it wrote', async () => {
    const path = join(dir, 'a.csv');
    const w = new CsvWriter(path, ['A', 'B'], { bom: true, crlf: true });
    w.row(['1', '£1,234.50']);
    w.row(['2', "O'Brien"]);
    const r = await w.close();
    const bytes = await readFile(path);
    expect(bytes.toString('utf8')).toBe('\ufeffA,B\r\n1,"£1,234.50"\r\n2,O\'Brien\r\n');
    expect(r.rows).toBe(2);
    expect(r.bytes).toBe(bytes.length);
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('streams many rows with back-pressure', async () => {
    const path = join(dir, 'big.csv');
    const w = new CsvWriter(path, ['N', 'Text']);
    for (let i = 0; i < 200_000; i++) if (w.row([String(i), 'x'.repeat(i % 50)])) await w.drain();
    const r = await w.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n').length - 2).toBe(200_000);
    expect(r.rows).toBe(200_000);
    expect(r.bytes).toBe(Buffer.byteLength(text));
  });
});
