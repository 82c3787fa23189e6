// Worker-thread staging as a user runs it: the same extract files ingested with
// rows checked on the main thread (--workers 0) and in two worker threads
// (--workers 2) give byte-identical event logs (same secret), with bad rows,
// duplicates and corrections among the good ones, for a record-hash source
// (census) and a snapshot source (cases).
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSample } from '../../../ingest/sample/generateSample.js';
import { sendwh, tempDir } from '../../support/cli.js';

function segments(home: string): string[] {
  const dir = join(home, 'log', 'segments');
  return readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
}

describe('sendwh ingest --workers', () => {
  it('gives the same log with rows checked in worker threads as on the main thread', async () => {
    const dir = tempDir('sendwh-workers-');
    const sample = await generateSample(join(dir, 'sample'), { scale: 'national', rows: { censusRows: 30_000, caseRows: 3_000, placementRows: 1, ledgerRows: 1 } });
    const census = sample.files.find((f) => f.source === 'census')?.path as string;
    const cases = sample.files.find((f) => f.source === 'cases')?.path as string;
    // Among the generated rows: a copy of a row (a duplicate), the same pupil with another year group (a
    // correction), a row with a bad UPN and a row with a missing field (both quarantined).
    const lines = readFileSync(census, 'utf8').trimEnd().split('\n');
    const header = lines[0] as string;
    const row = (lines[5] as string).split(',');
    const ncYear = header.split(',').indexOf('NCyearActual');
    const corrected = row.map((cell, i) => (i === ncYear ? (cell === '7' ? '8' : '7') : cell)).join(',');
    const badUpn = (lines[9] as string).replace(/,[A-Z]\d{12},/, ',Z000000000000,');
    const edited = [...lines.slice(0, 20_000), lines[5], corrected, badUpn, (lines[11] as string).split(',').slice(1).join(','), ...lines.slice(20_000)];
    writeFileSync(census, `${edited.join('\n')}\n`);

    const homes = [join(dir, 'serial'), join(dir, 'workers')];
    const first = await sendwh(['ingest', 'census', census, '--home', homes[0] as string, '--workers', '0', '--json']);
    expect(first.code).toBe(0);
    // One installation secret for both homes, so the pseudonyms (and every event id) can match.
    mkdirSync(homes[1] as string, { recursive: true });
    copyFileSync(join(homes[0] as string, 'secret.key'), join(homes[1] as string, 'secret.key'));
    const second = await sendwh(['ingest', 'census', census, '--home', homes[1] as string, '--workers', '2', '--json']);
    expect(second.code).toBe(0);
    const reports = [first, second].map((r) => (JSON.parse(r.stdout) as { files: Array<Record<string, unknown>> }).files[0]);
    expect(reports[0]).toMatchObject({ rows: 30_004, duplicates: 1, corrections: 1, rejected: 2, accepted: 30_000, events: 30_003 });
    expect(reports[1]).toEqual(reports[0]);

    for (const home of homes) expect((await sendwh(['ingest', 'cases', cases, '--home', home, '--workers', home === homes[0] ? '0' : '2'])).code).toBe(0);
    const [serial, parallel] = homes.map(segments) as [string[], string[]];
    expect(serial).toHaveLength(2);
    expect(parallel).toEqual(serial);
    for (const home of homes) expect((await sendwh(['verify', '--home', home])).code).toBe(0);
  });

  it('refuses a --workers that is not a whole number, as bad usage', async () => {
    const run = await sendwh(['ingest', 'census', 'x.csv', '--home', tempDir(), '--workers', 'two']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--workers must be a whole number/);
  });
});
