// What of a rejected row may be kept in quarantine. Person-level rows lose
// personal columns, their identifiers become pseudonyms and dates of birth are
// cut to the month; reference rows (institutions, places) are kept as read.
import { isPersonalColumn } from '../../models/index.js';
import type { ColumnSpec, MapContext, RawRow } from '../sourceSpec.js';
import { monthOf, parseDate } from './dates.js';

/** Which columns of a person-level extract identify a person or hold a date of birth. */
export interface PersonColumns {
  /** Columns pseudonymised whatever their content (valid or not). */
  identifiers: readonly string[];
  /** Columns upper-cased before pseudonymising, so a valid UPN gets the same pseudonym here as in its events. */
  upperCase?: readonly string[];
  /** Columns kept to the month (YYYY-MM), or null when not a date. */
  birthDates: readonly string[];
}

/** The declared columns of a person-level row, minimised; anything else in the row is dropped. */
export function minimisePersonRow(
  columns: readonly ColumnSpec[],
  person: PersonColumns,
  row: RawRow,
  ctx: MapContext,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const { name } of columns) {
    if (isPersonalColumn(name)) continue;
    const raw = row[name];
    const text = raw === undefined ? '' : raw.trim();
    if (text === '') out[name] = null;
    else if (person.identifiers.includes(name)) out[name] = ctx.pseudonymise(person.upperCase?.includes(name) ? text.toUpperCase() : text);
    else if (person.birthDates.includes(name)) {
      const date = parseDate(text);
      out[name] = date === null ? null : monthOf(date);
    } else out[name] = raw ?? null;
  }
  return out;
}

/** A reference row as read: declared columns (null when blank) and any passed-through extra columns. */
export function minimiseReferenceRow(columns: readonly ColumnSpec[], row: RawRow): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const { name } of columns) out[name] = row[name] ?? null;
  for (const [name, value] of Object.entries(row)) if (!(name in out)) out[name] = value ?? null;
  return out;
}
