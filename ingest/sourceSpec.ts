// What the generic ingest pipeline needs to know about one source: its columns,
// how a row becomes a typed record (or diagnostics), its identity, and which
// events a new or changed record gives. Each source folder exports one SourceSpec.
import type { Diagnostic, EventType, RowResult, SourceName } from '../models/index.js';
import type { HashEvents } from './fields/hashDiff.js';

/** One column of an extract, matched by name case-insensitively (aliases for older names). */
export interface ColumnSpec {
  name: string;
  required: boolean;
  aliases?: readonly string[];
}

/** A row keyed by canonical column name; blank cells are absent (undefined). Personal columns never appear. */
export type RawRow = Readonly<Record<string, string | undefined>>;

/** What a row mapping may call: pure, injected by the pipeline. */
export interface MapContext {
  /** Keyed pseudonym (HMAC-SHA-256 hex) of a UPN or PersonID. */
  pseudonymise(identifier: string): string;
  /** Base name of the file being read (reference files such as ees use it). */
  file: string;
}

/** An event before the envelope (id, key, file, line) is added. */
export interface EventDraft {
  type: EventType;
  v: number;
  data: Record<string, unknown>;
}

/** How a record compares with what the log already knew about its identity. */
export type Change = 'new' | 'unchanged' | 'progress' | 'correction';

export interface Diff {
  change: Change;
  events: EventDraft[];
}

interface SourceSpecBase<T> {
  source: SourceName;
  columns: readonly ColumnSpec[];
  /**
   * Optional: 'measures' makes the reader pass every header column that is not in
   * `columns` through in RawRow, keyed by its header as written (byte-order mark
   * removed, trimmed), instead of ignoring it with a warning. Blank cells are
   * absent as for any column; a header repeated in the file is passed once, its
   * first occurrence. For files whose columns vary (ees: one measure per column).
   */
  extraColumns?: 'measures';
  /** Checks a row against every rule of the contract. */
  parse(row: RawRow, ctx: MapContext): RowResult<T>;
  /**
   * Optional: for small files whose records span rows (safety-valve-plan: one
   * record per financial year), turns the file's valid rows into records. Each
   * output keeps the line of the first row it came from.
   */
  reduce?(rows: ReadonlyArray<{ value: T; line: number }>): Array<{ value: T; line: number }>;
  /**
   * Optional: rules across the rows of one file that no single row can see
   * (safety-valve-plan: an Item repeated within a financial year). Called on the
   * file's valid rows, in file order, before reduce; each row it names goes to
   * quarantine with those diagnostics (and its minimised row) instead of on to reduce.
   */
  checkRows?(rows: ReadonlyArray<{ value: T; line: number }>): Array<{ line: number; diagnostics: Diagnostic[] }>;
  /**
   * Optional: the record's canonical JSON (what canonicalJson gives), spelt out by hand for a source with
   * millions of records a file (census), where serialising is a hot path. It must give the same text as
   * canonicalJson for every record parse() returns: the source's tests check that on generated rows.
   */
  json?(value: T): string;
  /** Identity of a record (the event key). */
  key(value: T): string;
  /** The extract's as-at date for this record, or null. */
  asAt(value: T): string | null;
  /** The row's fields fit for quarantine: personal columns gone, identifiers pseudonymised, dates of birth to the month. */
  minimise(row: RawRow, ctx: MapContext): Record<string, string | null>;
}

/**
 * A source whose index keeps a content hash per identity (census, finance,
 * reference files): a record is new or corrected, its payload the record, so
 * the ingest forms these events in bulk in SQL from the diff's two types.
 */
export interface HashSourceSpec<T = unknown> extends SourceSpecBase<T> {
  state: 'hash';
  events: HashEvents;
  /** The events of a new (prev undefined) or changed (prev 'changed') record: the JS form of what the bulk path does in SQL. */
  diff(prev: T | 'changed' | undefined, next: T): Diff;
}

/** A source whose index keeps the record itself, for snapshot diffing (cases, placements). */
export interface FieldsSourceSpec<T = unknown> extends SourceSpecBase<T> {
  state: 'fields';
  /**
   * The events for a record given what the log knew: `prev` is the previous record
   * for 'fields' sources, or 'changed' for 'hash' sources whose content hash differs,
   * or undefined when the identity is new. Not called when a 'hash' record is unchanged.
   */
  diff(prev: T | 'changed' | undefined, next: T): Diff;
}

export type SourceSpec<T = unknown> = HashSourceSpec<T> | FieldsSourceSpec<T>;
