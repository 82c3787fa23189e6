// The record index: what the log already knows about every record identity
// (a content hash, or for snapshot sources the record itself), kept in a DuckDB
// file so that diffing a 10-million-row file is set-based SQL with bounded memory.
// It is a cache of the log: it stores the log position it reflects and catches
// up from the log after a crash, so it can never disagree with the log.
import { DuckDBInstance, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SendwhError, type EventLog, type Logger, type SourceName, type StoredEvent } from '../models/index.js';
import { contentHash } from './hash.js';
import type { SourceSpec } from './sourceSpec.js';

export interface RecordIndex {
  readonly connection: DuckDBConnection;
  /** Where an ingest keeps its scratch spool (spool.ts), beside the index file. */
  readonly spoolPath: string;
  /** The log position the index reflects. */
  position(): Promise<number>;
  /**
   * Replays events the index has not seen yet, up to `until` (default: the log's end): after a crash
   * between log commit and index update, or what other ingest workers appended (Kafka log).
   */
  catchUp(log: EventLog, specs: (source: SourceName) => SourceSpec, until?: number): Promise<number>;
  /** Folds the current file's staged rows (temp table ingest_rows) into the index at the new log position, atomically. */
  commitStaged(source: SourceName, mode: 'hash' | 'fields', position: number): Promise<void>;
  /**
   * Starts folding in a file whose staged keys are all new to the index and each once in the file (a new
   * extract), before its append commits: the rows go in as they are, in a transaction that becomes
   * visible only with `commit(position)` once the log has committed (the index never runs ahead of
   * the log; a crash in between leaves it behind, to catch up).
   */
  prepareAllNew(source: SourceName, mode: 'hash' | 'fields'): Promise<PreparedFold>;
  close(): void;
}

/** A fold of staged rows into the index, written but not yet visible. */
export interface PreparedFold {
  /** Makes the rows visible at this log position, which must follow the index's own. */
  commit(position: number): Promise<void>;
  rollback(): Promise<void>;
}

// An identity is its key's 128-bit digest (md5_number of the key text) and a content its hash's, so the
// index holds fixed-width numbers, not 150 bytes of text per record. A snapshot source's record is kept
// whole (value) for field-by-field diffs.
const SCHEMA = `
create table if not exists record_state (source varchar not null, key uhugeint not null, hash uhugeint not null, as_at date, value varchar);
create table if not exists index_meta (position bigint not null);
insert into index_meta select 0 where not exists (select 1 from index_meta);
`;

// An index written before identities were digests (key as text) is dropped and rebuilt from the log.
const OLD_FORMAT = `
select count(*) > 0 from information_schema.columns
where table_name = 'record_state' and column_name = 'key' and data_type = 'VARCHAR'`;

// What replay() stages a batch of replayed records in before folding them into record_state.
const REPLAYED = 'create or replace temp table replayed (key varchar, hash varchar, as_at date, value varchar)';

