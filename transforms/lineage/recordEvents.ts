// The events behind log records, read back from the event log, with the file
// each came from (name, sha256, line, extract date, when it was ingested) and,
// field by field, which event's value won. Case and placement events carry
// only the fields they set, so each field is won by the newest event that
// carries it; every other source's events carry the whole record, so the
// newest event wins every field. A field whose value changed between events
// was corrected: its history shows the superseded values and the winner.
import { canonicalJson, SNAPSHOT_SOURCES, type CommittedFile, type EventLog, type SourceName, type StoredEvent } from '../../models/index.js';

/** A record of the log: its source and key (the event key), and for a rejected row the sha256 of its file version. */
export interface RecordRef {
  source: SourceName;
  key: string;
  sha256: string | null;
}

/** One event of a record, with where it came from. */
export interface RecordEvent {
  seq: number;
  type: string;
  file: string;
  sha256: string;
  line: number;
  /** The extract's as-at date (ExtractDate, CensusDate, PostingDate), null for reference files. */
  extractDate: string | null;
  /** When its file was committed to the log. */
  ingestedAt: string | null;
  data: Record<string, unknown>;
  /** The fields whose current value this event gave. */
  won: string[];
  /** The fields this event set that a later event replaced. */
  superseded: string[];
}

/** One value a field took, and where from. */
export interface FieldValue {
  value: unknown;
  seq: number;
  file: string;
  line: number;
  extractDate: string | null;
  won: boolean;
}

/** A field whose value changed between the record's events: every value it took, the winner marked. */
export interface Correction {
  field: string;
  value: unknown;
  history: FieldValue[];
}

/** A record with its events, oldest first. */
export interface RecordHistory {
  id: string;
  source: SourceName;
  key: string;
  events: RecordEvent[];
  corrections: Correction[];
}

/** The id a record is known by in a why result: `<source>:<key>` (and `@<sha256>` for a rejected row). */
export function recordId(ref: RecordRef): string {
  return `${ref.source}:${ref.key}${ref.sha256 === null ? '' : `@${ref.sha256}`}`;
}

/** Fields that name the record rather than describe it: the same in every event of the record. */
const IDENTITY_FIELDS = new Set(['requestId', 'placementId', 'transactionId', 'urn', 'costCentre', 'district', 'financialYear']);

/**
 * Reads the events of the given records with seq <= until (the position the
 * warehouse was built to), one pass over each source involved.
 */
export async function readRecordHistories(log: EventLog, refs: readonly RecordRef[], until: number): Promise<Map<string, RecordHistory>> {
  const wanted = new Map<SourceName, Map<string, RecordRef[]>>();
  for (const ref of refs) {
    let byKey = wanted.get(ref.source);
    if (byKey === undefined) wanted.set(ref.source, (byKey = new Map()));
    const list = byKey.get(ref.key) ?? [];
    if (!list.some((r) => r.sha256 === ref.sha256)) list.push(ref);
    byKey.set(ref.key, list);
  }
  const files = await log.files();
  const histories = new Map<string, RecordHistory>();
  for (const ref of refs) {
    const id = recordId(ref);
    if (!histories.has(id)) histories.set(id, { id, source: ref.source, key: ref.key, events: [], corrections: [] });
  }
  for (const [source, byKey] of wanted) {
    for await (const batch of log.read({ source, until })) {
      for (const event of batch) {
        const matches = byKey.get(event.key);
        if (matches === undefined) continue;
        for (const ref of matches) {
          if (!belongs(event, ref)) continue;
          histories.get(recordId(ref))?.events.push(toRecordEvent(event, files));
        }
      }
    }
  }
  for (const history of histories.values()) settle(history);
  return histories;
}

/** A rejected row's ref names its file version; any other ref takes the record's events, not rejected rows. */
function belongs(event: StoredEvent, ref: RecordRef): boolean {
  if (ref.sha256 !== null) return event.type === 'RowQuarantined' && event.sha256 === ref.sha256;
  return event.type !== 'RowQuarantined';
}

function toRecordEvent(event: StoredEvent, files: readonly CommittedFile[]): RecordEvent {
  return {
    seq: event.seq,
    type: event.type,
    file: event.file,
    sha256: event.sha256,
    line: event.line,
    extractDate: event.asAt,
    ingestedAt: committedAt(files, event.seq),
    data: event.data,
    won: [],
    superseded: [],
  };
}

/** When the file holding event `seq` was committed (files are in seq order). */
function committedAt(files: readonly CommittedFile[], seq: number): string | null {
  let lo = 0;
  let hi = files.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = files[mid] as CommittedFile;
    if (f.count > 0 && seq < f.firstSeq) hi = mid - 1;
    else if (f.count === 0 || seq > f.lastSeq) lo = mid + 1;
    else return f.committedAt;
  }
  return null;
}

/** Marks, field by field, which event won, and lists the fields that were corrected. */
function settle(history: RecordHistory): void {
  const events = history.events.sort((a, b) => a.seq - b.seq);
  const perField = SNAPSHOT_SOURCES.has(history.source);
  const last = events[events.length - 1];
  const fields = new Map<string, Array<{ event: RecordEvent; value: unknown }>>();
  for (const event of events) {
    for (const [field, value] of Object.entries(event.data)) {
      const list = fields.get(field) ?? [];
      list.push({ event, value });
      fields.set(field, list);
    }
  }
  for (const [field, setters] of fields) {
    if (IDENTITY_FIELDS.has(field)) continue;
    // Per field: the newest event carrying it. Whole records: the newest event of the record.
    const winner = perField ? setters[setters.length - 1] : setters.find((s) => s.event === last);
    for (const s of setters) (s === winner ? s.event.won : s.event.superseded).push(field);
    const distinct = new Set(setters.map((s) => canonicalJson(s.value)));
    // A whole-record source whose newest event lacks the field cleared it.
    if (!perField && winner === undefined) distinct.add('null');
    if (distinct.size < 2) continue;
    history.corrections.push({
      field,
      value: winner === undefined ? null : winner.value,
      history: setters.map((s) => ({
        value: s.value,
        seq: s.event.seq,
        file: s.event.file,
        line: s.event.line,
        extractDate: s.event.extractDate,
        won: s === winner,
      })),
    });
  }
}
