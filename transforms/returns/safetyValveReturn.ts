// The quarterly Safety Valve monitoring return: reads its tables from the
// warehouse as at the quarter end, and writes a folder with an Excel workbook,
// the same tables as CSV files, an HTML report and a manifest; then records
// the submission under <home>/submissions. `sendwh return safety-valve`, the
// scheduler and `sendwh demo` all come through writeSafetyValveReturn.
//
// Every output is made in memory first (makeReturnFiles) from one read-only
// handle on one warehouse file, so the log position in the manifest is the one
// the figures came from, and `sendwh reproduce` can make the same bytes again
// from a warehouse rebuilt to that position.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { SendwhError, silentLogger, type CommittedFile, type EventLog, type Logger } from '../../models/index.js';
import { querySqlFile } from '../duckdb/database.js';
import { buildWarehouse, openWarehouseReadOnly } from '../warehouse/index.js';
import { tableCsv } from './csv.js';
import { reportHtml } from './html.js';
import { codeVersion, describeCode, MANIFEST_FILE, manifestBytes, sha256, sourcesUpTo, type CodeVersion, type ManifestFile, type ReturnManifest } from './manifest.js';
import { publishTables } from './publish.js';
import { latestQuarterEndingBy, longDate, parseQuarter, quarterContaining, type Quarter } from './quarter.js';
import { recordSubmission, submissionId, type SubmissionRecord } from './submissions.js';
import { summarise, type Headline } from './summary.js';
import { readTables, tableOf, type ReturnTable } from './tables.js';
import { returnWorkbook } from './xlsx.js';

/** One output file, in memory. */
export interface OutputFile {
  /** Path inside the return's folder (forward slashes). */
  path: string;
  bytes: Buffer;
}

/** Everything a return writes, made in memory. */
export interface ReturnFiles {
  quarter: Quarter;
  logPosition: number;
  files: OutputFile[];
  manifest: ReturnManifest;
  manifestBytes: Buffer;
  tables: ReturnTable[];
  headlines: Headline[];
  commentary: string[];
}

export interface MakeReturnOptions {
  /** The quarter, or undefined for the latest the warehouse covers. */
  quarter: Quarter | undefined;
  publish: boolean;
  /** The event log's committed files (the manifest lists those up to the warehouse's position). */
  logFiles: readonly CommittedFile[];
  code: CodeVersion;
}