/** Opens (creating if needed) the record index at `path`. One writer at a time (DuckDB's file lock). */
export async function openRecordIndex(path: string, options: { memoryLimit?: string; logger?: Logger } = {}): Promise<RecordIndex> {
  mkdirSync(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      // Bounded: staging and classifying a file bigger than this spills to temp_directory instead of growing.
      memory_limit: options.memoryLimit ?? '256MB',
      temp_directory: `${path}.tmp`,
      preserve_insertion_order: 'false',
    });
  } catch (error) {
    throw new SendwhError('index-locked', `cannot open the record index ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: 'another sendwh ingest is probably running on this --home; wait for it to finish',
    });
  }
  const connection = await instance.connect();
  if ((await connection.runAndReadAll(OLD_FORMAT)).getRowsJS()[0]?.[0] === true) {
    options.logger?.info({ path }, 'record index in an older format: rebuilding it from the event log');
    await connection.run('drop table record_state; drop table index_meta');
  }
  await connection.run(SCHEMA);

  async function position(): Promise<number> {
    const reader = await connection.runAndReadAll('select position from index_meta');
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  }

  return {
    connection,
    spoolPath: `${path}.spool`,
    position,

    async catchUp(log, specs, until) {
      const from = await position();
      const to = until ?? (await log.position());
      if (to <= from) return 0;
      options.logger?.info({ from, to }, 'record index behind the log (an interrupted ingest, or other workers appending): catching up');
      await connection.run(REPLAYED);
      let replayed = 0;
      for await (const batch of log.read({ after: from, until: to })) {
        const rows = batch.filter((e) => e.type !== 'RowQuarantined');
        await replay(connection, rows, specs);
        replayed += rows.length;
      }
      await connection.run('begin transaction');
      await connection.run('update index_meta set position = $to', { to });
      await connection.run('commit');
      return replayed;
    },

    async commitStaged(source, mode, newPosition) {
      await connection.run('begin transaction');
      try {
        await connection.run(
          `delete from record_state where source = $source and key in (select key_id from ingest_rows where not stale)`,
          { source },
        );
        await connection.run(
          `insert into record_state
           select $source as source, key_id, arg_max(hash, line) as hash, arg_max(as_at, line) as as_at,
                  ${mode === 'fields' ? 'arg_max(value, line)' : 'null'} as value
           from ingest_rows where not stale group by key_id`,
          { source },
        );
        await connection.run('update index_meta set position = $p', { p: newPosition });
        await connection.run('commit');
      } catch (error) {
        await connection.run('rollback');
        throw error;
      }
    },

    async prepareAllNew(source, mode) {
      await connection.run('begin transaction');
      try {
        await connection.run(
          `insert into record_state select $source, key_id, hash, as_at, ${mode === 'fields' ? 'value' : 'null'} from ingest_rows`,
          { source },
        );
      } catch (error) {
        await connection.run('rollback');
        throw error;
      }
      let open = true;
      const close = () => {
        if (!open) throw new Error('this fold of the record index was already committed or rolled back');
        open = false;
      };
      return {
        async commit(p) {
          close();
          try {
            await connection.run('update index_meta set position = $p', { p });
            await connection.run('commit');
          } catch (error) {
            await connection.run('rollback').catch(() => undefined);
            throw error;
          }
        },
        async rollback() {
          close();
          await connection.run('rollback');
        },
      };
    },

    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Applies committed events to the index: full-record events replace, partial (snapshot) events merge field by field. */
async function replay(connection: DuckDBConnection, events: StoredEvent[], specs: (source: SourceName) => SourceSpec): Promise<void> {
  if (events.length === 0) return;
  const bySource = new Map<SourceName, StoredEvent[]>();
  for (const e of events) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  for (const [source, list] of bySource) {
    const mode = specs(source).state;
    const current = new Map<string, { value: Record<string, unknown> | null; asAt: string | null; hash: string }>();
    if (mode === 'fields') {
      const keys = [...new Set(list.map((e) => e.key))];
      const reader = await connection.runAndReadAll(
        `select k.key, s.value, strftime(s.as_at, '%Y-%m-%d')
         from (select unnest($keys) as key) as k join record_state as s on s.source = $source and s.key = md5_number(k.key)`,
        { source, keys: listValue(keys) },
      );
      for (const [key, value, asAt] of reader.getRowsJS() as [string, string, string | null][]) {
        current.set(key, { value: JSON.parse(value) as Record<string, unknown>, asAt, hash: '' });
      }
    }
    for (const e of list) {
      if (mode === 'hash') {
        current.set(e.key, { value: null, asAt: e.asAt, hash: contentHash(e.data) });
      } else {
        const prev = current.get(e.key);
        const value = { ...(prev?.value ?? {}), ...e.data };
        const asAt = prev?.asAt && e.asAt && prev.asAt > e.asAt ? prev.asAt : e.asAt;
        current.set(e.key, { value, asAt, hash: contentHash(value) });
      }
    }
    await connection.run('delete from replayed');
    const appender = await connection.createAppender('replayed');
    for (const [key, state] of current) {
      appender.appendVarchar(key);
      appender.appendVarchar(state.hash);
      if (state.asAt === null) appender.appendNull();
      else appender.appendVarchar(state.asAt);
      if (state.value === null) appender.appendNull();
      else appender.appendVarchar(JSON.stringify(state.value));
      appender.endRow();
    }
    appender.closeSync();
    await connection.run('begin transaction');
    await connection.run('delete from record_state where source = $source and key in (select md5_number(key) from replayed)', { source });
    await connection.run(
      'insert into record_state select $source, md5_number(key), md5_number(hash), as_at, value from replayed',
      { source },
    );
    await connection.run('commit');
  }
}
