// `sendwh reproduce <id>`: writes a recorded submission again, byte for byte,
// whatever the log has learnt since (later extracts, corrections to the same
// quarter). The figures come from a warehouse built from the log up to the
// submission's position: the live warehouse when it stands exactly there with
// the same model definitions, otherwise a full build to that position in a
// temporary file under the home (removed afterwards). Every file made is
// checked against the sha256 in the stored manifest before anything is
// written; any difference fails loudly and writes nothing.
//
// Why rebuild rather than keep a copy of the warehouse per submission: the
// log is the record and is kept anyway, a warehouse file is hundreds of
// megabytes, and a rebuild proves that the return follows from the log alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SendwhError, silentLogger, type EventLog, type Logger } from '../../models/index.js';
import { openDatabase, querySqlFile, type Database } from '../duckdb/database.js';
import { buildWarehouseAsOf, definitionsHash, openWarehouseReadOnly } from '../warehouse/index.js';
import { codeVersion, describeCode, MANIFEST_FILE, manifestBytes, sha256, type ManifestFile, type ReturnManifest } from './manifest.js';
import { parseQuarter } from './quarter.js';
import { makeReturnFiles, writeReturnFolder } from './safetyValveReturn.js';
import { readSubmission } from './submissions.js';

export interface ReproduceOptions {
  home: string;
  log: EventLog;
  id: string;
  /** The folder to write (default <home>/reproduced/<id>). */
  out?: string;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  onProgress?: (message: string) => void;
}

export interface ReproduceResult {
  id: string;
  quarter: string;
  logPosition: number;
  /** How the warehouse at the submission's position was had. */
  warehouse: 'live' | 'rebuilt';
  out: string;
  files: ManifestFile[];
  /** Every file matched the stored manifest (always true: a mismatch throws). */
  identical: true;
  /** The code that made the submission, and the code that reproduced it. */
  madeBy: string;
  reproducedBy: string;
}

export async function reproduceSubmission(options: ReproduceOptions): Promise<ReproduceResult> {
  const logger = (options.logger ?? silentLogger).child({ component: 'reproduce', submission: options.id });
  const home = resolve(options.home);
  const record = readSubmission(join(home, 'submissions'), options.id);
  const stored = record.manifest;
  const end = await options.log.position();
  if (end < stored.logPosition) {
    throw new SendwhError('log-behind-submission', `submission ${record.id} was made at log position ${stored.logPosition}, but this log ends at ${end}`, {
      hint: 'the event log was replaced or truncated since the return was made; restore it from a backup of the home directory',
    });
  }
  const logFiles = await options.log.files();
  const { db, warehouse, cleanup } = await warehouseAt(home, options.log, stored.logPosition, logger, options.onProgress);
  let made;
  try {
    options.onProgress?.('reading the return from the warehouse...');
    made = await makeReturnFiles(db.connection, { quarter: parseQuarter(stored.quarter), publish: stored.published, logFiles, code: codeVersion(options.env) });
  } finally {
    db.close();
    cleanup();
  }
  const problems = compare(stored, made.manifest);
  if (problems.length > 0) {
    const then = describeCode(stored.code);
    const now = describeCode(made.manifest.code);
    throw new SendwhError('reproduce-mismatch', `submission ${record.id} could not be reproduced byte for byte: ${problems.join('; ')}`, {
      hint:
        then === now
          ? `it was made by ${then}, which this also is, but the code has been changed since without a new version or commit. Nothing was written. Run the code exactly as it was to reproduce it`
          : `it was made by ${then}; this is ${now}. Nothing was written. Run the version that made it (a checkout of that commit) to reproduce it exactly`,
    });
  }
  // The manifest written is the stored one, byte for byte (it names the code that made the submission).
  const bytes = manifestBytes(stored);
  if (sha256(bytes) !== record.manifestSha256) throw new SendwhError('submission-tampered', `the stored manifest of ${record.id} does not match its hash`);
  const out = resolve(options.out ?? join(home, 'reproduced', record.id));
  writeReturnFolder(out, made.files, bytes);
  logger.info({ out, warehouse, files: made.files.length }, 'submission reproduced');
  return {
    id: record.id,
    quarter: stored.quarter,
    logPosition: stored.logPosition,
    warehouse,
    out,
    files: [...stored.files, { path: MANIFEST_FILE, bytes: bytes.length, sha256: record.manifestSha256 }],
    identical: true,
    madeBy: describeCode(stored.code),
    reproducedBy: describeCode(made.manifest.code),
  };
}

/** Differences between the stored manifest and the one just made, apart from the code that made them. */
export function compare(stored: ReturnManifest, made: ReturnManifest): string[] {
  const problems: string[] = [];
  const storedFiles = new Map(stored.files.map((f) => [f.path, f]));
  const madeFiles = new Map(made.files.map((f) => [f.path, f]));
  for (const [path, f] of storedFiles) {
    const m = madeFiles.get(path);
    if (m === undefined) problems.push(`${path} was not made`);
    else if (m.sha256 !== f.sha256) problems.push(`${path} differs (sha256 ${m.sha256.slice(0, 12)}..., recorded ${f.sha256.slice(0, 12)}...)`);
  }
  for (const path of madeFiles.keys()) if (!storedFiles.has(path)) problems.push(`${path} is new`);
  const { code: _a, files: _b, ...storedRest } = stored;
  const { code: _c, files: _d, ...madeRest } = made;
  for (const key of Object.keys(storedRest) as Array<keyof typeof storedRest>) {
    if (JSON.stringify(storedRest[key]) !== JSON.stringify(madeRest[key])) problems.push(`the manifest's ${key} differs`);
  }
  return problems;
}

/** An open read-only warehouse at exactly `position`: the live one when it is there, else one built to it. */
async function warehouseAt(
  home: string,
  log: EventLog,
  position: number,
  logger: Logger,
  onProgress: ((message: string) => void) | undefined,
): Promise<{ db: Database; warehouse: 'live' | 'rebuilt'; cleanup: () => void }> {
  let live: Database | undefined;
  try {
    live = await openWarehouseReadOnly(home);
    const [checkpoint] = await querySqlFile(live.connection, 'build/read_checkpoint.sql');
    if (checkpoint !== undefined && Number(checkpoint.log_position) === position && checkpoint.definitions_hash === definitionsHash()) {
      logger.info({ position }, 'the live warehouse stands at the submission position');
      return { db: live, warehouse: 'live', cleanup: () => {} };
    }
    live.close();
  } catch (error) {
    // No live warehouse, or one that cannot be read: the rebuild below does not need it.
    live?.close();
    logger.info({ err: error instanceof Error ? error.message : String(error) }, 'live warehouse not usable; rebuilding');
  }
  const dir = mkdtempSync(join(home, 'reproduce-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    onProgress?.(`rebuilding the warehouse as at log position ${position}...`);
    const path = join(dir, 'warehouse.duckdb');
    const built = await buildWarehouseAsOf({ log, position, path, logger });
    logger.info({ position, events: built.events }, 'warehouse rebuilt as at the submission');
    return { db: await openDatabase(path, { readOnly: true }), warehouse: 'rebuilt', cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
