// The ingest worker: one extract file in, validated immutable events out, in
// one atomic append. Three phases, all streaming with bounded memory:
//   1. parse: every row is checked against the contract (the source's zod
//      rules); good records and rejected rows are staged in the record index's
//      DuckDB (appender, bulk) — nothing is held in memory per row;
//   2. classify: one set-based query pairs each record with what the log knew
//      (the previous row of the same identity in this file, else the index),
//      in file order; the source's diff turns each pair into events;
//   3. commit: events and quarantine records go to the log in one atomic
//      append, then the index moves to the new log position.
// A crash at any point leaves the log as before or as after the whole file.
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import {
  type EventLog,
  type Logger,
  type NewEvent,
  type SourceName,
  type Diagnostic,
  PERSON_LEVEL_SOURCES,
  canonicalJson,
  silentLogger,
} from '../models/index.js';
import { sha256Hex } from './hash.js';
import { mintEvent } from './log/eventCodec.js';
import type { MapContext, RawRow, SourceSpec, EventDraft } from './sourceSpec.js';
import type { RecordIndex } from './recordIndex.js';
import { openExtract, type ExtractInput, type ExtractReader } from './extractReader.js';

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
  batchSize?: number;
}

const STAGING = `
create or replace temp table ingest_rows (line bigint, key varchar, hash varchar, as_at date, value varchar, stale boolean default false);
create or replace temp table ingest_rejects (line bigint, rules varchar, raw varchar);
`;

