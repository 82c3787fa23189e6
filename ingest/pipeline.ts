// The ingest worker: one extract file in, validated immutable events out, in
// one atomic append. Three phases, all streaming with bounded memory:
//   1. parse (staging.ts): every row is checked against the contract (the
//      source's zod rules), in worker threads for big files; good records and
//      rejected rows go to scratch spools, and record-hash sources form every
//      row's event there too (which is why their file's sha256, part of every
//      event id, is read first in a pass of its own). A record-hash file new
//      to the log whose first chunk holds only new records (the usual case
//      for a new extract) has its events appended as they are formed, not
//      spooled, every record taken as new. DuckDB then loads the staging
//      tables from the spool in bulk: nothing is held in memory per row;
//   2. classify: one set-based query pairs each record with what the log knew
//      (the previous row of the same identity in this file, else the index),
//      in file order. For a file appended as it was parsed, a cheaper query
//      confirms that every record is new and the index folds the file in;
//      if some record is not new, that append is abandoned and the file is
//      classified (read again first if its events were not spooled): record-
//      hash sources stream their formed events to the log, dropping
//      duplicates and re-forming corrections (classifyHashed.ts); snapshot
//      sources diff each pair field by field in JS (classifyFields.ts);
//   3. commit: events and quarantine records go to the log in one atomic
//      append, then the index moves to the new log position.
// A crash at any point leaves the log as before or as after the whole file.
import { type AppendTransaction, type EventLog, type Logger, type SourceName, PERSON_LEVEL_SOURCES, silentLogger } from '../models/index.js';
import type { SourceSpec } from './sourceSpec.js';
import type { PreparedFold, RecordIndex } from './recordIndex.js';
import { openExtract, type ExtractInput, type ExtractReader } from './extractReader.js';
import { anyExceptions, loadStaged, spooledExceptions, stageRows, type EventStream, type Spools, type Staged } from './staging.js';
import { classifyHashed, formedEvents, type ClassifyCounts, type ClassifyOptions } from './classifyHashed.js';
import { classifyFields } from './classifyFields.js';
import { SpoolFile } from './spool.js';
import { inlineStagerPool, type StagerPool } from './parallel/stagerPool.js';
import { stagerFor } from './rowStager.js';
import { BadInputError } from '../models/index.js';

/** What `sendwh ingest` reports per file (CONTRACT §3). */
export interface IngestReport {
  source: SourceName;
  file: string;
  sha256: string;
  rows: number;
  accepted: number;
  duplicates: number;
  corrections: number;
  rejected: number;
  events: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The file's sha256 was already in the log: nothing was appended. */
  alreadyIngested: boolean;
  warnings: string[];
}

export interface IngestProgress {
  file: string;
  phase: 'parse' | 'classify' | 'commit';
  rows: number;
  rejected: number;
  /** Rows to go, where known (classify). */
  total?: number;
}

export interface IngestFileOptions {
  spec: SourceSpec;
  input: ExtractInput;
  log: EventLog;
  index: RecordIndex;
  pseudonymise: (identifier: string) => string;
  specs: (source: SourceName) => SourceSpec;
  logger?: Logger;
  onProgress?: (progress: IngestProgress) => void;
  /** Worker threads to check rows in (big files); without, rows are checked on this thread. */
  workers?: StagerPool;
  batchSize?: number;
}

/** Ingests one extract file atomically and reports what it did. */
export async function ingestFile(options: IngestFileOptions): Promise<IngestReport> {
  const { spec } = options;
  const logger = (options.logger ?? silentLogger).child({ source: spec.source });
  const file = options.input.name;
  const open = () =>
    openExtract(options.input, spec, {
      personLevel: PERSON_LEVEL_SOURCES.has(spec.source),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    });
  const reader = await open();
  const warnings: string[] = [];
  if (reader.unknownColumns.length > 0) {
    const w = `${file}: ignored unknown column(s) ${reader.unknownColumns.join(', ')}`;
    warnings.push(w);
    logger.warn({ file, columns: reader.unknownColumns }, 'ignored unknown columns');
  }
  if (reader.droppedColumns.length > 0) {
    logger.info({ file, columns: reader.droppedColumns }, 'dropped personal-data columns at the door');
  }
  // A record-hash file new to the log (the usual case for a new extract) is appended as it is parsed,
  // every record taken as new; the classify phase keeps that append only if the index agrees.
  let known: string | null;
  let early: AppendTransaction | undefined;
  try {
    const started = performance.now();
    // Every event id holds the file's sha256: record-hash sources form their events as they parse, so it is read first.
    known = spec.state === 'hash' ? await options.input.sha256() : null;
    if (known !== null) {
      logger.debug({ file, ms: Math.round(performance.now() - started) }, 'hashed');
      early = await beginIfNew(options, spec, known);
    }
  } catch (error) {
    await reader.close();
    throw error;
  }
  try {
    const first = await stageAndAppend(options, reader, known, early, warnings, logger);
    if (first !== RESTAGE) return first;
    // Streamed, not spooled: a duplicate or correction past the first chunk means reading the file again.
    early = undefined;
    logger.debug({ file }, 'a record past the first chunk is a duplicate or a correction: reading the file again to classify it');
    const second = await stageAndAppend(options, await open(), known, undefined, warnings, logger);
    if (second === RESTAGE) throw new Error(`${file}: read without streaming its events, it cannot need reading again`);
    return second;
  } catch (error) {
    await early?.abort().catch(() => undefined);
    throw error;
  }
}

