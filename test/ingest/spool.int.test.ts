// The ingest spools on a real file: entries come back in order and whole, in
// chunks of whole entries across read chunks, with any text the JSON pieces
// can hold (multi-byte characters, escaped tabs and newlines), written as text
// or as bytes; and the file is gone after dispose.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordSpoolEntry, rejectSpoolEntry, SpoolFile } from '../../ingest/spool.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sendwh-spool-'));
  dirs.push(dir);
  return join(dir, 'index.duckdb.spool');
}

async function readBack(spool: SpoolFile): Promise<{ text: string; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of spool.lines()) {
    expect(chunk.at(-1)).toBe(0x0a);
    parts.push(Buffer.from(chunk));
  }
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.length };
}

describe('record spool entries', () => {
  it('write a key as it is unless it holds what the tab-separated spool cannot: then as JSON', () => {
    const entry = (key: string) => recordSpoolEntry(2, key, JSON.stringify(key), '2025-01-16', 'h', '').split('\t').slice(1, 3);
    expect(entry('2025-01-16|abc|8862001')).toEqual(['r', '2025-01-16|abc|8862001']);
    expect(entry('Tö4 😀')).toEqual(['r', 'Tö4 😀']);
    expect(entry('T\t3')).toEqual(['j', '"T\\t3"']);
    expect(entry('T"1')).toEqual(['j', '"T\\"1"']);
    expect(entry('T\\2')).toEqual(['j', '"T\\\\2"']);
    expect(entry('a\nb')).toEqual(['j', '"a\\nb"']);
    expect(entry('')).toEqual(['j', '""']);
    expect(recordSpoolEntry(7, 'k', '"k"', null, 'h', '{}')).toBe('7\tr\tk\t\th\t{}\n');
  });
});

describe('SpoolFile', () => {
  it('gives back every entry in order in chunks of whole entries, multi-byte text included, then removes its file', async () => {
    const spool = await SpoolFile.create(tempPath());
    let written = '';
    // About 5 MB: several 1 MB read chunks, so entries and multi-byte characters straddle chunk ends.
    for (let line = 2; line < 30_002; line++) {
      const entry =
        line % 97 === 0
          ? rejectSpoolEntry(line, JSON.stringify({ raw: { Name: `é\t"q"\n${line}` }, rules: [] }))
          : recordSpoolEntry(
              line,
              `2025-01-16|ključ-${line}|😀`,
              JSON.stringify(`2025-01-16|ključ-${line}|😀`),
              line % 5 === 0 ? null : '2025-01-16',
              line.toString(16).padStart(64, '0'),
              JSON.stringify({ note: 'ü'.repeat(line % 150), line }),
            );
      // Half as text, half as the UTF-8 bytes a worker thread hands over.
      spool.write(line % 2 === 0 ? entry : new TextEncoder().encode(entry));
      written += entry;
      if (line % 1000 === 0) await spool.flush();
    }
    await spool.finish();
    const { text, chunks } = await readBack(spool);
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(written);
    const lines = text.split('\n');
    expect(lines[95]?.split('\t')[0]).toBe('97');
    expect(JSON.parse(lines[95]?.split('\t')[5] as string)).toEqual({ raw: { Name: 'é\t"q"\n97' }, rules: [] });
    await spool.dispose();
    expect(existsSync(spool.path)).toBe(false);
  });

  it('gives back an entry longer than a read chunk whole, and can be left after the first chunk', async () => {
    const spool = await SpoolFile.create(tempPath());
    const long = rejectSpoolEntry(2, JSON.stringify({ raw: { Notes: 'x'.repeat(2_500_000) }, rules: [] }));
    const short = Array.from({ length: 100_000 }, (_, i) => recordSpoolEntry(i + 3, 'k', '"k"', null, 'h'.repeat(64), '{}')).join('');
    spool.write(long);
    spool.write(short);
    await spool.finish();
    const { text, chunks } = await readBack(spool);
    expect(text).toBe(long + short);
    expect(chunks).toBeGreaterThan(1);
    // Leaving early, with the next read under way, closes the file cleanly.
    for await (const chunk of spool.lines()) {
      expect(chunk.toString('utf8', 0, Buffer.byteLength(long))).toBe(long);
      break;
    }
    await spool.dispose();
    expect(existsSync(spool.path)).toBe(false);
  });

  it('starts empty when created over a spool a killed ingest left behind', async () => {
    const path = tempPath();
    const left = await SpoolFile.create(path);
    left.write(recordSpoolEntry(2, 'k', '"k"', null, 'h', '{}'));
    await left.finish();
    const spool = await SpoolFile.create(path);
    await spool.finish();
    expect(await readBack(spool)).toEqual({ text: '', chunks: 0 });
    await spool.dispose();
  });
});
