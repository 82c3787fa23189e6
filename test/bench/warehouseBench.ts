// Warehouse benchmark (a script, not a test), measured in one run on one machine:
//   a. a full build of the warehouse from a national-scale event log, against
//      DuckDB computing the same facts straight from the extract CSVs (the
//      independent reference SQL of ingest/sample/referenceQueries.ts: load
//      the newest version of every record, then every reference query);
//   b. after one more month of extracts (a cases and a placements snapshot at
//      2025-04-30 moving about one case in twenty on, and a month of ledger
//      lines), an incremental build against a full rebuild of the same log.
//
//   npm run bench:warehouse -- [--rows 500000] [--dir DIR] [--keep]
//
// --rows is the census rows; the other extracts keep the national proportions
// (cases and placements a tenth of it, ledger lines half). The ingest (the
// pipeline `sendwh ingest` runs, into a file event log in the temp home), every
// build and the baseline run in a child process of their own (this script in
// --worker mode), which reports its wall time and peak RSS. The facts both
// sides computed are compared, and the incremental build's tables must equal
// the full rebuild's (content hashes); either mismatch fails the run (exit 1).
// A build's time includes everything buildWarehouse does: reading the log,
// the models, the data-quality checks, the checkpoint and the publish.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Logger, SourceName } from '../../models/index.js';
import { readCsv } from '../../ingest/csv/csvReader.js';
import { expandInputs } from '../../ingest/extractReader.js';
import { createFileEventLog } from '../../ingest/log/fileEventLog.js';
import { ingestFile } from '../../ingest/pipeline.js';
import { createPseudonymiser, loadOrCreateSecret } from '../../ingest/pseudonym.js';
import { openRecordIndex } from '../../ingest/recordIndex.js';
import { CsvWriter, type CsvFileResult } from '../../ingest/sample/csvWriter.js';
import { COST_CENTRES } from '../../ingest/sample/finance.js';
import { generateSample, type SampleFile } from '../../ingest/sample/generateSample.js';
import { loadReferenceTables, REFERENCE_QUERIES, referenceFilesOf, runReferenceQuery, type ReferenceQueryName } from '../../ingest/sample/referenceQueries.js';
import { specFor } from '../../ingest/sources.js';
import { homePaths } from '../../transforms/cli/home.js';
import { openDatabase } from '../../transforms/duckdb/database.js';
import { buildWarehouse, compareHashes, hashTables, type BuildMode } from '../../transforms/warehouse/build.js';
import { WAREHOUSE_MODELS } from '../../transforms/warehouse/models/index.js';
import type { TableHash } from '../../transforms/duckdb/tableHash.js';

const self = fileURLToPath(import.meta.url);

/** The facts compared between the warehouse and the reference SQL: totals over every period. */
interface Facts {
  requestsReceived: number;
  decidedToAssess: number;
  decidedNotToAssess: number;
  decisionsWithin6Weeks: number;
  plansIssued: number;
  issuedWithin20Weeks: number;
  censusPupils: number;
  censusEhcPlans: number;
  hnbActualSpend: string;
}

