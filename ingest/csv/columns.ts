// Matches a CSV header to a source's declared columns (CONTRACT §1): by name,
// case-insensitively and trimmed, in any order, older names accepted as aliases.
// Personal columns of person-level extracts are dropped here, at the door, so no
// later stage can read them; then each record becomes a RawRow keyed by the
// canonical column names.
import { BadInputError } from '../../models/errors.js';
import { isPersonalColumn } from '../../models/sources.js';
import type { ColumnSpec, RawRow } from '../sourceSpec.js';

/** Where each declared column sits in the file, and what else the header held. */
export interface ColumnMapping {
  readonly file: string;
  /** Fields in the header; a record of another width is quarantined by the pipeline. */
  readonly width: number;
  /** Declared columns found in the header, with the index of their first occurrence. */
  readonly columns: ReadonlyArray<{ readonly name: string; readonly index: number }>;
  /** Declared columns the file does not have (optional ones only: a missing required column is refused). */
  readonly absent: readonly string[];
  /** Header names matching nothing declared: ignored, worth one warning. */
  readonly unknown: readonly string[];
  /** Personal columns of a person-level extract, as written in the header: never read. */
  readonly dropped: readonly string[];
  /** Later occurrences of a name already seen (the first one is used), as written. */
  readonly duplicates: readonly string[];
}

const normalise = (name: string): string => name.trim().toLowerCase();

/** Matches `header` against `spec`; refuses the file (BadInputError 'missing-column') when a required column is missing. */
export function matchColumns(
  file: string,
  header: readonly string[],
  spec: readonly ColumnSpec[],
  options: { personLevel: boolean },
): ColumnMapping {
  const canonical = new Map<string, string>();
  for (const column of spec) {
    if (options.personLevel && isPersonalColumn(column.name)) {
      throw new Error(`column spec: ${column.name} is a personal column and can never be read in a person-level extract`);
    }
    for (const name of [column.name, ...(column.aliases ?? [])]) {
      const key = normalise(name);
      const owner = canonical.get(key);
      if (owner !== undefined && owner !== column.name) {
        throw new Error(`column spec: "${name}" names both ${owner} and ${column.name}`);
      }
      canonical.set(key, column.name);
    }
  }

  const found = new Map<string, number>();
  const seen = new Set<string>();
  const unknown: string[] = [];
  const dropped: string[] = [];
  const duplicates: string[] = [];
  header.forEach((raw, index) => {
    const written = raw.trim();
    const key = written.toLowerCase();
    if (key === '') return; // a trailing comma in the header: nothing to match or warn about
    if (options.personLevel && isPersonalColumn(written)) {
      dropped.push(written);
      return;
    }
    const name = canonical.get(key);
    if (seen.has(key) || (name !== undefined && found.has(name))) {
      duplicates.push(written);
      return;
    }
    seen.add(key);
    if (name === undefined) unknown.push(written);
    else found.set(name, index);
  });

  const missing = spec.filter((c) => c.required && !found.has(c.name));
  if (missing.length > 0) {
    const names = missing.map((c) => describe(c)).join(', ');
    throw new BadInputError(
      'missing-column',
      file,
      `is missing required column${missing.length > 1 ? 's' : ''} ${names}`,
      `The header row must name every required column (any order, any letter case). It has: ${header
        .map((h) => h.trim())
        .filter((h) => h !== '' && !(options.personLevel && isPersonalColumn(h)))
        .join(', ')}.`,
    );
  }

  return {
    file,
    width: header.length,
    columns: spec.flatMap((c) => {
      const index = found.get(c.name);
      return index === undefined ? [] : [{ name: c.name, index }];
    }),
    absent: spec.filter((c) => !found.has(c.name)).map((c) => c.name),
    unknown,
    dropped,
    duplicates,
  };
}

function describe(column: ColumnSpec): string {
  const aliases = column.aliases ?? [];
  return aliases.length === 0 ? column.name : `${column.name} (or ${aliases.join(' or ')})`;
}

/** A record's declared columns keyed by canonical name, trimmed; blank or missing cells are undefined. */
export function toRawRow(fields: readonly string[], mapping: ColumnMapping): RawRow {
  const row: Record<string, string | undefined> = {};
  for (const { name, index } of mapping.columns) {
    const cell = fields[index];
    if (cell === undefined) continue;
    const value = cell.trim();
    if (value !== '') row[name] = value;
  }
  return row;
}