/** Reads the return's tables from an open warehouse and makes every file of it. */
export async function makeReturnFiles(connection: DuckDBConnection, options: MakeReturnOptions): Promise<ReturnFiles> {
  const [context] = await querySqlFile(connection, 'returns/rpt_return_context.sql');
  if (context === undefined || context.log_position === null || context.log_position === undefined) {
    throw new SendwhError('warehouse-not-built', 'the warehouse has no checkpoint: it was never built', { hint: 'run `sendwh build`' });
  }
  const logPosition = Number(context.log_position);
  const lastSnapshot = typeof context.last_snapshot === 'string' ? context.last_snapshot : null;
  if (lastSnapshot === null) {
    throw new SendwhError('no-caseload', 'the warehouse holds no EHC plan caseload, so there is nothing to return', {
      kind: 'usage',
      hint: 'ingest the cases and placements extracts (sendwh ingest cases ..., sendwh ingest placements ...) first',
    });
  }
  const quarter = options.quarter ?? latestQuarterEndingBy(lastSnapshot);
  if (quarter.end > lastSnapshot) {
    const latest = latestQuarterEndingBy(lastSnapshot);
    throw new SendwhError('quarter-not-covered', `the log's data reaches ${longDate(lastSnapshot)}, before the end of ${quarter.id} (${longDate(quarter.end)})`, {
      kind: 'usage',
      hint: `ingest the extracts for the quarter first; the latest quarter the data covers is ${latest.id}`,
    });
  }
  const firstSnapshot = typeof context.first_snapshot === 'string' ? context.first_snapshot : lastSnapshot;
  if (quarter.end < firstSnapshot) {
    throw new SendwhError('quarter-not-covered', `the log's caseload starts on ${longDate(firstSnapshot)}, after the end of ${quarter.id} (${longDate(quarter.end)})`, {
      kind: 'usage',
      hint: `the data covers the quarters from ${quarterContaining(firstSnapshot).id} to ${latestQuarterEndingBy(lastSnapshot).id}`,
    });
  }
  const laCode = typeof context.la_code === 'string' ? context.la_code : null;
  const authorityName = typeof context.la_name === 'string' ? context.la_name : laCode === null ? 'The authority' : `Local authority ${laCode}`;
  const raw = await readTables(connection, {
    quarter,
    logPosition,
    laCode,
    hasQualityTables: context.has_check_results === true && context.has_findings === true,
  });
  const tables = options.publish ? publishTables(raw) : raw;
  const summary = summarise(tables, { quarter, authorityName });
  const title = `Safety Valve monitoring return ${quarter.id}: ${authorityName}`;
  const sources = sourcesUpTo(options.logFiles, logPosition);
  const base = `safety-valve-return_${quarter.id}${options.publish ? '_published' : ''}`;

  const files: OutputFile[] = [];
  files.push({
    path: `${base}.xlsx`,
    bytes: await returnWorkbook(tables, {
      title,
      date: quarter.end,
      commentary: summary.commentary,
      facts: [
        ['Authority', authorityName],
        ['Quarter', quarter.label],
        ['Figures as at', longDate(quarter.end)],
        ['Ledger periods', quarter.number === 4 ? `the whole of ${quarter.financialYear}, year-end adjustments (periods 13-16) included` : `${quarter.financialYear} periods 1-${quarter.lastPeriod}`],
        ['Event log position', String(logPosition)],
        ['Made by', describeCode(options.code)],
        ['Version', options.publish ? 'published: counts from 1 to 4, and figures they could be worked out from, shown as c' : 'full (not for publication: small numbers are not suppressed)'],
      ],
    }),
  });
  files.push({
    path: `${base}.html`,
    bytes: Buffer.from(
      reportHtml(tables, summary, {
        title,
        authorityName,
        quarter,
        logPosition,
        published: options.publish,
        codeVersion: describeCode(options.code),
        sources: sources.length,
      }),
      'utf8',
    ),
  });
  for (const table of tables) files.push({ path: `csv/${table.spec.key}.csv`, bytes: tableCsv(table) });

  const checks = tableOf(raw, 'data_quality_checks');
  const manifest: ReturnManifest = {
    return: 'safety-valve',
    quarter: quarter.id,
    quarterStart: quarter.start,
    quarterEnd: quarter.end,
    published: options.publish,
    logPosition,
    authority: { laCode, name: authorityName },
    code: options.code,
    sources,
    checks: checks.rows.map((r) => ({ check: r[0] ?? '', severity: r[1] ?? '', status: r[2] ?? '', findings: Number(r[3] ?? 0) })),
    files: files.map((f): ManifestFile => ({ path: f.path, bytes: f.bytes.length, sha256: sha256(f.bytes) })),
  };
  return { quarter, logPosition, files, manifest, manifestBytes: manifestBytes(manifest), tables, headlines: summary.headlines, commentary: summary.commentary };
}

export interface SafetyValveReturnOptions {
  /** The installation's home directory (--home). */
  home: string;
  log: EventLog;
  /** YYYY-YY-QN, or undefined for the latest quarter the data covers (what `demo` writes). */
  quarter?: string;
  /** The folder to write (default <home>/returns/<submission id>). */
  out?: string;
  /** Suppress small counts for publication. */
  publish?: boolean;
  /** Bring the warehouse up to date with the log first (default true). */
  build?: boolean;
  logger?: Logger;
  /** Clock for the submission record's time only. */
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  onProgress?: (message: string) => void;
}

export interface SafetyValveReturnResult {
  id: string;
  quarter: string;
  logPosition: number;
  out: string;
  files: ManifestFile[];
  manifestPath: string;
  alreadyRecorded: boolean;
  submission: SubmissionRecord;
  headlines: Headline[];
  checks: { total: number; failed: number };
}

/**
 * Makes the quarterly Safety Valve return and records the submission: builds
 * the warehouse up to the log's end (unless told not to), reads the return as
 * at the quarter end, writes the folder and records it under
 * <home>/submissions. `sendwh demo` calls this with no quarter for the latest.
 */
