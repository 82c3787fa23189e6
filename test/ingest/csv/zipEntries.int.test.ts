// The ees source's release zips as published by the DfE (shared/data/ees): the
// data CSVs are listed and stream through the CSV reader without unzipping.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchColumns } from '../../../ingest/csv/columns.js';
import { isZipPath, listZipCsvEntries, readZipCsv } from '../../../ingest/csv/zipEntries.js';
import { BadInputError } from '../../../models/errors.js';

const EES = '/work/shared/data/ees';
const ZIP_2025 = join(EES, 'education-health-and-care-plans_2025.zip');
const ZIP_2022 = join(EES, 'education-health-and-care-plans_2022.zip');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sendwh-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Extracts one entry with yauzl directly: an independent copy to check the reader against. */
async function extract(zipPath: string, entryPath: string, to: string): Promise<void> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName === entryPath) {
        await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(to));
        return;
      }
    }
    throw new Error(`no ${entryPath}`);
  } finally {
    zip.close();
  }
}

async function refusal(run: () => Promise<unknown>): Promise<BadInputError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('listZipCsvEntries', () => {
  it('lists the data CSVs of the 2025 release, leaving out data-guidance and supporting-files', async () => {
    const entries = await listZipCsvEntries(ZIP_2025);
    expect(entries.map((e) => e.name)).toEqual([
      'annual_reviews.csv',
      'assessments.csv',
      'caseload.csv',
      'ceased_plans.csv',
      'newplans.csv',
      'personal_budgets.csv',
      'requests.csv',
      'residential_settings.csv',
      'sen_need_newplans.csv',
      'sen_needs_all_plans.csv',
      'timeliness_20_week.csv',
      'work_based_placements.csv',
    ]);
    expect(entries.every((e) => e.path === `data/${e.name}`)).toBe(true);
    expect(entries.find((e) => e.name === 'caseload.csv')?.size).toBe(6379942);
  });

  it('lists the data CSVs of the 2022 release', async () => {
    const entries = await listZipCsvEntries(ZIP_2022);
    expect(entries.map((e) => e.path)).toEqual([
      'data/sen2_age_caseload.csv',
      'data/sen2_age_new_plans.csv',
      'data/sen2_estab_caseload.csv',
      'data/sen2_estab_new_plans.csv',
      'data/sen2_mi.csv',
      'data/sen2_wbp_residential_dmo.csv',
    ]);
  });

  it('refuses a file that is not a zip, and a missing one', async () => {
    const fake = join(dir, 'fake.zip');
    await writeFile(fake, 'time_period\n202425\n');
    const error = await refusal(() => listZipCsvEntries(fake));
    expect(error.code).toBe('not-zip');
    expect(error.message).toMatch(/fake\.zip: is not a readable zip archive/);
    expect((await refusal(() => listZipCsvEntries(join(dir, 'none.zip')))).code).toBe('file-not-found');
  });

  it('tells a zip path from a CSV path', () => {
    expect(isZipPath('x/EHCP_2025.ZIP')).toBe(true);
    expect(isZipPath('caseload.csv')).toBe(false);
  });
});

describe('readZipCsv', () => {
  it('streams caseload.csv: every record, the same count as DuckDB, the hash of the entry', async () => {
    const copy = join(dir, 'caseload.csv');
    await extract(ZIP_2025, 'data/caseload.csv', copy);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const counted = await connection.runAndReadAll('select count(*)::integer as n from read_csv($path, header = true)', {
      path: copy,
    });
    const duckdbCount = counted.getRows()[0]?.[0];
    connection.closeSync();
    instance.closeSync();

    const csv = await readZipCsv(ZIP_2025, 'data/caseload.csv');
    expect(csv.name).toBe('education-health-and-care-plans_2025.zip:data/caseload.csv');
    expect(csv.header.slice(0, 4)).toEqual(['time_period', 'time_identifier', 'geographic_level', 'country_code']);
    let records = 0;
    let ragged = 0;
    let lastLine = 0;
    let bcp = 0;
    const laName = csv.header.indexOf('la_name');
    for await (const batch of csv.batches()) {
      for (const r of batch) {
        records++;
        if (r.fields.length !== csv.header.length) ragged++;
        if (r.fields[laName] === 'Bournemouth, Christchurch and Poole') bcp++;
        lastLine = r.line;
      }
    }
    // 25,340 physical lines including the header, no quoted line breaks.
    expect(records).toBe(25339);
    expect(duckdbCount).toBe(25339);
    expect(lastLine).toBe(25340);
    expect(ragged).toBe(0);
    expect(bcp).toBeGreaterThan(0);
    const summary = csv.summary();
    expect(summary.bytes).toBe(6379942);
    expect(summary.sha256).toBe(createHash('sha256').update(await readFile(copy)).digest('hex'));
  });

  it('reads every data CSV of the 2025 release with a full header row', async () => {
    for (const entry of await listZipCsvEntries(ZIP_2025)) {
      const csv = await readZipCsv(ZIP_2025, entry);
      expect(csv.header).toContain('time_period');
      let records = 0;
      for await (const batch of csv.batches()) records += batch.length;
      expect(records).toBeGreaterThan(1000);
      expect(csv.summary().bytes).toBe(entry.size);
    }
  });

  it('matches the columns of annual_reviews.csv, whose header repeats a column name', async () => {
    const csv = await readZipCsv(ZIP_2025, 'data/annual_reviews.csv');
    await csv.close();
    const spec = [
      { name: 'time_period', required: true },
      { name: 'new_la_code', required: true },
      { name: 'review_meeting_prior_24', required: true },
    ];
    const mapping = matchColumns('annual_reviews.csv', csv.header, spec, { personLevel: false });
    expect(mapping.columns).toEqual([
      { name: 'time_period', index: 0 },
      { name: 'new_la_code', index: 7 },
      { name: 'review_meeting_prior_24', index: 17 },
    ]);
    expect(mapping.duplicates).toEqual(['review_meeting_prior_24']);
    expect(mapping.unknown).toContain('la_name');
  });

  it('refuses an entry the zip does not have', async () => {
    const error = await refusal(() => readZipCsv(ZIP_2025, 'data/nope.csv'));
    expect(error.code).toBe('file-not-found');
    expect(error.message).toContain('has no entry data/nope.csv');
  });

  it('releases the zip when reading stops early or never starts', async () => {
    const openFds = async (): Promise<number> => (await readdir('/proc/self/fd')).length;
    const settled = async (target: number): Promise<number> => {
      for (let i = 0; i < 100 && (await openFds()) > target; i++) await new Promise((r) => setTimeout(r, 10));
      return openFds();
    };
    const before = await openFds();
    const csv = await readZipCsv(ZIP_2025, 'data/caseload.csv', { batchSize: 10 });
    expect(await openFds()).toBe(before + 1);
    for await (const batch of csv.batches()) {
      expect(batch).toHaveLength(10);
      break;
    }
    expect(await settled(before)).toBe(before);
    const unread = await readZipCsv(ZIP_2025, 'data/requests.csv');
    await unread.close();
    expect(() => unread.summary()).toThrow('only known after every batch is read');
    expect(await settled(before)).toBe(before);
  });
});