/** What appendStaged answers when the file must be staged again, with its events spooled, to be classified. */
const RESTAGE = Symbol('restage');

/**
 * Phase 1, then 2 and 3, on one reading of the file (`reader`, closed here). With `early` (begun, the
 * index caught up), the events go to that append as they are formed, once the first chunk shows no
 * duplicate or correction; if it does, that append is dropped and the events are spooled to classify.
 */
async function stageAndAppend(
  options: IngestFileOptions,
  reader: ExtractReader,
  known: string | null,
  early: AppendTransaction | undefined,
  warnings: string[],
  logger: Logger,
): Promise<IngestReport | typeof RESTAGE> {
  const { spec, index } = options;
  const file = options.input.name;
  const spools: Spools = {
    records: await SpoolFile.create(index.spoolPath),
    events: await SpoolFile.create(`${index.spoolPath}.events`),
  };
  let txn = early;
  try {
    let staged: Staged;
    let sha256: string;
    try {
      const started = performance.now();
      const stager = stagerFor(spec, { pseudonymise: options.pseudonymise, file }, known);
      const pool = options.workers ?? inlineStagerPool(options.pseudonymise);
      const events: EventStream | undefined = txn && {
        stream: async () => {
          if (!(await spooledExceptions(index.connection, spec.source, spools))) return true;
          logger.debug({ file }, 'the first chunk holds duplicates or corrections: spooling the events to classify them');
          await txn?.abort();
          txn = undefined;
          return false;
        },
        append: (bytes) => (txn as AppendTransaction).appendEncoded(formedEvents(bytes)),
      };
      staged = await stageRows(reader, stager, spools, pool, (p) => options.onProgress?.({ file, phase: 'parse', ...p }), events);
      logger.debug({ file, rows: staged.rows, ms: Math.round(performance.now() - started) }, 'parsed and staged');
      sha256 = reader.sha256();
      if (known !== null && known !== sha256) {
        throw new BadInputError('changed-while-reading', file, 'changed while it was being read', 'Wait until whatever is writing the file has finished, then ingest it again.');
      }
    } finally {
      await reader.close();
    }
    return await appendStaged(options, spec, staged, sha256, spools, warnings, logger, txn);
  } catch (error) {
    await txn?.abort().catch(() => undefined);
    throw error;
  } finally {
    await spools.records.dispose();
    await spools.events.dispose();
  }
}

/** Whether the log holds a file of `source` with these bytes. */
async function holdsFile(log: EventLog, source: SourceName, sha256: string): Promise<boolean> {
  return (await log.files()).some((f) => f.sha256 === sha256 && f.source === source);
}

/** Begins the append of a file, with the index caught up, unless the log has the file already (then undefined). */
async function beginIfNew(options: IngestFileOptions, spec: SourceSpec, sha256: string): Promise<AppendTransaction | undefined> {
  const { log, index } = options;
  const txn = await log.begin({ source: spec.source, file: options.input.name, sha256 });
  try {
    await index.catchUp(log, options.specs);
    if (!(await holdsFile(log, spec.source, sha256))) return txn;
  } catch (error) {
    await txn.abort().catch(() => undefined);
    throw error;
  }
  await txn.abort();
  return undefined;
}

/**
 * Phases 2 and 3: classify the staged file against the log and commit its events, or nothing if the log has
 * the file. `early` is the append a new record-hash file's events went to as they were parsed: the index
 * loads the staged records and checks that none is a duplicate or a correction and, if so, folds the file
 * in, in one go; only if some record is not new is that append abandoned and the file classified record by
 * record.
 */
