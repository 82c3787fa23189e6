// The sample-data generator: writes a full, realistic set of extracts in the
// CONTRACT §1 formats for a Kent-sized authority 2019..2025 (calibrated so a
// warehouse built to CONTRACT §2 shows Kent's published figures exactly), or
// big uncalibrated files at 'national' scale for benchmarks. Deterministic:
// the same seed and options give byte-identical files (own PRNG, no clock).
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SourceName } from '../../models/index.js';
import { Rng } from './prng.js';
import { buildSchools, writeSchools } from './schools.js';
import { buildCasesModel } from './casesModel.js';
import { writeCaseSnapshots, writePlacementSnapshots } from './casesFiles.js';
import { writeCensus, type CensusSize } from './census.js';
import { writeCostCentres, writeFinance } from './finance.js';
import { writeAreas, writeSafetyValvePlan } from './referenceFiles.js';
import { NATIONAL_DEFAULT_ROWS, writeNational, type NationalRows } from './national.js';
import type { CsvFileResult } from './csvWriter.js';

/** Options of generateSample. */
export interface SampleOptions {
  /** Seed of the generator (default 2025). */
  seed?: number;
  /** 'kent' (default): calibrated Kent-sized extracts. 'national': big files for benchmarks. */
  scale?: 'kent' | 'national';
  onProgress?: (msg: string) => void;
  /** National scale: row counts (defaults 10M census, 1M cases, 1M placements, 5M ledger lines). */
  rows?: Partial<NationalRows>;
  /** Kent scale: 'sen' (default) writes the census pupils with SEN; 'full' writes the whole roll (~235,000 a census). */
  census?: CensusSize;
}

/** One written extract. */
export interface SampleFile {
  source: SourceName;
  /** Absolute (or outDir-relative, as given) path of the file. */
  path: string;
  /** Base name of the file. */
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** What generateSample wrote, in the order the files should be ingested. */
export interface SampleManifest {
  seed: number;
  scale: 'kent' | 'national';
  outDir: string;
  files: SampleFile[];
}

const DEFAULT_SEED = 2025;

/** Writes the sample extracts into outDir and lists them in ingest order. */
export async function generateSample(outDir: string, options: SampleOptions = {}): Promise<SampleManifest> {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 'kent';
  const progress = options.onProgress ?? (() => {});
  await mkdir(outDir, { recursive: true });
  const rng = new Rng(seed);
  const files: SampleFile[] = [];
  const add = (source: SourceName, r: CsvFileResult): void => {
    files.push({ source, path: r.path, file: basename(r.path), rows: r.rows, bytes: r.bytes, sha256: r.sha256 });
  };

  if (scale === 'national') {
    const rows: NationalRows = { ...NATIONAL_DEFAULT_ROWS, ...options.rows };
    const written = await writeNational(outDir, rng.fork('national'), rows, progress);
    add('schools', written.find((w) => w.source === 'schools')!.result);
    add('areas', await writeAreas(join(outDir, 'areas.csv')));
    add('cost-centres', await writeCostCentres(join(outDir, 'cost_centres.csv')));
    for (const w of written) if (w.source !== 'schools') add(w.source, w.result);
    add('safety-valve-plan', await writeSafetyValvePlan(join(outDir, 'safety_valve_plan_2025-03.csv')));
    progress(`sample (national) written: ${files.length} files`);
    return { seed, scale, outDir, files };
  }

  const schools = buildSchools(rng.fork('schools'));
  add('schools', await writeSchools(join(outDir, 'gias_edubase_kent.csv'), schools, rng.fork('schools-file')));
  add('areas', await writeAreas(join(outDir, 'areas.csv')));
  add('cost-centres', await writeCostCentres(join(outDir, 'cost_centres.csv')));
  progress('building the Kent model (requests, plans, placements)...');
  const model = buildCasesModel(rng.fork('cases-model'), schools);
  for (const c of await writeCensus(outDir, rng.fork('census'), schools, model, options.census ?? 'sen', progress)) add('census', c.result);
  for (const f of await writeCaseSnapshots(outDir, rng.fork('cases-files'), model, progress)) add('cases', f.result);
  const schoolNames = new Map(schools.map((s) => [s.urn, s.name]));
  const ukprnNames = new Map(schools.filter((s) => s.ukprn !== null).map((s) => [s.ukprn as string, s.name]));
  for (const f of await writePlacementSnapshots(outDir, rng.fork('placements-files'), model, schoolNames, ukprnNames, progress)) add('placements', f.result);
  for (const r of await writeFinance(outDir, rng.fork('finance'), progress)) add('finance', r);
  add('safety-valve-plan', await writeSafetyValvePlan(join(outDir, 'safety_valve_plan_2025-03.csv')));
  progress(`sample written: ${files.length} files, ${files.reduce((n, f) => n + f.rows, 0).toLocaleString('en-GB')} rows`);
  return { seed, scale, outDir, files };
}
