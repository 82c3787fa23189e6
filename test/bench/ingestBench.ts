// Ingest benchmark (a script, not a test): rows/s of `sendwh ingest census` on
// a national-scale census file against DuckDB's own raw load of the same file
// (read_csv into a table, in this process; and, like the ingest, as a process
// of its own from start to exit), measured in the same run on the same machine, and
// the ingest's peak RSS at two sizes (memory must not grow with the file).
//
//   npm run bench -- [--rows 1000000] [--small 100000] [--dir DIR] [--keep]
//
// The ingest runs as the real CLI in a child process; a preloaded hook
// (rssHook.mjs) reports the child's peak RSS when it exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateSample } from '../../ingest/sample/generateSample.js';

const cli = fileURLToPath(new URL('../../transforms/cli/main.js', import.meta.url));
const rssHook = fileURLToPath(new URL('../../../test/bench/rssHook.mjs', import.meta.url));

interface IngestRun {
  rows: number;
  seconds: number;
  peakRssMb: number;
  events: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      small: { type: 'string', default: '100000' },
      dir: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const bigRows = Number(values.rows);
  const smallRows = Number(values.small);
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'sendwh-ingest-bench-'));
  log(`working in ${dir}`);
  try {
    const small = await censusFile(join(dir, 'small'), smallRows);
    const big = await censusFile(join(dir, 'big'), bigRows);

    const duckdbAll = await duckdbLoad(big, join(dir, 'raw-all.duckdb'), null);
    const duckdbOne = await duckdbLoad(big, join(dir, 'raw-1.duckdb'), 1);
    const duckdbProcess = await duckdbProcessLoad(big, join(dir, 'raw-process.duckdb'));
    const smallRun = await ingest(small, join(dir, 'home-small'), smallRows);
    const bigRun = await ingest(big, join(dir, 'home-big'), bigRows);

    const rows = [
      { what: `DuckDB read_csv -> table (all threads), ${fmt(bigRows)} rows`, seconds: duckdbAll, rowsPerSecond: bigRows / duckdbAll, ratio: 1 },
      { what: `DuckDB read_csv -> table (1 thread), ${fmt(bigRows)} rows`, seconds: duckdbOne, rowsPerSecond: bigRows / duckdbOne, ratio: duckdbOne / duckdbAll },
      { what: `DuckDB read_csv -> table, as a process, ${fmt(bigRows)} rows`, seconds: duckdbProcess, rowsPerSecond: bigRows / duckdbProcess, ratio: duckdbProcess / duckdbAll },
      { what: `sendwh ingest census, ${fmt(smallRows)} rows`, seconds: smallRun.seconds, rowsPerSecond: smallRows / smallRun.seconds, ratio: NaN },
      { what: `sendwh ingest census, ${fmt(bigRows)} rows`, seconds: bigRun.seconds, rowsPerSecond: bigRows / bigRun.seconds, ratio: bigRun.seconds / duckdbAll },
    ];
    process.stdout.write('\n');
    for (const r of rows) {
      process.stdout.write(
        `${r.what.padEnd(52)} ${r.seconds.toFixed(2).padStart(8)} s ${fmt(Math.round(r.rowsPerSecond)).padStart(11)} rows/s` +
          `${Number.isNaN(r.ratio) ? '' : `  ${r.ratio.toFixed(2)}x DuckDB`}\n`,
      );
    }
    process.stdout.write(
      `\nsendwh's ${fmt(bigRows)}-row ingest, a process from start to exit, is ${(bigRun.seconds / duckdbProcess).toFixed(2)}x DuckDB's load run the same way\n`,
    );
    process.stdout.write(`peak RSS: ${smallRun.peakRssMb} MB at ${fmt(smallRows)} rows, ${bigRun.peakRssMb} MB at ${fmt(bigRows)} rows\n`);
    process.stdout.write(
      JSON.stringify({
        bench: 'ingest',
        rows: bigRows,
        fileBytes: statSync(big).size,
        duckdbSeconds: round(duckdbAll),
        duckdbOneThreadSeconds: round(duckdbOne),
        sendwhSeconds: round(bigRun.seconds),
        ratioVsDuckdb: round(bigRun.seconds / duckdbAll),
        ratioVsDuckdbOneThread: round(bigRun.seconds / duckdbOne),
        duckdbProcessSeconds: round(duckdbProcess),
        ratioVsDuckdbProcess: round(bigRun.seconds / duckdbProcess),
        sendwhRowsPerSecond: Math.round(bigRows / bigRun.seconds),
        peakRssMb: { [smallRows]: smallRun.peakRssMb, [bigRows]: bigRun.peakRssMb },
      }) + '\n',
    );
  } finally {
    if (!values.keep && values.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a national-scale census file of `rows` rows (the sample generator's national scale, census only). */
async function censusFile(dir: string, rows: number): Promise<string> {
  log(`writing a ${fmt(rows)}-row census file...`);
  const sample = await generateSample(dir, { scale: 'national', rows: { censusRows: rows, caseRows: 1, placementRows: 1, ledgerRows: 1 } });
  const census = sample.files.find((f) => f.source === 'census');
  if (census === undefined || census.rows !== rows) throw new Error('the generator wrote no census file of the asked size');
  return census.path;
}

/** DuckDB's own raw load: read_csv of the file into a table of a file database. */
async function duckdbLoad(file: string, dbPath: string, threads: number | null): Promise<number> {
  log(`DuckDB read_csv (${threads === null ? 'all threads' : `${threads} thread`})...`);
  const instance = await DuckDBInstance.create(dbPath, threads === null ? {} : { threads: String(threads) });
  const connection = await instance.connect();
  try {
    const started = performance.now();
    await connection.run('create table census as select * from read_csv($file, header = true)', { file });
    await connection.run('checkpoint');
    return (performance.now() - started) / 1000;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * DuckDB's raw load run the way the ingest is: a child process (Node and DuckDB's library loading, the
 * database created, read_csv into a table, checkpoint, exit), timed from spawn to exit.
 */
async function duckdbProcessLoad(file: string, dbPath: string): Promise<number> {
  log('DuckDB read_csv (as a process)...');
  const script = [
    "const { DuckDBInstance } = await import('@duckdb/node-api');",
    'const [db, csv] = process.argv.slice(1);',
    'const instance = await DuckDBInstance.create(db);',
    'const connection = await instance.connect();',
    "await connection.run('create table census as select * from read_csv($file, header = true)', { file: csv });",
    "await connection.run('checkpoint');",
    'connection.closeSync();',
    'instance.closeSync();',
  ].join('\n');
  const started = performance.now();
  // Run from the package root, where @duckdb/node-api resolves.
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, dbPath, file], { cwd: fileURLToPath(new URL('../../../', import.meta.url)), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the DuckDB load process failed (exit ${code}):\n${stderr}`);
  return (performance.now() - started) / 1000;
}

/** Runs `sendwh ingest census <file>` as a child process; wall time and peak RSS. */
async function ingest(file: string, home: string, rows: number): Promise<IngestRun> {
  log(`sendwh ingest census (${fmt(rows)} rows)...`);
  const started = performance.now();
  const child = spawn(process.execPath, [...binNodeFlags(), '--import', rssHook, cli, 'ingest', 'census', file, '--home', home, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SENDWH_LOG_LEVEL: 'warn' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`sendwh ingest failed (exit ${code}):\n${stderr}`);
  const peak = /sendwh-bench-peak-rss-kb=(\d+)/.exec(stderr);
  if (peak === null) throw new Error(`the child did not report its peak RSS:\n${stderr}`);
  const report = JSON.parse(stdout) as { files: Array<{ accepted: number; rejected: number; events: number }> };
  const f = report.files[0]!;
  if (f.accepted + f.rejected !== rows) throw new Error(`ingest accounted for ${f.accepted + f.rejected} rows, not ${rows}`);
  return { rows, seconds, peakRssMb: Math.round(Number(peak[1]) / 1024), events: f.events };
}

/** The Node flags the sendwh bin's `#!/usr/bin/env -S node ...` line gives, so the benchmark runs what users run. */
function binNodeFlags(): string[] {
  const first = readFileSync(cli, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node(.*)$/.exec(first);
  return match === null ? [] : (match[1] as string).trim().split(/\s+/).filter((f) => f !== '');
}

function fmt(n: number): string {
  return n.toLocaleString('en-GB');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function log(message: string): void {
  process.stderr.write(`[ingest-bench] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`ingest benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
