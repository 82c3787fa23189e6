// The ees spec on every data file of the real DfE releases in shared/data/ees,
// unzipped to a temp directory with the unzip CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eesSpec } from '../../../ingest/ees/eesSpec.js';
import type { EesRow } from '../../../models/index.js';
import { testContext } from '../fields/specHarness.js';
import { parseCsv, rawRows } from './eesRows.js';

const ZIPS = new URL('../../../../shared/data/ees/', import.meta.url).pathname;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sendwh-ees-'));
  for (const release of ['2025', '2022']) execFileSync('unzip', ['-q', '-o', join(ZIPS, `education-health-and-care-plans_${release}.zip`), 'data/*', '-d', join(dir, release)]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ingested = new Map<string, { header: string[]; values: EesRow[] }>();

function ingest(release: string, file: string): { header: string[]; values: EesRow[] } {
  const cached = ingested.get(`${release}/${file}`);
  if (cached) return cached;
  const [header, ...records] = parseCsv(readFileSync(join(dir, release, 'data', file), 'utf8'));
  const values = rawRows(eesSpec, header!, records).map((row, i) => {
    const result = eesSpec.parse(row, testContext(file));
    if (!result.ok) throw new Error(`${file} line ${i + 2}: ${JSON.stringify(result.diagnostics)}`);
    return result.value;
  });
  ingested.set(`${release}/${file}`, { header: header!, values });
  return { header: header!, values };
}

describe('ees on the real releases', () => {
  it('reads every row of every data file with a distinct identity', () => {
    const counts: Record<string, number> = {};
    for (const release of ['2025', '2022'])
      for (const file of readdirSync(join(dir, release, 'data')).sort()) {
        const { values } = ingest(release, file);
        expect(new Set(values.map((v) => eesSpec.key(v))).size).toBe(values.length);
        counts[`${release}/${file}`] = values.length;
      }
    expect(counts).toMatchObject({ '2025/caseload.csv': 25339, '2025/annual_reviews.csv': 13290, '2022/sen2_estab_caseload.csv': 68624, '2022/sen2_mi.csv': 1294 });
    expect(Object.keys(counts)).toHaveLength(18);
  });

  it('gives Kent\'s January 2025 caseload as published, symbols kept', () => {
    const { values } = ingest('2025', 'caseload.csv');
    const kent = values.find((v) => v.oldLaCode === '886' && v.timePeriod === '202425' && v.breakdown === 'All EHC plans');
    expect(kent).toMatchObject({ laCode: 'E10000016', laName: 'Kent', regionName: 'South East', geographicLevel: 'Local authority' });
    expect(kent!.measures.ehcplans).toBe('20635');
    expect(kent!.measures).toHaveProperty('AP_PRU_total_pc');
    expect(values.filter((v) => Object.values(v.measures).includes('x')).length).toBeGreaterThan(1000);
    const bcp = values.find((v) => v.laName === 'Bournemouth, Christchurch and Poole');
    expect(bcp?.oldLaCode).toBe('839');
  });

  it('keeps the duplicated column of annual_reviews.csv once, and every other measure', () => {
    const { header, values } = ingest('2025', 'annual_reviews.csv');
    expect(header.filter((h) => h === 'review_meeting_prior_24')).toHaveLength(2);
    const national = values.find((v) => v.geographicLevel === 'National' && v.breakdown === 'All annual reviews')!;
    expect(national.measures.review_meeting_prior_24).toBe('126184');
    expect(national.measures.outcome_maintan).toBeDefined();
    const measureColumns = new Set(header.slice(12));
    expect(Object.keys(national.measures).sort()).toEqual([...measureColumns].sort());
  });

  it('folds the 2022 establishment filters into the breakdown and keeps z', () => {
    const { values } = ingest('2022', 'sen2_estab_caseload.csv');
    const row = values.find((v) => v.geographicLevel === 'National' && v.timePeriod === '2022' && v.breakdown === 'Total / Total')!;
    expect(row).toMatchObject({ breakdownTopic: 'establishment_group / establishment_type', regionCode: null, laCode: null });
    expect(row.measures).toMatchObject({ Total_st: 'z', Total_ehc: '473255' });
  });
});