/** Ingests one extract file atomically and reports what it did. */
export async function ingestFile(options: IngestFileOptions): Promise<IngestReport> {
  const { spec, log, index } = options;
  const logger = (options.logger ?? silentLogger).child({ source: spec.source });
  const reader = await openExtract(options.input, spec, {
    personLevel: PERSON_LEVEL_SOURCES.has(spec.source),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  const file = options.input.name;
  const warnings: string[] = [];
  if (reader.unknownColumns.length > 0) {
    const w = `${file}: ignored unknown column(s) ${reader.unknownColumns.join(', ')}`;
    warnings.push(w);
    logger.warn({ file, columns: reader.unknownColumns }, 'ignored unknown columns');
  }
  if (reader.droppedColumns.length > 0) {
    logger.info({ file, columns: reader.droppedColumns }, 'dropped personal-data columns at the door');
  }

  const ctx: MapContext = { pseudonymise: options.pseudonymise, file };
  let staged: { rows: number; rejected: number };
  try {
    // The file's sha256 is part of every event id, so the whole file is read
    // (and staged) before the log is touched.
    staged = await stageRows(index.connection, reader, spec, ctx, file, options.onProgress);
  } finally {
    await reader.close();
  }
  const sha256 = reader.sha256();
  const txn = await log.begin({ source: spec.source, file, sha256 });
  try {
    await index.catchUp(log, options.specs);
    const already = (await log.files()).some((f) => f.sha256 === sha256 && f.source === spec.source);
    if (already) {
      await txn.abort();
      return {
        source: spec.source, file, sha256, rows: staged.rows, accepted: 0,
        duplicates: staged.rows - staged.rejected, corrections: 0, rejected: staged.rejected, events: 0,
        firstSeq: null, lastSeq: null, alreadyIngested: true, warnings,
      };
    }

    const counts = await classifyAndAppend(index.connection, spec, file, sha256, txn, options.onProgress, staged.rows);
    options.onProgress?.({ file, phase: 'commit', rows: staged.rows, rejected: staged.rejected });
    const committed = await txn.commit();
    // Workers on other machines (Kafka log) may have committed other sources' files since the
    // catch-up above: the index takes those first, so its position never skips an event.
    await index.catchUp(log, options.specs, committed.firstSeq - 1);
    await index.commitStaged(spec.source, spec.state, committed.lastSeq);
    const report: IngestReport = {
      source: spec.source, file, sha256, rows: staged.rows, accepted: counts.accepted,
      duplicates: counts.duplicates, corrections: counts.corrections, rejected: staged.rejected,
      events: committed.count, firstSeq: committed.count > 0 ? committed.firstSeq : null,
      lastSeq: committed.count > 0 ? committed.lastSeq : null, alreadyIngested: false, warnings,
    };
    logger.info({ file, ...summary(report) }, 'ingested');
    return report;
  } catch (error) {
    await txn.abort().catch(() => undefined);
    throw error;
  }
}

function summary(r: IngestReport) {
  return { accepted: r.accepted, duplicates: r.duplicates, corrections: r.corrections, rejected: r.rejected, events: r.events };
}

/** Phase 1: parse and check every row; stage good records and rejects in DuckDB. */
async function stageRows(
  connection: DuckDBConnection,
  reader: ExtractReader,
  spec: SourceSpec,
  ctx: MapContext,
  file: string,
  onProgress: IngestFileOptions['onProgress'],
): Promise<{ rows: number; rejected: number }> {
  await connection.run(STAGING);
  const rowsAppender = await connection.createAppender('ingest_rows');
  const rejectsAppender = await connection.createAppender('ingest_rejects');
  // Sources whose records span rows (small reference files) are held whole for checkRows/reduce.
  const holdAll = spec.reduce !== undefined || spec.checkRows !== undefined;
  const held: Array<{ value: unknown; line: number; raw: Record<string, string | null> }> = [];
  let rows = 0;
  let rejected = 0;
  const reject = (line: number, diagnostics: Diagnostic[], raw: Record<string, string | null>) => {
    rejected++;
    rejectsAppender.appendBigInt(BigInt(line));
    rejectsAppender.appendVarchar(JSON.stringify(diagnostics));
    rejectsAppender.appendVarchar(JSON.stringify(raw));
    rejectsAppender.endRow();
  };
  const stage = (value: unknown, line: number) => {
    rowsAppender.appendBigInt(BigInt(line));
    rowsAppender.appendVarchar(spec.key(value));
    // One canonical form serves as the stored value and as the content hash's input.
    const canonical = canonicalJson(value);
    rowsAppender.appendVarchar(sha256Hex(canonical));
    const asAt = spec.asAt(value);
    if (asAt === null) rowsAppender.appendNull();
    else rowsAppender.appendVarchar(asAt);
    rowsAppender.appendVarchar(canonical);
    rowsAppender.appendBoolean(false);
    rowsAppender.endRow();
  };

  for await (const batch of reader.batches()) {
    for (const record of batch) {
      rows++;
      if (record.fieldCount !== reader.columnCount) {
        reject(record.line, [{
          rule: 'csv.field-count',
          message: `the row has ${record.fieldCount} fields but the header has ${reader.columnCount}: a missing or extra comma, or an unquoted comma inside a value`,
        }], spec.minimise(record.row, ctx));
        continue;
      }
      const result = spec.parse(record.row, ctx);
      if (!result.ok) reject(record.line, result.diagnostics, spec.minimise(record.row, ctx));
      else if (holdAll) held.push({ value: result.value, line: record.line, raw: spec.minimise(record.row, ctx) });
      else stage(result.value, record.line);
    }
    rowsAppender.flushSync();
    rejectsAppender.flushSync();
    onProgress?.({ file, phase: 'parse', rows, rejected });
  }
  if (holdAll) {
    const problems = new Map((spec.checkRows?.(held) ?? []).map((p) => [p.line, p.diagnostics]));
    const good = held.filter((h) => !problems.has(h.line));
    for (const h of held) {
      const diagnostics = problems.get(h.line);
      if (diagnostics) reject(h.line, diagnostics, h.raw);
    }
    for (const { value, line } of spec.reduce ? spec.reduce(good) : good) stage(value, line);
  }
  rowsAppender.closeSync();
  rejectsAppender.closeSync();
  return { rows, rejected };
}

/** Phase 2: pair each staged record with what the log knew, in file order, and append the events. */
async function classifyAndAppend(
  connection: DuckDBConnection,
  spec: SourceSpec,
  file: string,
  sha256: string,
  txn: { append(events: readonly NewEvent[]): Promise<void> },
  onProgress: IngestFileOptions['onProgress'],
  totalRows: number,
): Promise<{ accepted: number; duplicates: number; corrections: number }> {
  // A row older than what the log knows for its identity (an earlier snapshot
  // ingested late) changes nothing: the newest extract wins.
  const result = await connection.stream(
    `with ranked as (
       select line, key, hash, as_at, value,
              lag(hash) over w as file_prev_hash,
              lag(value) over w as file_prev_value,
              max(as_at) over (partition by key order by line rows between unbounded preceding and 1 preceding) as file_prev_as_at,
              row_number() over w as nth
       from ingest_rows
       window w as (partition by key order by line)
     ),
     paired as (
       select r.line, r.key, r.hash, r.value,
              case when r.nth > 1 then r.file_prev_hash else s.hash end as prev_hash,
              case when r.nth > 1 then r.file_prev_value else s.value end as prev_value,
              $snapshot and coalesce(r.as_at < greatest(s.as_at, r.file_prev_as_at), false) as stale,
              null::varchar as rules, null::varchar as raw
       from ranked as r
       left join record_state as s on s.source = $source and s.key = r.key
     )
     select line, key, hash, value, prev_hash, prev_value, stale, rules, raw from paired
     union all
     select line, null, null, null, null, null, false, rules, raw from ingest_rejects
     order by line`,
    { source: spec.source, snapshot: spec.state === 'fields' },
  );

  let accepted = 0;
  let duplicates = 0;
  let corrections = 0;
  let done = 0;
  const staleLines: bigint[] = [];
  let pending: NewEvent[] = [];
  const push = (drafts: EventDraft[], key: string, asAt: string | null, line: number) => {
    for (const d of drafts) {
      const body = { type: d.type, v: d.v, source: spec.source, key, asAt, file, sha256, line, data: d.data };
      pending.push(mintEvent(body));
    }
  };

  for await (const rows of result.yieldRowsJs()) {
    for (const row of rows) {
      const [lineRaw, key, hash, value, prevHash, prevValue, stale, rules, raw] = row as [
        bigint, string | null, string | null, string | null, string | null, string | null, boolean, string | null, string | null,
      ];
      const line = Number(lineRaw);
      done++;
      if (key === null) {
        push([{ type: 'RowQuarantined', v: 1, data: { rules: JSON.parse(rules ?? '[]'), raw: JSON.parse(raw ?? '{}') } }], `${file}:${line}`, null, line);
        continue;
      }
      const next = JSON.parse(value as string) as unknown;
      if (stale) {
        duplicates++;
        staleLines.push(lineRaw);
        continue;
      }
      let prev: unknown;
      if (spec.state === 'hash') {
        if (prevHash === hash) {
          duplicates++;
          continue;
        }
        prev = prevHash === null ? undefined : 'changed';
      } else {
        prev = prevValue === null ? undefined : JSON.parse(prevValue);
      }
      const diff = spec.diff(prev as never, next as never);
      if (diff.change === 'unchanged') duplicates++;
      else if (diff.change === 'correction') corrections++;
      else accepted++;
      push(diff.events, key, spec.asAt(next), line);
    }
    if (pending.length > 0) {
      await txn.append(pending);
      pending = [];
    }
    onProgress?.({ file, phase: 'classify', rows: done, rejected: 0, total: totalRows });
  }
  if (pending.length > 0) await txn.append(pending);
  if (staleLines.length > 0) {
    await connection.run('update ingest_rows set stale = true where line in (select unnest($lines))', {
      lines: listValue(staleLines),
    });
  }
  return { accepted, duplicates, corrections };
}