export async function writeSafetyValveReturn(options: SafetyValveReturnOptions): Promise<SafetyValveReturnResult> {
  const logger = (options.logger ?? silentLogger).child({ component: 'safety-valve-return' });
  const quarter = options.quarter === undefined ? undefined : parseQuarter(options.quarter);
  const home = resolve(options.home);
  if (options.build !== false) {
    options.onProgress?.('bringing the warehouse up to date with the log...');
    const built = await buildWarehouse({ home, log: options.log, logger: options.logger ?? silentLogger, ...(options.now ? { now: options.now } : {}) });
    logger.info({ upToDate: built.upToDate, toSeq: built.toSeq }, 'warehouse ready');
  }
  options.onProgress?.('reading the return from the warehouse...');
  const logFiles = await options.log.files();
  const db = await openWarehouseReadOnly(home);
  let made: ReturnFiles;
  try {
    made = await makeReturnFiles(db.connection, { quarter, publish: options.publish ?? false, logFiles, code: codeVersion(options.env) });
  } finally {
    db.close();
  }
  const id = submissionId(made.manifest);
  const out = resolve(options.out ?? join(home, 'returns', id));
  options.onProgress?.(`writing ${out}...`);
  writeReturnFolder(out, made.files, made.manifestBytes);
  const now = options.now ?? (() => new Date());
  const { record, alreadyRecorded } = recordSubmission(join(home, 'submissions'), made.manifest, { out, submittedAt: now() });
  logger.info({ id: record.id, quarter: made.quarter.id, logPosition: made.logPosition, out, alreadyRecorded }, 'safety valve return written');
  const failed = made.manifest.checks.filter((c) => c.status !== 'pass').length;
  return {
    id: record.id,
    quarter: made.quarter.id,
    logPosition: made.logPosition,
    out,
    files: [...made.manifest.files, { path: MANIFEST_FILE, bytes: made.manifestBytes.length, sha256: sha256(made.manifestBytes) }],
    manifestPath: join(out, MANIFEST_FILE),
    alreadyRecorded,
    submission: record,
    headlines: made.headlines,
    checks: { total: made.manifest.checks.length, failed },
  };
}

/**
 * Writes the files into `out` (created if need be). A folder that holds
 * anything but a return's own files is refused, so a mistyped --out never
 * mixes a return with other work; a previous return's files are replaced.
 */
export function writeReturnFolder(out: string, files: readonly OutputFile[], manifest: Buffer): void {
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new SendwhError('out-not-a-folder', `${out} exists and is not a folder`, { kind: 'usage', hint: 'give --out a folder (it is created if missing)' });
    const strangers = foreign(out, new Set([...files.map((f) => f.path), MANIFEST_FILE]));
    if (strangers.length > 0) {
      throw new SendwhError('out-not-empty', `${out} already holds files that are not part of a return: ${strangers.slice(0, 5).join(', ')}${strangers.length > 5 ? ', ...' : ''}`, {
        kind: 'usage',
        hint: 'give --out an empty or new folder, or the folder of an earlier return to replace it',
      });
    }
  }
  const writing = [...files, { path: MANIFEST_FILE, bytes: manifest }];
  // An earlier return's files that this one does not write (another quarter's workbook, say) go.
  if (existsSync(out)) {
    const keep = new Set(writing.map((f) => f.path));
    for (const path of returnFilesIn(out)) if (!keep.has(path)) rmSync(join(out, ...path.split('/')), { force: true });
  }
  for (const f of writing) {
    const target = join(out, ...f.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, f.bytes);
    renameSync(temp, target);
  }
}

/** Files under `dir` (relative, forward slashes) that a return would not write: anything but the return's own file names, csv/ and its CSVs. */
function foreign(dir: string, own: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path === 'csv') walk(path);
        else out.push(`${path}/`);
      } else if (!own.has(path) && !isReturnFile(path)) out.push(path);
    }
  };
  walk('');
  return out.sort();
}

function returnFilesIn(dir: string): string[] {
  const top = readdirSync(dir).filter((name) => isReturnFile(name));
  const csv = existsSync(join(dir, 'csv')) ? readdirSync(join(dir, 'csv')).map((name) => `csv/${name}`).filter(isReturnFile) : [];
  return [...top, ...csv];
}

/** A file an earlier return (of any quarter, published or not) would have written. */
function isReturnFile(path: string): boolean {
  return path === MANIFEST_FILE || /^safety-valve-return_\d{4}-\d{2}-Q[1-4](_published)?\.(xlsx|html)$/.test(path) || /^csv\/[a-z_]+\.csv$/.test(path);
}