/** What a worker reports. */
interface BuildRun {
  mode: BuildMode;
  seconds: number;
  events: number;
  peakRssMb: number;
  /** Seconds by phase: loading the events, the staging models, the other models, the rest (checks, checkpoint, publish). */
  phases: { loadEvents: number; staging: number; models: number; rest: number };
  /** The three models that took longest, with their seconds. */
  slowest: Array<[string, number]>;
}
interface BaselineRun {
  seconds: number;
  loadSeconds: number;
  queriesSeconds: number;
  peakRssMb: number;
  facts: Facts;
}
interface Inspection {
  facts: Facts;
  tables: TableHash[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '500000' },
      dir: { type: 'string' },
      keep: { type: 'boolean', default: false },
      worker: { type: 'string' },
      home: { type: 'string' },
      mode: { type: 'string' },
      files: { type: 'string' },
    },
  });
  if (values.worker !== undefined) return worker(values.worker, values);

  const census = Number(values.rows);
  if (!Number.isInteger(census) || census < 1000) throw new Error(`--rows must be a whole number of 1000 or more, not '${values.rows}'`);
  const rows = { censusRows: census, caseRows: Math.round(census / 10), placementRows: Math.round(census / 10), ledgerRows: Math.round(census / 2) };
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'sendwh-warehouse-bench-'));
  const home = join(dir, 'home');
  // The figures hold only for a log of exactly these extracts.
  if (existsSync(home)) throw new Error(`${home} exists: give --dir a new or empty directory`);
  log(`size: ${fmt(rows.censusRows)} census rows, ${fmt(rows.caseRows)} cases, ${fmt(rows.placementRows)} placements, ${fmt(rows.ledgerRows)} ledger lines`);
  log(`working in ${dir}`);
  try {
    log('writing the national-scale extracts...');
    const sample = await generateSample(join(dir, 'extracts'), { scale: 'national', rows });
    log('writing one more month (April 2025)...');
    const month = await writeNextMonth(sample.files, join(dir, 'month'), rows);
    const extractRows = sample.files.reduce((n, f) => n + f.rows, 0);

    log('ingesting the extracts...');
    const ingestSeconds = await ingestAll(home, sample.files, join(dir, 'extracts.json'));

    log('a. full build from the event log...');
    const full = await runWorker<BuildRun>(['--worker', 'build', '--home', home, '--mode', 'full']);
    const built = await runWorker<Inspection>(['--worker', 'inspect', '--home', home]);
    const filesJson = join(dir, 'reference-files.json');
    writeFileSync(filesJson, JSON.stringify(sample.files.map((f) => ({ source: f.source, path: f.path }))));
    log('a. baseline: DuckDB straight from the CSV files...');
    const baseline = await runWorker<BaselineRun>(['--worker', 'baseline', '--files', filesJson]);
    const factsAgree = sameFacts(built.facts, baseline.facts);

    log('b. ingesting the new month...');
    const monthIngestSeconds = await ingestAll(home, month, join(dir, 'month.json'));
    log('b. incremental build...');
    const incremental = await runWorker<BuildRun>(['--worker', 'build', '--home', home, '--mode', 'incremental']);
    const afterIncremental = await runWorker<Inspection>(['--worker', 'inspect', '--home', home]);
    log('b. full rebuild of the same log...');
    const rebuild = await runWorker<BuildRun>(['--worker', 'build', '--home', home, '--mode', 'full']);
    const afterRebuild = await runWorker<Inspection>(['--worker', 'inspect', '--home', home]);
    const mismatches = compareHashes(afterRebuild.tables, afterIncremental.tables);
    if (incremental.mode !== 'incremental') throw new Error(`the build after the new month ran as ${incremental.mode}, not incremental`);

    const table: Array<[string, string, string]> = [
      ['a. full build from the event log', `${full.seconds.toFixed(2)} s`, `${fmt(full.events)} events, peak RSS ${full.peakRssMb} MB`],
      ['a. DuckDB from the CSV files (baseline)', `${baseline.seconds.toFixed(2)} s`, `load ${baseline.loadSeconds.toFixed(2)} s + queries ${baseline.queriesSeconds.toFixed(2)} s, peak RSS ${baseline.peakRssMb} MB`],
      ['a. ratio full build / baseline', `${(full.seconds / baseline.seconds).toFixed(2)}x`, `facts agree: ${factsAgree ? 'yes' : 'NO'}`],
      ['b. incremental build (one new month)', `${incremental.seconds.toFixed(2)} s`, `${fmt(incremental.events)} events, peak RSS ${incremental.peakRssMb} MB`],
      ['b. full rebuild of the same log', `${rebuild.seconds.toFixed(2)} s`, `${fmt(rebuild.events)} events, peak RSS ${rebuild.peakRssMb} MB`],
      ['b. ratio incremental / full rebuild', `${(incremental.seconds / rebuild.seconds).toFixed(3)}x`, `same tables: ${mismatches.length === 0 ? 'yes' : `NO (${mismatches.join(', ')})`}`],
    ];
    const width = Math.max(...table.map((r) => r[0].length));
    process.stdout.write(`\nnational-scale extracts: ${fmt(extractRows)} rows (${fmt(rows.censusRows)} census, ${fmt(rows.caseRows)} cases, ${fmt(rows.placementRows)} placements, ${fmt(rows.ledgerRows)} ledger lines)\n`);
    process.stdout.write(`ingest: ${ingestSeconds.toFixed(1)} s; new month: ${fmt(month.reduce((n, f) => n + f.rows, 0))} rows in ${month.length} files, ingested in ${monthIngestSeconds.toFixed(1)} s\n\n`);
    for (const [what, value, note] of table) process.stdout.write(`${what.padEnd(width)}  ${value.padStart(10)}  ${note}\n`);
    process.stdout.write('\nbuild phases (s)       load events  staging  other models  rest (checks, checkpoint, publish)\n');
    for (const [name, run] of [['a. full build', full], ['b. incremental', incremental], ['b. full rebuild', rebuild]] as const) {
      const p = run.phases;
      process.stdout.write(`${name.padEnd(22)} ${p.loadEvents.toFixed(2).padStart(11)} ${p.staging.toFixed(2).padStart(8)} ${p.models.toFixed(2).padStart(13)} ${p.rest.toFixed(2).padStart(7)}\n`);
    }
    process.stdout.write('\nslowest models (s)\n');
    for (const [name, run] of [['a. full build', full], ['b. incremental', incremental], ['b. full rebuild', rebuild]] as const) {
      process.stdout.write(`${name.padEnd(22)} ${run.slowest.map(([model, s]) => `${model} ${s.toFixed(2)}`).join(', ')}\n`);
    }
    process.stdout.write(
      JSON.stringify({
        bench: 'warehouse',
        rows,
        extractRows,
        fullBuild: { seconds: round(full.seconds), events: full.events, peakRssMb: full.peakRssMb, phases: roundAll(full.phases), slowest: full.slowest },
        baseline: { seconds: round(baseline.seconds), loadSeconds: round(baseline.loadSeconds), queriesSeconds: round(baseline.queriesSeconds), peakRssMb: baseline.peakRssMb },
        ratioFullVsBaseline: round(full.seconds / baseline.seconds),
        factsAgree,
        incremental: { seconds: round(incremental.seconds), events: incremental.events, peakRssMb: incremental.peakRssMb, phases: roundAll(incremental.phases), slowest: incremental.slowest },
        fullRebuild: { seconds: round(rebuild.seconds), events: rebuild.events, peakRssMb: rebuild.peakRssMb, phases: roundAll(rebuild.phases), slowest: rebuild.slowest },
        ratioIncrementalVsFull: Math.round((incremental.seconds / rebuild.seconds) * 1000) / 1000,
        incrementalMatchesRebuild: mismatches.length === 0,
      }) + '\n',
    );
    if (!factsAgree) {
      process.stderr.write(`warehouse facts:  ${JSON.stringify(built.facts)}\nreference facts: ${JSON.stringify(baseline.facts)}\n`);
      process.exitCode = 1;
    }
    if (mismatches.length > 0) process.exitCode = 1;
  } finally {
    if (!values.keep && values.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

// ---- workers (child processes) ----

async function worker(kind: string, values: { home?: string | undefined; mode?: string | undefined; files?: string | undefined }): Promise<void> {
  let report: unknown;
  if (kind === 'build') report = await timedBuild(required(values.home, '--home'), required(values.mode, '--mode') as BuildMode);
  else if (kind === 'ingest') report = await ingestFiles(required(values.home, '--home'), JSON.parse(readFileSync(required(values.files, '--files'), 'utf8')) as Array<{ source: SourceName; path: string }>);
  else if (kind === 'inspect') report = await inspect(required(values.home, '--home'));
  else if (kind === 'baseline') report = await baselineRun(JSON.parse(readFileSync(required(values.files, '--files'), 'utf8')) as Array<{ source: string; path: string }>);
  else throw new Error(`unknown worker ${kind}`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function timedBuild(home: string, mode: BuildMode): Promise<BuildRun> {
  const log = await createFileEventLog(homePaths(home).log);
  const recorder = phaseRecorder();
  try {
    const started = performance.now();
    const result = await buildWarehouse({ home, log, mode, logger: recorder.logger });
    const seconds = (performance.now() - started) / 1000;
    const loadEvents = recorder.eventsLoadedAt === null ? 0 : (recorder.eventsLoadedAt - started) / 1000;
    const staging = recorder.stagingMs / 1000;
    const models = recorder.otherModelsMs / 1000;
    const slowest = [...recorder.modelMs].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([name, ms]): [string, number] => [name, round(ms / 1000)]);
    const phases = { loadEvents, staging, models, rest: seconds - loadEvents - staging - models };
    return { mode: result.mode, seconds, events: result.events, peakRssMb: peakRssMb(), phases, slowest };
  } finally {
    await log.close();
  }
}

/** A logger that notes when the events were loaded and how long each model took (the runner's own log lines). */
function phaseRecorder(): { logger: Logger; eventsLoadedAt: number | null; stagingMs: number; otherModelsMs: number; modelMs: Map<string, number> } {
  const staging = new Set(WAREHOUSE_MODELS.filter((m) => m.layer === 'staging').map((m) => m.name));
  const state = { eventsLoadedAt: null as number | null, stagingMs: 0, otherModelsMs: 0 };
  const modelMs = new Map<string, number>();
  const note = (fields: Record<string, unknown>, message: string): void => {
    if (message === 'events loaded') state.eventsLoadedAt = performance.now();
    if (message === 'model built' && typeof fields.ms === 'number') {
      modelMs.set(String(fields.model), fields.ms);
      if (staging.has(String(fields.model))) state.stagingMs += fields.ms;
      else state.otherModelsMs += fields.ms;
    }
  };
  const logger: Logger = { debug: note, info: note, warn: () => {}, error: () => {}, child: () => logger };
  return {
    logger,
    modelMs,
    get eventsLoadedAt() {
      return state.eventsLoadedAt;
    },
    get stagingMs() {
      return state.stagingMs;
    },
    get otherModelsMs() {
      return state.otherModelsMs;
    },
  };
}

/** The warehouse's facts and table fingerprints (read-only, after a build). */
async function inspect(home: string): Promise<Inspection> {
  const db = await openDatabase(homePaths(home).warehouse, { readOnly: true });
  try {
    const one = async (sql: string): Promise<Record<string, unknown>> => ((await db.connection.runAndReadAll(sql)).getRowObjectsJson()[0] ?? {}) as Record<string, unknown>;
    const requests = await one(`
      select sum(requests_received) as received, sum(decided_to_assess) as assess, sum(decided_not_to_assess) as not_assess,
             sum(decisions_within_6_weeks) as within
      from fct_assessment_requests`);
    const plans = await one('select sum(plans_issued) as issued, sum(issued_within_20_weeks) as within from fct_plan_timeliness');
    const census = await one(`select sum(pupils) as pupils, sum(pupils) filter (where sen_provision = 'E') as ehc from fct_census_sen`);
    const spend = await one(`select cast(sum(amount) as varchar) as spend from fct_hnb_spend where ledger_type = 'Actual' and line <> 'Unmapped'`);
    const facts: Facts = {
      requestsReceived: Number(requests.received),
      decidedToAssess: Number(requests.assess),
      decidedNotToAssess: Number(requests.not_assess),
      decisionsWithin6Weeks: Number(requests.within),
      plansIssued: Number(plans.issued),
      issuedWithin20Weeks: Number(plans.within),
      censusPupils: Number(census.pupils),
      censusEhcPlans: Number(census.ehc),
      hnbActualSpend: pounds(Number(spend.spend)),
    };
    return { facts, tables: await hashTables(db.connection) };
  } finally {
    db.close();
  }
}

/** The baseline: the reference SQL straight over the CSV files, every reference query run once. */
async function baselineRun(files: Array<{ source: string; path: string }>): Promise<BaselineRun> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("set TimeZone = 'UTC'");
    const started = performance.now();
    await loadReferenceTables(connection, referenceFilesOf(files));
    const loaded = performance.now();
    const results = new Map<ReferenceQueryName, Array<Record<string, string | number | boolean | null>>>();
    for (const name of Object.keys(REFERENCE_QUERIES) as ReferenceQueryName[]) results.set(name, await runReferenceQuery(connection, name));
    const done = performance.now();
    const sum = (name: ReferenceQueryName, column: string): number => (results.get(name) ?? []).reduce((n, r) => n + Number(r[column] ?? 0), 0);
    const facts: Facts = {
      requestsReceived: sum('requestsByYear', 'requests_received'),
      decidedToAssess: sum('requestsByYear', 'decided_to_assess'),
      decidedNotToAssess: sum('requestsByYear', 'decided_not_to_assess'),
      decisionsWithin6Weeks: sum('requestsByYear', 'decisions_within_6_weeks'),
      plansIssued: sum('timelinessByYear', 'plans_issued'),
      issuedWithin20Weeks: sum('timelinessByYear', 'issued_within_20_weeks'),
      censusPupils: sum('censusSen', 'pupils'),
      censusEhcPlans: sum('censusSen', 'ehc_plan'),
      hnbActualSpend: pounds(sum('hnbSpendByLine', 'amount')),
    };
    return { seconds: (done - started) / 1000, loadSeconds: (loaded - started) / 1000, queriesSeconds: (done - loaded) / 1000, peakRssMb: peakRssMb(), facts };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function sameFacts(a: Facts, b: Facts): boolean {
  return (Object.keys(a) as Array<keyof Facts>).every((k) => a[k] === b[k]);
}

// ---- the new month ----

const APRIL = '2025-04-30';

/**
 * Writes April 2025 after the national extracts: the cases and placements
 * snapshots at 2025-04-30 (requests awaiting a decision decided, assessments
 * awaiting an outcome concluded, one open plan in 50 ceased, one in 12
 * reviewed, one placement in 100 ended, a month of new requests and
 * placements) and a month of ledger lines (2025-26 period 1).
 */
async function writeNextMonth(files: readonly SampleFile[], outDir: string, rows: { caseRows: number; placementRows: number; ledgerRows: number }): Promise<SampleFile[]> {
  await mkdir(outDir, { recursive: true });
  const path = (source: SourceName): string => {
    const file = files.find((f) => f.source === source);
    if (file === undefined) throw new Error(`the national sample has no ${source} file`);
    return file.path;
  };
  const out: SampleFile[] = [];
  const add = (source: SourceName, r: CsvFileResult): void => {
    out.push({ source, path: r.path, file: basename(r.path), rows: r.rows, bytes: r.bytes, sha256: r.sha256 });
  };
  /** The source's snapshot at 2025-04-30: every row re-dated and passed through `change`, then the `added` rows. */
  const snapshot = async (
    source: 'cases' | 'placements',
    change: (row: Record<string, string>, index: number) => void,
    added: ReadonlyArray<Record<string, string>>,
  ): Promise<void> => {
    const redate = (row: Record<string, string>, index: number): void => {
      row.ExtractDate = APRIL;
      change(row, index);
    };
    const to = join(outDir, `synergy_${source}_${APRIL}_national.csv`);
    add(source, await rewriteSnapshot(path(source), to, redate, added.map((row) => ({ ExtractDate: APRIL, ...row }))));
  };

  const newRequests = Math.max(1, Math.round(rows.caseRows / 120));
  await snapshot(
    'cases',
    (c, i) => {
      if (c.RequestOutcome === 'A') {
        c.RequestOutcome = 'N';
        c.RequestOutcomeDate = '2025-04-15';
      } else if (c.AssessmentOutcome === 'A') {
        c.AssessmentOutcome = 'N';
        c.AssessmentOutcomeDate = '2025-04-20';
      } else if (c.PlanStartDate !== '' && c.CeaseDate === '') {
        if (i % 50 === 0) {
          c.CeaseDate = '2025-04-10';
          c.CeaseReason = '1';
        } else if (i % 12 === 0) {
          c.LastReviewDate = '2025-04-05';
        }
      }
    },
    Array.from({ length: newRequests }, (_, j) => ({
      RequestID: String(20_000_001 + j),
      PersonID: String(9_000_001 + j),
      Surname: 'April',
      DOB: '2016-06-01',
      Sex: j % 3 === 0 ? 'F' : 'M',
      AreaTeam: ['North', 'East', 'South', 'West'][j % 4] as string,
      ReceivedDate: aprilDay(j),
      RequestSource: String(1 + (j % 5)),
    })),
  );

  const newPlacements = Math.max(1, Math.round(rows.placementRows / 120));
  await snapshot(
    'placements',
    (p, i) => {
      if (p.LeavingDate === '' && i % 100 === 0) p.LeavingDate = '2025-04-25';
    },
    Array.from({ length: newPlacements }, (_, j) => ({
      PlacementID: String(40_000_001 + j),
      PersonID: String(9_000_001 + j),
      SENSetting: ['OLA', 'OPA', 'EHE', 'OTH'][j % 4] as string,
      EntryDate: aprilDay(j),
      PlacementRank: '1',
    })),
  );

  const ledger = new CsvWriter(join(outDir, 'finance_ledger_2025-26_p01_national.csv'), ['TransactionID', 'FinancialYear', 'Period', 'PostingDate', 'CostCentre', 'Subjective', 'LedgerType', 'Amount', 'Description']);
  const lines = Math.max(1, Math.round(rows.ledgerRows / 72));
  for (let i = 0; i < lines; i++) {
    const cc = COST_CENTRES[i % COST_CENTRES.length]!;
    const pence = (1000 + ((i * 7919) % 4_000_000)) * (cc.kind === 'spend' ? 1 : -1);
    const abs = Math.abs(pence);
    const amount = `${pence < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
    if (ledger.row([`A${String(i + 1).padStart(9, '0')}`, '2025-26', '1', aprilDay(i), cc.code, cc.subjective, 'Actual', amount, cc.name])) await ledger.drain();
  }
  add('finance', await ledger.close());
  return out;
}

/** One of the first 28 days of April 2025, by a counter. */
function aprilDay(n: number): string {
  return `2025-04-${String(1 + (n % 28)).padStart(2, '0')}`;
}

/** Copies a snapshot CSV row by row through `change`, then appends the `added` rows (columns they leave out are blank). */
async function rewriteSnapshot(
  from: string,
  to: string,
  change: (row: Record<string, string>, index: number) => void,
  added: ReadonlyArray<Record<string, string>>,
): Promise<CsvFileResult> {
  const csv = await readCsv(from);
  const header = csv.header;
  const writer = new CsvWriter(to, header);
  let index = 0;
  for await (const batch of csv.batches()) {
    for (const record of batch) {
      const row: Record<string, string> = Object.fromEntries(header.map((h, i) => [h, record.fields[i] ?? '']));
      change(row, index++);
      if (writer.row(header.map((h) => row[h] ?? ''))) await writer.drain();
    }
  }
  for (const row of added) if (writer.row(header.map((h) => row[h] ?? ''))) await writer.drain();
  return writer.close();
}

// ---- helpers ----

/** Ingests files (in a worker) in order, as `sendwh ingest` does; returns the seconds taken. */
async function ingestAll(home: string, files: readonly SampleFile[], listPath: string): Promise<number> {
  writeFileSync(listPath, JSON.stringify(files.map((f) => ({ source: f.source, path: f.path }))));
  const started = performance.now();
  const report = await runWorker<{ rejected: number; events: number }>(['--worker', 'ingest', '--home', home, '--files', listPath]);
  if (report.rejected > 0) throw new Error(`the ingest quarantined ${report.rejected} row(s): the benchmark's extracts must all be valid`);
  return (performance.now() - started) / 1000;
}

/** The ingest worker: the pipeline on the home's file event log, record index and secret. */
async function ingestFiles(home: string, files: ReadonlyArray<{ source: SourceName; path: string }>): Promise<{ rejected: number; events: number }> {
  const paths = homePaths(home);
  await mkdir(paths.root, { recursive: true });
  const pseudonymise = createPseudonymiser(loadOrCreateSecret(paths.secret));
  const log = await createFileEventLog(paths.log);
  try {
    const index = await openRecordIndex(paths.index);
    try {
      let rejected = 0;
      let events = 0;
      for (const f of files) {
        for (const input of await expandInputs(f.source, [f.path])) {
          const report = await ingestFile({ spec: specFor(f.source), specs: specFor, input, log, index, pseudonymise });
          rejected += report.rejected;
          events += report.events;
        }
      }
      return { rejected, events };
    } finally {
      await index.close();
    }
  } finally {
    await log.close();
  }
}

/** Runs this script as a worker and returns the JSON it reports. */
async function runWorker<T>(args: readonly string[]): Promise<T> {
  const { stdout } = await run([self, ...args]);
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

async function run(args: readonly string[]): Promise<{ stdout: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SENDWH_LOG_LEVEL: 'warn', TZ: 'UTC' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${basename(args[0] ?? '')} ${args.slice(1, 3).join(' ')} failed (exit ${code}):\n${stderr}`);
  return { stdout };
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new Error(`a worker needs ${flag}`);
  return value;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function pounds(n: number): string {
  return n.toFixed(2);
}

function fmt(n: number): string {
  return n.toLocaleString('en-GB');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function roundAll<T extends Record<string, number>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)])) as T;
}

function log(message: string): void {
  process.stderr.write(`[warehouse-bench] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`warehouse benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
