// Phase 1 of an ingest: every row of the extract is checked against the
// contract (the source's zod rules, rowStager.ts; in worker threads for big
// files), and good records and rejected rows are written to the spools
// (spool.ts) in file order, so nothing is held in memory per row: for
// record-hash sources every row's event is formed here too. DuckDB then loads
// the staging tables from the record spool in one bulk read (read_csv, in
// parallel; loadStaged, which the pipeline runs beside the append where it can):
//   ingest_rows     line, key id (128-bit digest of the key), content hash
//                   (digest of the sha256 of the record's canonical JSON),
//                   as-at date, and for snapshot sources the key and the
//                   record: what the classify query pairs with the record index;
//   ingest_rejects  (snapshot sources) line, the RowQuarantined payload.
// Record-hash sources' events wait in the event spool for classifyHashed.ts,
// unless they went to the log as they were formed (pipeline.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Diagnostic } from '../models/index.js';
import type { ExtractReader } from './extractReader.js';
import type { SpoolFile } from './spool.js';
import type { SourceSpec } from './sourceSpec.js';
import { fieldCountProblem, recordEntry, rejectEntry, type StagedBatch, type Stager } from './rowStager.js';
import type { StagerPool } from './parallel/stagerPool.js';

export interface StagingProgress {
  rows: number;
  rejected: number;
}

export interface Staged extends StagingProgress {
  /** Records staged (fewer than the good rows when the source reduces rows to records). */
  records: number;
  /** Whether the event spool holds every formed event (not when they were streamed instead). */
  eventsSpooled: boolean;
}

/**
 * Where a file's formed events can go as they are staged, instead of the event spool: asked once the
 * first chunk is staged (its events spooled, its records flushed to the record spool), `stream()` says
 * whether the rest go to `append` only.
 */
export interface EventStream {
  stream(): Promise<boolean>;
  append(events: Uint8Array): Promise<void>;
}

// The spool as a table: tab-separated, no quoting (a key that needs it is JSON; JSON text holds no raw tab
// or newline); an empty field is NULL.
const SPOOL = `read_csv($spool, delim = '\t', quote = '', escape = '', header = false, auto_detect = false,
                 columns = {'line': 'BIGINT', 'kind': 'VARCHAR', 'key': 'VARCHAR', 'as_at': 'DATE',
                            'hash': 'VARCHAR', 'data_json': 'VARCHAR'})`;

// The index compares identities and contents by 128-bit digests (md5_number of the key and of the content
// hash: fixed-width, so the joins, the grouping and the stored index stay small); the key itself is kept
// only for snapshot sources, whose events it names.
const KEY = `case when kind = 'j' then key::json ->> '$' else key end`;

const ROWS = `
create or replace temp table ingest_rows as
with spooled as (
  select line, hash, as_at, data_json, ${KEY} as key
  from ${SPOOL}
  where kind <> 'q'
)
select line, md5_number(key) as key_id, case when $keep_records then key end as key, md5_number(hash) as hash,
       as_at, case when $keep_records then data_json end as value, false as stale
from spooled`;

// Whether some record of `keys` (a relation of key ids) is a duplicate or a correction: its key twice
// there, or a key the index knows. Two hash operations (no sort), so it answers sooner than the
// exceptions themselves.
const anyRepeat = (keys: string) => `
select exists (select 1 from ${keys} group by key_id having count(*) > 1)
    or exists (select 1 from ${keys} as r join record_state as s on s.source = $source and s.key = r.key_id) as any`;

// Asked once the first chunk is in: whether the file looks like a new extract (every record new).
const PROBE = `with spooled as (select md5_number(${KEY}) as key_id from ${SPOOL} where kind <> 'q') ${anyRepeat('spooled')}`;

// Asked of the whole staged file: whether it is a new extract.
const ANY_EXCEPTION = anyRepeat('ingest_rows');

const REJECTS = `
create or replace temp table ingest_rejects as
select line, data_json as payload from ${SPOOL} where kind = 'q'`;

/** Where a file's rows are staged: the record spool, and the event spool (record-hash sources). */
export interface Spools {
  records: SpoolFile;
  events: SpoolFile;
}

/**
 * Parses and checks every row of `reader` into the spools (chunk by chunk in
 * `pool`, whose workers or this thread run rowStager.stageChunk, when the
 * source's records are single rows); loadStaged() then makes them tables.
 * With `events`, the formed events after the first chunk go there instead of
 * to the event spool if it says so (the pipeline appends a new extract's
 * events to the log as it parses).
 */
