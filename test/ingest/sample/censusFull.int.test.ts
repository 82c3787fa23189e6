// The Kent sample with the whole school roll in the census (census: 'full'): a realistic
// Kent-sized census (~235,000 pupils plus those with plans), the same SEN figures as the default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { generateSample, type SampleManifest } from '../../../ingest/sample/generateSample.js';
import { loadReferenceTables, referenceFilesOf, runReferenceQuery } from '../../../ingest/sample/referenceQueries.js';

let dir: string;
let manifest: SampleManifest;
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sendwh-census-full-'));
  manifest = await generateSample(dir, { census: 'full' });
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run("set TimeZone = 'UTC'");
  const files = referenceFilesOf(manifest.files);
  await loadReferenceTables(db, { ...files, finance: [], safetyValvePlan: [] });
}, 180_000);

afterAll(async () => {
  db?.closeSync();
  await rm(dir, { recursive: true, force: true });
});

describe('the Kent sample with the full census roll', () => {
  it('has a Kent-sized roll every January, with SEN support and plans as in the default sample', async () => {
    const rows = await runReferenceQuery(db, 'censusSen');
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      expect(r.pupils as number).toBeGreaterThan(240_000);
      expect(r.pupils as number).toBeLessThan(290_000);
      expect((r.sen_support as number) / (r.pupils as number)).toBeGreaterThan(0.09);
    }
    expect(rows.find((r) => r.census_date === '2024-01-18')!.sen_support_school_age).toBe(27968);
    expect(rows.find((r) => r.census_date === '2025-01-16')!.sen_support_school_age).toBe(29782);
    const against = (await runReferenceQuery(db, 'censusAgainstCases')).filter((r) => (r.census_day as string) >= '2019-01-01');
    for (const r of against) {
      expect(r.census_ehc).toBe(r.placed_at_census_school);
      expect(r.census_ehc_not_in_cases).toBe(0);
    }
  });
});