async function appendStaged(
  options: IngestFileOptions,
  spec: SourceSpec,
  staged: Staged,
  sha256: string,
  spools: Spools,
  warnings: string[],
  logger: Logger,
  early: AppendTransaction | undefined,
): Promise<IngestReport | typeof RESTAGE> {
  const { log, index } = options;
  const file = options.input.name;
  const classify: ClassifyOptions = {
    file,
    sha256,
    onProgress: (done) => options.onProgress?.({ file, phase: 'classify', rows: done, rejected: 0, total: staged.rows }),
  };
  // The staging tables load once: for the check of an early append, or (if it is abandoned) to classify.
  let loading: Promise<void> | undefined;
  const load = () => (loading ??= loadStaged(index.connection, spec, spools));
  for (let optimistic = early !== undefined; ; optimistic = false) {
    const txn = optimistic ? (early as AppendTransaction) : await log.begin({ source: spec.source, file, sha256 });
    let fold: PreparedFold | undefined;
    try {
      let started = performance.now();
      let counts: ClassifyCounts;
      if (optimistic) {
        // Begun (the index caught up, the file new to the log) and appended before the parse.
        const prepared = await foldIfAllNew(index, spec, load);
        if (prepared === null) {
          logger.debug({ file, ms: Math.round(performance.now() - started) }, 'some records are duplicates or corrections: classifying');
          await txn.abort();
          if (!staged.eventsSpooled) return RESTAGE;
          continue;
        }
        fold = prepared;
        counts = { accepted: staged.records, duplicates: 0, corrections: 0 };
      } else {
        await index.catchUp(log, options.specs);
        if (await holdsFile(log, spec.source, sha256)) {
          await txn.abort();
          return {
            source: spec.source, file, sha256, rows: staged.rows, accepted: 0,
            duplicates: staged.rows - staged.rejected, corrections: 0, rejected: staged.rejected, events: 0,
            firstSeq: null, lastSeq: null, alreadyIngested: true, warnings,
          };
        }
        started = performance.now();
        await load();
        counts =
          spec.state === 'hash'
            ? await classifyHashed(index.connection, spec, txn, spools.events, staged.records, classify)
            : await classifyFields(index.connection, spec, txn, classify);
      }
      logger.debug({ file, ms: Math.round(performance.now() - started) }, 'classified and appended');
      options.onProgress?.({ file, phase: 'commit', rows: staged.rows, rejected: staged.rejected });
      started = performance.now();
      const committed = await txn.commit();
      logger.debug({ file, ms: Math.round(performance.now() - started) }, 'committed');
      started = performance.now();
      // Workers on other machines (Kafka log) may have committed other sources' files since the
      // catch-up above: the index takes those first, so its position never skips an event.
      if (fold !== undefined && (await index.position()) === committed.firstSeq - 1) await fold.commit(committed.lastSeq);
      else {
        await fold?.rollback();
        await index.catchUp(log, options.specs, committed.firstSeq - 1);
        await index.commitStaged(spec.source, spec.state, committed.lastSeq);
      }
      fold = undefined;
      logger.debug({ file, ms: Math.round(performance.now() - started) }, 'record index updated');
      const report: IngestReport = {
        source: spec.source, file, sha256, rows: staged.rows, accepted: counts.accepted,
        duplicates: counts.duplicates, corrections: counts.corrections, rejected: staged.rejected,
        events: committed.count, firstSeq: committed.count > 0 ? committed.firstSeq : null,
        lastSeq: committed.count > 0 ? committed.lastSeq : null, alreadyIngested: false, warnings,
      };
      logger.info({ file, ...summary(report) }, 'ingested');
      return report;
    } catch (error) {
      await fold?.rollback().catch(() => undefined);
      await txn.abort().catch(() => undefined);
      throw error;
    }
  }
}

/**
 * Loads the staged records of a record-hash file and checks that none is a duplicate or a correction; if
 * so, the index starts folding the file in. Resolves with that fold, or null when some record is not new.
 */
async function foldIfAllNew(index: RecordIndex, spec: SourceSpec, load: () => Promise<void>): Promise<PreparedFold | null> {
  await load();
  return (await anyExceptions(index.connection, spec.source)) ? null : await index.prepareAllNew(spec.source, spec.state);
}

function summary(r: IngestReport) {
  return { accepted: r.accepted, duplicates: r.duplicates, corrections: r.corrections, rejected: r.rejected, events: r.events };
}
