// Phase 2 of an ingest for record-hash sources (census, finance and the
// reference files), in bulk. The parse phase formed every row's event already
// (as new, in the event spool). For a new extract every record usually is new,
// so the pipeline appends the events as they are formed (formedEvents) and
// then one query checks that no record is a duplicate or a correction
// (staging.anyExceptions). Only if some is, that append is abandoned and the
// file is classified: one query pairs each staged record's content hash with what the
// log knew (the previous row of the same identity in this file, else the
// record index) and returns the exceptions, records that are duplicates (no
// event) or corrections (the event re-formed as its `revised` type), and the
// other events go to the log as the bytes the parse phase wrote, in file order.
import type { DuckDBConnection, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import { canonicalJson, type AppendTransaction } from '../models/index.js';
import { HASH_EVENT_VERSION } from './fields/hashDiff.js';
import { eventFormer } from './encodedEvents.js';
import type { HashSourceSpec } from './sourceSpec.js';
import type { SpoolFile } from './spool.js';

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

const EXCEPTIONS = `
with paired as (
  select r.line, r.hash,
         coalesce(lag(r.hash) over (partition by r.key_id order by r.line), s.hash) as prev_hash
  from ingest_rows as r
  left join record_state as s on s.source = $source and s.key = r.key_id
)
select line, prev_hash = hash as duplicate
from paired
where prev_hash is not null
order by line`;

const LF = 10;
const TAB = 9;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The events of a chunk of event spool entries (`<line> \t <event JSON> \n`), as formed: views into the chunk. */
export function formedEvents(entries: Uint8Array): Uint8Array[] {
  // A Buffer's indexOf is memchr; a plain Uint8Array's walks byte by byte.
  const chunk = Buffer.from(entries.buffer, entries.byteOffset, entries.length);
  const out: Uint8Array[] = [];
  for (let at = 0; at < chunk.length; ) {
    const tab = chunk.indexOf(TAB, at);
    const end = chunk.indexOf(LF, tab);
    out.push(chunk.subarray(tab + 1, end));
    at = end + 1;
  }
  return out;
}

/** Appends the events of a record-hash source's staged file (its event spool) in file order, minus duplicates, corrections re-formed. */
export async function classifyHashed(
  connection: DuckDBConnection,
  spec: HashSourceSpec,
  txn: AppendTransaction,
  events: SpoolFile,
  records: number,
  options: ClassifyOptions,
): Promise<ClassifyCounts> {
  const exceptions = new Exceptions(await connection.stream(EXCEPTIONS, { source: spec.source }));
  const form = eventFormer(spec.source, options.file, options.sha256);
  const revise = (json: Uint8Array, line: number): Uint8Array => {
    const e = JSON.parse(decoder.decode(json)) as { key: string; asAt: string | null; data: unknown };
    const asAtJson = e.asAt === null ? 'null' : JSON.stringify(e.asAt);
    return encoder.encode(form(spec.events.revised, HASH_EVENT_VERSION, JSON.stringify(e.key), asAtJson, line, canonicalJson(e.data)));
  };
  const { duplicates, corrections } = await pump(txn, events, options, { exceptions, revise });
  return { accepted: records - duplicates - corrections, duplicates, corrections };
}

/** How classifyHashed sorts the lines: the exceptions query's verdicts, and how a correction's event is re-formed. */
interface Classifier {
  exceptions: Exceptions;
  revise: (json: Uint8Array, line: number) => Uint8Array;
}

/** Streams the event spool to `txn` chunk by chunk, as `classifier` says: duplicates dropped, corrections re-formed. */
async function pump(
  txn: AppendTransaction,
  events: SpoolFile,
  options: ClassifyOptions,
  classifier: Classifier,
): Promise<{ duplicates: number; corrections: number }> {
  let corrections = 0;
  let duplicates = 0;
  let done = 0;
  for await (const chunk of events.lines()) {
    await classifier.exceptions.loadThrough(lineAt(chunk, chunk.lastIndexOf(LF, chunk.length - 2) + 1));
    const out: Uint8Array[] = [];
    for (let at = 0; at < chunk.length; ) {
      const tab = chunk.indexOf(TAB, at);
      const end = chunk.indexOf(LF, tab);
      const line = lineAt(chunk, at);
      const json = chunk.subarray(tab + 1, end);
      at = end + 1;
      done++;
      const duplicate = classifier.exceptions.at(line);
      if (duplicate === undefined) out.push(json);
      else if (duplicate) duplicates++;
      else {
        corrections++;
        out.push(classifier.revise(json, line));
      }
    }
    await txn.appendEncoded(out);
    options.onProgress(done);
  }
  return { duplicates, corrections };
}

/** The line number that starts the entry at `at` (digits up to a tab). */
function lineAt(chunk: Uint8Array, at: number): number {
  let line = 0;
  for (let p = at; chunk[p] !== TAB; p++) line = line * 10 + ((chunk[p] as number) - 48);
  return line;
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

  /** For lines asked in increasing order (loaded): true a duplicate, false a correction, undefined a new record (or a quarantined row). */
  at(line: number): boolean | undefined {
    while (this.next < this.buffer.length && (this.buffer[this.next] as [number, boolean])[0] < line) this.next++;
    const row = this.buffer[this.next];
    if (row === undefined || row[0] !== line) return undefined;
    this.next++;
    return row[1];
  }
}
