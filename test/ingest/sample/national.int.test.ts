// The 'national' scale: big uncalibrated files for benchmarks, with row counts set by
// the caller (here small), every row valid, the same bytes for the same seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { generateSample, type SampleManifest } from '../../../ingest/sample/generateSample.js';
import { loadReferenceTables, referenceFilesOf, runReferenceQuery } from '../../../ingest/sample/referenceQueries.js';

const rows = { censusRows: 40_000, caseRows: 12_000, placementRows: 9_000, ledgerRows: 25_000 };
let dir: string;
let manifest: SampleManifest;
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sendwh-national-'));
  manifest = await generateSample(join(dir, 'a'), { scale: 'national', seed: 11, rows });
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run("set TimeZone = 'UTC'");
  await loadReferenceTables(db, referenceFilesOf(manifest.files));
}, 120_000);

afterAll(async () => {
  db?.closeSync();
  await rm(dir, { recursive: true, force: true });
});

describe('the national-scale sample', () => {
  it('writes the requested number of rows per extract, in ingest order', () => {
    expect(manifest.scale).toBe('national');
    expect(manifest.files.map((f) => [f.source, f.rows])).toEqual([
      ['schools', 24001],
      ['areas', 12],
      ['cost-centres', 20],
      ['census', 40_000],
      ['cases', 12_000],
      ['placements', 9_000],
      ['finance', 25_000],
      ['safety-valve-plan', 48],
    ]);
  });

  it('has only valid UPNs and no repeated census identity', async () => {
    expect(await runReferenceQuery(db, 'invalidUpns')).toEqual([
      { source: 'cases', invalid: 0, total: 12_000 },
      { source: 'census', invalid: 0, total: 40_000 },
    ]);
    const census = manifest.files.find((f) => f.source === 'census')!.path;
    const reader = await db.runAndReadAll(
      `select count(*) as n, count(distinct (CensusDate, UPN, LAEstab)) as identities,
              count(*) filter (where not regexp_full_match(LAEstab, '\\d{7}')) as bad_laestab,
              count(*) filter (where SENprovision in ('K', 'E') and SENtype1 is null) as missing_type
       from read_csv($files, all_varchar = true)`,
      { files: listValue([census]) },
    );
    expect(reader.getRowObjectsJson()[0]).toEqual({ n: '40000', identities: '40000', bad_laestab: '0', missing_type: '0' });
  });

  it('keeps case and placement rows within the contract rules', async () => {
    const reader = await db.runAndReadAll(`
      select
        (select count(*) from ref_cases where request_outcome in ('Y', 'N') and (request_outcome_date is null or request_outcome_date < received_date)) as bad_decisions,
        (select count(*) from ref_cases where assessment_outcome = 'Y' and plan_start_date is null) as plans_without_start,
        (select count(*) from ref_cases where cease_date is not null and cease_date <= plan_start_date) as bad_ceases,
        (select count(*) from ref_placements where leaving_date < entry_date) as bad_leaving,
        (select count(*) from ref_placements where (urn is not null)::int + (ukprn is not null)::int + (sen_setting is not null)::int <> 1) as bad_where`);
    expect(reader.getRowObjectsJson()[0]).toEqual({ bad_decisions: '0', plans_without_start: '0', bad_ceases: '0', bad_leaving: '0', bad_where: '0' });
  });

  it('posts ledger lines to every cost centre over six financial years', async () => {
    const spend = await runReferenceQuery(db, 'hnbSpendByLine');
    expect(new Set(spend.map((r) => r.financial_year))).toEqual(new Set(['2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25']));
    expect(new Set(spend.map((r) => r.line)).size).toBe(5);
  });

  it('is deterministic for a seed', async () => {
    const again = await generateSample(join(dir, 'b'), { scale: 'national', seed: 11, rows });
    expect(again.files.map((f) => f.sha256)).toEqual(manifest.files.map((f) => f.sha256));
  }, 60_000);
});
