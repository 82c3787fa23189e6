// Phase 2 of an ingest for snapshot sources ('fields': cases, placements): one
// set-based query pairs each staged record with what the log knew (the previous
// row of the same identity in this file, else the record index), in file order,
// and the source's diff (JS: field by field, which events a change gives) turns
// each pair into events. Record-hash sources take the bulk path instead
// (classifyHashed.ts).
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { AppendTransaction, NewEvent } from '../models/index.js';
import { mintEvent } from './log/eventCodec.js';
import type { ClassifyCounts, ClassifyOptions } from './classifyHashed.js';
import { quarantineKey, QUARANTINE_EVENT_VERSION } from './encodedEvents.js';
import type { EventDraft, FieldsSourceSpec } from './sourceSpec.js';

const PAIRED = `
with ranked as (
  select line, key_id, key, as_at, value,
         lag(value) over w as file_prev_value,
         max(as_at) over (partition by key_id order by line rows between unbounded preceding and 1 preceding) as file_prev_as_at,
         row_number() over w as nth
  from ingest_rows
  window w as (partition by key_id order by line)
),
paired as (
  select r.line, r.key, r.value,
         case when r.nth > 1 then r.file_prev_value else s.value end as prev_value,
         coalesce(r.as_at < greatest(s.as_at, r.file_prev_as_at), false) as stale,
         null::varchar as payload
  from ranked as r
  left join record_state as s on s.source = $source and s.key = r.key_id
)
select line, key, value, prev_value, stale, payload from paired
union all
select line, null, null, null, false, payload from ingest_rejects
order by line`;

/** Pairs, diffs and appends the staged records of a snapshot source; marks stale rows in ingest_rows. */
export async function classifyFields(
  connection: DuckDBConnection,
  spec: FieldsSourceSpec,
  txn: AppendTransaction,
  options: ClassifyOptions,
): Promise<ClassifyCounts> {
  const { file, sha256 } = options;
  // A row older than what the log knows for its identity (an earlier snapshot
  // ingested late) changes nothing: the newest extract wins.
  const result = await connection.stream(PAIRED, { source: spec.source });

  let accepted = 0;
  let duplicates = 0;
  let corrections = 0;
  let done = 0;
  const staleLines: bigint[] = [];
  let pending: NewEvent[] = [];
  const push = (drafts: EventDraft[], key: string, asAt: string | null, line: number) => {
    for (const d of drafts) {
      pending.push(mintEvent({ type: d.type, v: d.v, source: spec.source, key, asAt, file, sha256, line, data: d.data }));
    }
  };

  for await (const rows of result.yieldRowsJs()) {
    for (const row of rows) {
      const [lineRaw, key, value, prevValue, stale, payload] = row as [bigint, string | null, string | null, string | null, boolean, string | null];
      const line = Number(lineRaw);
      done++;
      if (key === null) {
        push([{ type: 'RowQuarantined', v: QUARANTINE_EVENT_VERSION, data: JSON.parse(payload as string) as Record<string, unknown> }], quarantineKey(file, line), null, line);
        continue;
      }
      const next = JSON.parse(value as string) as unknown;
      if (stale) {
        duplicates++;
        staleLines.push(lineRaw);
        continue;
      }
      const prev = prevValue === null ? undefined : (JSON.parse(prevValue) as unknown);
      const diff = spec.diff(prev, next);
      if (diff.change === 'unchanged') duplicates++;
      else if (diff.change === 'correction') corrections++;
      else accepted++;
      push(diff.events, key, spec.asAt(next), line);
    }
    if (pending.length > 0) {
      await txn.append(pending);
      pending = [];
    }
    options.onProgress(done);
  }
  if (pending.length > 0) await txn.append(pending);
  if (staleLines.length > 0) {
    await connection.run('update ingest_rows set stale = true where line in (select unnest($lines))', {
      lines: listValue(staleLines),
    });
  }
  return { accepted, duplicates, corrections };
}
