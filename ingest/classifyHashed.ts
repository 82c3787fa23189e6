// Phase 2 of an ingest for record-hash sources (census, finance and the
// reference files), in bulk. One query pairs each staged record's content hash
// with what the log knew (the previous row of the same identity in this file,
// else the record index) and returns only the exceptions: records that are
// duplicates or corrections (for a new extract, usually none). The events are
// then formed in one pass over the spool, in file order: every other record is
// new. Each event's canonical JSON and deterministic id are spelt out from the
// spooled JSON pieces, byte for byte what mintEvent and the adapters' encodeEvent
// give for the same event (test/ingest/classifyHashed.unit.test.ts), and
// `sendwh verify` re-checks every id and payload once committed.
import type { DuckDBConnection, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import type { AppendTransaction, EncodedEvent, EventType, SourceName } from '../models/index.js';
import { sha256Hex } from './hash.js';
import { HASH_EVENT_VERSION } from './fields/hashDiff.js';
import type { HashSourceSpec } from './sourceSpec.js';
import type { RecordSpool, SpoolEntry } from './spool.js';

/** What the classify phase of one file needs besides the staged rows. */
export interface ClassifyOptions {
  file: string;
  sha256: string;
  /** Called after each batch with the number of rows classified so far. */
  onProgress: (done: number) => void;
}

export interface ClassifyCounts {
  accepted: number;
  duplicates: number;
  corrections: number;
}

/** The version of RowQuarantined events. */
export const QUARANTINE_EVENT_VERSION = 1;

const EXCEPTIONS = `
with paired as (
  select r.line, r.hash,
         coalesce(lag(r.hash) over (partition by r.key order by r.line), s.hash) as prev_hash
  from ingest_rows as r
  left join record_state as s on s.source = $source and s.key = r.key
)
select line, prev_hash = hash as duplicate
from paired
where prev_hash is not null
order by line`;

/** Forms and appends the events of a record-hash source's staged records and rejects, in file order. */
export async function classifyHashed(
  connection: DuckDBConnection,
  spec: HashSourceSpec,
  txn: AppendTransaction,
  spool: RecordSpool,
  options: ClassifyOptions,
): Promise<ClassifyCounts> {
  const exceptions = new Exceptions(await connection.stream(EXCEPTIONS, { source: spec.source }));
  const form = eventFormer(spec.source, options.file, options.sha256);
  let accepted = 0;
  let corrections = 0;
  let duplicates = 0;
  let done = 0;
  for await (const entries of spool.entries()) {
    const last = entries.at(-1);
    if (last === undefined) continue;
    await exceptions.loadThrough(last.line);
    const events: EncodedEvent[] = [];
    for (const entry of entries) {
      if (entry.kind === 'q') {
        const key = `${options.file}:${entry.line}`;
        events.push({ key, json: form('RowQuarantined', QUARANTINE_EVENT_VERSION, JSON.stringify(key), entry) });
        continue;
      }
      const duplicate = exceptions.at(entry.line);
      if (duplicate === true) {
        duplicates++;
        continue;
      }
      const type = duplicate === undefined ? spec.events.created : spec.events.revised;
      if (duplicate === undefined) accepted++;
      else corrections++;
      events.push({ key: JSON.parse(entry.keyJson) as string, json: form(type, HASH_EVENT_VERSION, entry.keyJson, entry) });
    }
    await txn.appendEncoded(events);
    done += entries.length;
    options.onProgress(done);
  }
  return { accepted, corrections, duplicates };
}

/** The canonical JSON (without seq) of an event of this file, from its spooled pieces, id included. */
export function eventFormer(source: SourceName, file: string, sha256: string) {
  // Everything after the key that the id input and the event share.
  const fileJson = JSON.stringify(file);
  const sourceJson = JSON.stringify(source);
  const shaJson = JSON.stringify(sha256);
  return (type: EventType, v: number, keyJson: string, entry: SpoolEntry): string => {
    const typeJson = JSON.stringify(type);
    // models/eventId.ts eventIdInput: [type, v, source, key, asAt, file, sha256, line, data]
    const id = sha256Hex(
      `[${typeJson},${v},${sourceJson},${keyJson},${entry.asAtJson},${fileJson},${shaJson},${entry.line},${entry.dataJson}]`,
    ).slice(0, 32);
    return (
      `{"id":"${id}","type":${typeJson},"v":${v},"source":${sourceJson},"key":${keyJson},"asAt":${entry.asAtJson},` +
      `"file":${fileJson},"sha256":${shaJson},"line":${entry.line},"data":${entry.dataJson}}`
    );
  };
}

/** The exception rows (line, duplicate?) of the classify query, loaded a chunk ahead and looked up in line order. */
class Exceptions {
  private buffer: Array<[number, boolean]> = [];
  private next = 0;
  private ended = false;
  private readonly chunks: AsyncIterator<DuckDBValue[][]>;

  constructor(result: DuckDBResult) {
    this.chunks = result.yieldRows()[Symbol.asyncIterator]();
  }

  /** Loads the exceptions up to `line` (or to the end). */
  async loadThrough(line: number): Promise<void> {
    while (!this.ended && (this.buffer.length === this.next || (this.buffer.at(-1) as [number, boolean])[0] < line)) {
      const chunk = await this.chunks.next();
      if (chunk.done === true) {
        this.ended = true;
        break;
      }
      const kept = this.buffer.slice(this.next);
      for (const [l, duplicate] of chunk.value as Array<[bigint, boolean]>) kept.push([Number(l), duplicate]);
      this.buffer = kept;
      this.next = 0;
    }
  }

  /** For lines asked in increasing order (loaded): true a duplicate, false a correction, undefined a new record. */
  at(line: number): boolean | undefined {
    while (this.next < this.buffer.length && (this.buffer[this.next] as [number, boolean])[0] < line) this.next++;
    const row = this.buffer[this.next];
    if (row === undefined || row[0] !== line) return undefined;
    this.next++;
    return row[1];
  }
}