export async function stageRows(
  reader: ExtractReader,
  stager: Stager,
  spools: Spools,
  pool: StagerPool,
  onBatch: (progress: StagingProgress) => void,
  events?: EventStream,
): Promise<Staged> {
  const { spec, ctx } = stager;
  const counts = { rows: 0, rejected: 0, records: 0 };
  // Whether the events stream: undecided until the first chunk is in; without `events`, never.
  const to: { stream: boolean | undefined } = { stream: events === undefined ? false : undefined };
  const route = async (eventBytes: Uint8Array) => {
    if (to.stream !== undefined) return;
    to.stream = await (events as EventStream).stream();
    if (to.stream && eventBytes.length > 0) await (events as EventStream).append(eventBytes);
  };
  const take = async (staged: StagedBatch) => {
    counts.rows += staged.rows;
    counts.rejected += staged.rejected;
    counts.records += staged.records;
    spools.records.write(staged.spool);
    if (to.stream !== true) spools.events.write(staged.events);
    // Written out (or appended) now, so the batch's buffers can go back to the worker that filled them.
    const appended = to.stream === true && staged.events.length > 0 ? (events as EventStream).append(staged.events) : undefined;
    await Promise.all([spools.records.flush(), spools.events.flush(), appended]);
    await route(staged.events);
    pool.release(staged);
    onBatch({ rows: counts.rows, rejected: counts.rejected });
  };
  if (spec.reduce !== undefined || spec.checkRows !== undefined) await stageWhole(reader, stager, spools, counts, route);
  else {
    // Up to pool.size chunks in flight; answers are taken in file order.
    const inFlight: Array<Promise<StagedBatch>> = [];
    try {
      for await (const chunk of reader.chunks()) {
        inFlight.push(pool.stage({ source: spec.source, file: ctx.file, sha256: stager.sha256, mapping: reader.mapping, chunk }));
        if (inFlight.length >= pool.size) await take(await (inFlight.shift() as Promise<StagedBatch>));
      }
      while (inFlight.length > 0) await take(await (inFlight.shift() as Promise<StagedBatch>));
    } finally {
      // A failed read or chunk leaves the others' answers unread: settle them quietly.
      for (const pending of inFlight) pending.catch(() => undefined);
    }
  }
  await spools.records.finish();
  await spools.events.finish();
  return { ...counts, eventsSpooled: to.stream !== true };
}

/** True when some record in the record spool so far (flushed) is a duplicate or a correction. */
export async function spooledExceptions(connection: DuckDBConnection, source: string, spools: Spools): Promise<boolean> {
  return yes(connection, PROBE, { spool: spools.records.path, source });
}

/** True when some staged record of `source` (loadStaged) is a duplicate or a correction (then classifyHashed picks them out). */
export async function anyExceptions(connection: DuckDBConnection, source: string): Promise<boolean> {
  return yes(connection, ANY_EXCEPTION, { source });
}

async function yes(connection: DuckDBConnection, sql: string, values: Record<string, string>): Promise<boolean> {
  const reader = await connection.runAndReadAll(sql, values);
  return reader.getRowsJS()[0]?.[0] === true;
}

/**
 * Loads the staging tables from the record spool (read_csv, in parallel): for a record-hash source this
 * runs while the events are appended (pipeline.ts), for the others before they are classified.
 */
export async function loadStaged(connection: DuckDBConnection, spec: SourceSpec, spools: Spools): Promise<void> {
  const keepRecords = spec.state === 'fields';
  await connection.run(ROWS, { spool: spools.records.path, keep_records: keepRecords });
  // Record-hash sources' quarantined rows are events already (spooled, or in the log).
  if (keepRecords) await connection.run(REJECTS, { spool: spools.records.path });
}

/**
 * A source whose records span rows (small reference files): every row is held,
 * checked across the file (checkRows) and reduced to records, and the spool
 * entries are written in line order at the end.
 */
async function stageWhole(
  reader: ExtractReader,
  stager: Stager,
  spools: Spools,
  counts: { rows: number; rejected: number; records: number },
  route: (events: Uint8Array) => Promise<void>,
): Promise<void> {
  const { spec, ctx } = stager;
  const held: Array<{ value: unknown; line: number; raw: Record<string, string | null> }> = [];
  const entries: Array<{ line: number; spool: string; events: string }> = [];
  const reject = (line: number, diagnostics: Diagnostic[], raw: Record<string, string | null>) => {
    counts.rejected++;
    entries.push({ line, ...rejectEntry(stager, line, diagnostics, raw) });
  };
  for await (const batch of reader.batches()) {
    for (const record of batch) {
      counts.rows++;
      if (record.fieldCount !== reader.columnCount) {
        reject(record.line, fieldCountProblem(record.fieldCount, reader.columnCount), spec.minimise(record.row, ctx));
        continue;
      }
      const result = spec.parse(record.row, ctx);
      if (!result.ok) reject(record.line, result.diagnostics, spec.minimise(record.row, ctx));
      else held.push({ value: result.value, line: record.line, raw: spec.minimise(record.row, ctx) });
    }
  }
  const problems = new Map((spec.checkRows?.(held) ?? []).map((p) => [p.line, p.diagnostics]));
  const good = held.filter((h) => !problems.has(h.line));
  for (const h of held) {
    const diagnostics = problems.get(h.line);
    if (diagnostics) reject(h.line, diagnostics, h.raw);
  }
  for (const { value, line } of spec.reduce ? spec.reduce(good) : good) {
    counts.records++;
    entries.push({ line, ...recordEntry(stager, value, line) });
  }
  entries.sort((a, b) => a.line - b.line);
  for (const entry of entries) spools.records.write(entry.spool);
  const events = Buffer.from(entries.map((e) => e.events).join(''), 'utf8');
  spools.events.write(events);
  await spools.records.flush();
  await spools.events.flush();
  await route(events);
}
