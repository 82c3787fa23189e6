// The ingest CLI as a user runs it: real CSV files on disk, the embedded log
// under --home, exit codes, quarantine, re-ingest, personal data at the door,
// kill -9 mid-ingest, and the real DfE release zip.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, sendwh, tempDir, ensureBuilt, repoRoot } from '../../support/cli.js';

// shared/ sits beside the clone in CI and on developer machines.
const eesZip = [join(repoRoot, '..', 'shared'), '/work/shared']
  .map((d) => join(d, 'data', 'ees', 'education-health-and-care-plans_2025.zip'))
  .find((p) => existsSync(p)) as string;

const HEADER = 'CensusDate,UPN,LAEstab,URN,DOB,Gender,NCyearActual,SENprovision,SENtype1,SENtype2,Surname,Forename,HomePostcode';
const CENSUS = [
  '\uFEFF' + HEADER,
  '2025-01-16,B801200005001,8862001,118000,14/03/2015,M,4,E,ASD,,Zebedee-Quixote,Xanthippe,"CT1 9ZZ"',
  '2025-01-16,A801200005001,8862001,,2015-03-14,F,4,K,SEMH,,Ravenscroft,Ottoline,ME1 2BB',
  '2025-01-16,H801200001001,8862001,,2016-05-01,F,3,N,,,"Brown, Jr",Peregrine,TN1 1AA',
  '2025-01-16,G80120000101A,8862002,,2016-05-01,F,3,K,NSA,,Smythe,Araminta,TN2 3CC',
].join('\r\n') + '\r\n';

function writeCensus(dir: string, body = CENSUS): string {
  const path = join(dir, 'census_2025-01.csv');
  writeFileSync(path, body);
  return path;
}

function everyFileUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('sendwh ingest (embedded log)', () => {
  it('ingests good rows, quarantines the bad one with file, line and rule, and reports counts', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    const file = writeCensus(dir);
    const run = await sendwh(['ingest', 'census', file, '--home', home, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { files: Array<Record<string, number | string>> };
    expect(out.files[0]).toMatchObject({ file: 'census_2025-01.csv', accepted: 3, duplicates: 0, corrections: 0, rejected: 1, events: 4 });

    const q = await sendwh(['quarantine', '--home', home, '--json']);
    const rows = JSON.parse(q.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'census', file: 'census_2025-01.csv', line: 3, rule: 'census.upn.check-letter' });
    expect(String(rows[0]!.reason)).toMatch(/check.letter/i);

    const again = await sendwh(['ingest', 'census', file, '--home', home, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).files[0]).toMatchObject({ events: 0, accepted: 0 });
    const status = JSON.parse((await sendwh(['status', '--home', home, '--json'])).stdout) as { log: { position: number } };
    expect(status.log.position).toBe(4);
    const verify = await sendwh(['verify', '--home', home]);
    expect(verify.code).toBe(0);
  });

  it('never stores a name, address, postcode, raw UPN or full date of birth anywhere under --home', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    await sendwh(['ingest', 'census', writeCensus(dir), '--home', home]);
    await sendwh(['quarantine', '--home', home]);
    const secret = join(home, 'secret.key');
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    const forbidden = ['Zebedee', 'Xanthippe', 'Ravenscroft', 'Ottoline', 'CT1 9ZZ', 'ME1 2BB', 'Peregrine', 'Araminta',
      'B801200005001', 'A801200005001', 'G80120000101A', '2015-03-14', '14/03/2015'];
    const files = everyFileUnder(home);
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) {
      const text = readFileSync(f).toString('latin1');
      for (const word of forbidden) expect(text.includes(word), `${word} found in ${f}`).toBe(false);
    }
  });

  it('a census correction (same identity, new content) is a correction event; the log keeps both', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    await sendwh(['ingest', 'census', writeCensus(dir), '--home', home]);
    const corrected = join(dir, 'census_2025-01_v2.csv');
    writeFileSync(corrected, CENSUS.replace('118000,14/03/2015,M,4,E,ASD', '118000,14/03/2015,M,4,E,SLCN'));
    const run = await sendwh(['ingest', 'census', corrected, '--home', home, '--json']);
    expect(JSON.parse(run.stdout).files[0]).toMatchObject({ accepted: 0, duplicates: 2, corrections: 1, rejected: 1, events: 2 });
  });

  it('refuses a file with a missing required column (exit 2, naming it) and writes nothing', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'CensusDate,UPN,DOB\n2025-01-16,B801200005001,2015-01-01\n');
    const run = await sendwh(['ingest', 'census', bad, '--home', home]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/LAEstab/);
    const status = JSON.parse((await sendwh(['status', '--home', home, '--json'])).stdout) as { log: { position: number } };
    expect(status.log.position).toBe(0);
  });

  it('rejects bad usage with exit 2 and a hint', async () => {
    const run = await sendwh(['ingest', 'pupils', 'x.csv', '--home', tempDir()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown source 'pupils'/);
    expect(run.stderr).toMatch(/census, cases, placements/);
    const help = await sendwh(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['demo', 'ingest', 'quarantine', 'verify', 'status']) expect(help.stdout).toContain(c);
  });

  it('kill -9 at any moment of an ingest leaves the log as before or after the whole file; the next ingest completes it', async () => {
    ensureBuilt();
    const dir = tempDir();
    const rows = ['CensusDate,UPN,LAEstab,DOB,Sex,NCyearActual,SENprovision,SENtype1'];
    const alphabet = 'ABCDEFGHJKLMNPQRTUVWXYZ';
    for (let i = 0; i < 20_000; i++) {
      const body = `801${String(i).padStart(9, '0')}`;
      let sum = 0;
      for (let p = 0; p < 12; p++) sum += Number(body[p]) * (p + 2);
      rows.push(`2025-01-16,${alphabet[sum % 23]}${body},886${2000 + (i % 400)},2015-06-01,M,4,${i % 3 === 0 ? 'E' : 'N'},${i % 3 === 0 ? 'ASD' : ''}`);
    }
    const file = join(dir, 'big.csv');
    writeFileSync(file, rows.join('\n') + '\n');

    const clean = join(dir, 'clean');
    const started = Date.now();
    expect((await sendwh(['ingest', 'census', file, '--home', clean])).code).toBe(0);
    const cleanMs = Date.now() - started;
    const cleanSegments = readdirSync(join(clean, 'log', 'segments')).map((s) => readFileSync(join(clean, 'log', 'segments', s), 'utf8'));

    // Kill points spread over the run as this machine times it: start-up, parse, append, index commit.
    for (const delayMs of [0.1, 0.35, 0.6, 0.85].map((f) => Math.round(f * cleanMs))) {
      const home = join(dir, `killed-${delayMs}`);
      // Same secret as the clean run so pseudonyms (and so event ids) are comparable.
      await sendwh(['status', '--home', home]);
      writeFileSync(join(home, 'secret.key'), readFileSync(join(clean, 'secret.key')), { mode: 0o600 });
      const child = spawn(process.execPath, [cliPath, 'ingest', 'census', file, '--home', home], { stdio: 'ignore' });
      // Listen before the delay: a fast machine may finish the ingest before the kill lands.
      const closed = new Promise((r) => child.on('close', r));
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await closed;
      const mid = JSON.parse((await sendwh(['status', '--home', home, '--json'])).stdout) as { log: { position: number } };
      expect([0, 20_000]).toContain(mid.log.position);
      expect((await sendwh(['verify', '--home', home])).code).toBe(0);
      expect((await sendwh(['ingest', 'census', file, '--home', home])).code).toBe(0);
      expect((await sendwh(['verify', '--home', home])).code).toBe(0);
      const segments = readdirSync(join(home, 'log', 'segments')).map((s) => readFileSync(join(home, 'log', 'segments', s), 'utf8'));
      expect(segments).toEqual(cleanSegments);
    }
  }, 240_000);

  it('ingests the real DfE release zip unchanged (every data CSV of the 2025 release)', async () => {
    const home = join(tempDir(), 'home');
    const run = await sendwh(['ingest', 'ees', eesZip, '--home', home, '--json'], {
      env: {},
    });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { files: Array<{ file: string; accepted: number; rejected: number }> };
    const byFile = Object.fromEntries(out.files.map((f) => [f.file, f]));
    expect(Object.keys(byFile).sort()).toEqual([
      'annual_reviews.csv', 'assessments.csv', 'caseload.csv', 'ceased_plans.csv', 'newplans.csv', 'personal_budgets.csv',
      'requests.csv', 'residential_settings.csv', 'sen_need_newplans.csv', 'sen_needs_all_plans.csv', 'timeliness_20_week.csv',
      'work_based_placements.csv',
    ]);
    // Data lines of each CSV (wc -l minus the header): every one accepted, none rejected.
    expect(byFile['caseload.csv']).toMatchObject({ accepted: 25339, rejected: 0 });
    expect(byFile['requests.csv']).toMatchObject({ accepted: 13169, rejected: 0 });
    expect(out.files.reduce((n, f) => n + f.rejected, 0)).toBe(0);
    expect(out.files.reduce((n, f) => n + f.accepted, 0)).toBe(195575);
  }, 240_000);
});
