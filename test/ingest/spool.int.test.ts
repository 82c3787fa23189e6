// The ingest spool on a real file: entries come back in order and whole, across
// read chunks, with any text the JSON pieces can hold (multi-byte characters,
// escaped tabs and newlines), and the file is gone after dispose.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordSpool, spoolEntry, type SpoolEntry } from '../../ingest/spool.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sendwh-spool-'));
  dirs.push(dir);
  return join(dir, 'index.duckdb.spool');
}

describe('RecordSpool', () => {
  it('gives back every entry in order across read chunks, multi-byte text included, then removes its file', async () => {
    const spool = await RecordSpool.create(tempPath());
    const written: SpoolEntry[] = [];
    // About 5 MB: several 1 MB read chunks, so entries and multi-byte characters straddle chunk ends.
    for (let line = 2; line < 30_002; line++) {
      const entry: SpoolEntry =
        line % 97 === 0
          ? { line, kind: 'q', keyJson: '', asAtJson: 'null', hash: '', dataJson: JSON.stringify({ raw: { Name: `é\t"q"\n${line}` }, rules: [] }) }
          : {
              line,
              kind: 'r',
              keyJson: JSON.stringify(`2025-01-16|ključ-${line}|😀`),
              asAtJson: line % 5 === 0 ? 'null' : '"2025-01-16"',
              hash: line.toString(16).padStart(64, '0'),
              dataJson: JSON.stringify({ note: 'ü'.repeat(line % 150), line }),
            };
      spool.write(spoolEntry(entry.line, entry.kind, entry.keyJson, entry.asAtJson, entry.hash, entry.dataJson));
      written.push(entry);
      if (line % 1000 === 0) await spool.flush();
    }
    await spool.finish();
    const read: SpoolEntry[] = [];
    let chunks = 0;
    for await (const entries of spool.entries()) {
      chunks++;
      read.push(...entries);
    }
    expect(chunks).toBeGreaterThan(3);
    expect(read).toEqual(written);
    expect(JSON.parse((read[95] as SpoolEntry).dataJson)).toEqual({ raw: { Name: 'é\t"q"\n97' }, rules: [] });
    await spool.dispose();
    expect(existsSync(spool.path)).toBe(false);
  });

  it('starts empty when created over a spool a killed ingest left behind', async () => {
    const path = tempPath();
    const left = await RecordSpool.create(path);
    left.write(spoolEntry(2, 'r', '"k"', 'null', 'h', '{}'));
    await left.finish();
    const spool = await RecordSpool.create(path);
    await spool.finish();
    const read: SpoolEntry[] = [];
    for await (const entries of spool.entries()) read.push(...entries);
    expect(read).toEqual([]);
    await spool.dispose();
  });
});
