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
// Record-hash sources' events wait in the event spool for classifyHashed.ts.
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
}

// The spool as a table: tab-separated, no quoting (a key that needs it is JSON; JSON text holds no raw tab
// or newline); an empty field is NULL.
const SPOOL = `read_csv($spool, delim = '\t', quote = '', escape = '', header = false, auto_detect = false,
                 columns = {'line': 'BIGINT', 'kind': 'VARCHAR', 'key': 'VARCHAR', 'as_at': 'DATE',
                            'hash': 'VARCHAR', 'data_json': 'VARCHAR'})`;

// The index compares identities and contents by 128-bit digests (md5_number of the key and of the content
// hash: fixed-width, so the joins, the grouping and the stored index stay small); the key itself is kept
// only for snapshot sources, whose events it names.
const ROWS = `
create or replace temp table ingest_rows as
with spooled as (
  select line, hash, as_at, data_json, case when kind = 'j' then key::json ->> '$' else key end as key
  from ${SPOOL}
  where kind <> 'q'
)
select line, md5_number(key) as key_id, case when $keep_records then key end as key, md5_number(hash) as hash,
       as_at, case when $keep_records then data_json end as value, false as stale
from spooled`;

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
 * `onEvents` gets the event spool's entries too, in file order, as they are
 * written (the pipeline appends a new extract's events as it parses).
 */
export async function stageRows(
  reader: ExtractReader,
  stager: Stager,
  spools: Spools,
  pool: StagerPool,
  onBatch: (progress: StagingProgress) => void,
  onEvents?: (events: Uint8Array) => Promise<void>,
): Promise<Staged> {
  const { spec, ctx } = stager;
  const counts = { rows: 0, rejected: 0, records: 0 };
  const take = async (staged: StagedBatch) => {
    counts.rows += staged.rows;
    counts.rejected += staged.rejected;
    counts.records += staged.records;
    spools.records.write(staged.spool);
    spools.events.write(staged.events);
    // Written out (and appended) now, so the batch's buffers can go back to the worker that filled them.
    await Promise.all([spools.records.flush(), spools.events.flush(), staged.events.length > 0 ? onEvents?.(staged.events) : undefined]);
    pool.release(staged);
    onBatch({ rows: counts.rows, rejected: counts.rejected });
  };
  if (spec.reduce !== undefined || spec.checkRows !== undefined) await stageWhole(reader, stager, spools, counts, onEvents);
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
  return counts;
}

/**
 * Loads the staging tables from the record spool (read_csv, in parallel): for a record-hash source this
 * runs while the events are appended (pipeline.ts), for the others before they are classified.
 */
export async function loadStaged(connection: DuckDBConnection, spec: SourceSpec, spools: Spools): Promise<void> {
  const keepRecords = spec.state === 'fields';
  await connection.run(ROWS, { spool: spools.records.path, keep_records: keepRecords });
  // Record-hash sources' quarantined rows are events already, in the event spool.
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
  onEvents?: (events: Uint8Array) => Promise<void>,
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
  if (events.length > 0) await onEvents?.(events);
}
