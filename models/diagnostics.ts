// Typed diagnostics: what is wrong with a row, where, and under which contract rule.
// A row maps to events or to diagnostics; diagnostics become quarantine records.
import { z } from 'zod';

/** One broken rule on one row: a stable rule code, a plain-English reason and where it was. */
export const Diagnostic = z.object({
  rule: z.string(),
  message: z.string(),
  column: z.string().optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/** The result of checking one row: its typed value, or the rules it breaks. */
export type RowResult<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

export const ok = <T>(value: T): RowResult<T> => ({ ok: true, value });
export const fail = <T = never>(diagnostics: Diagnostic[]): RowResult<T> => ({ ok: false, diagnostics });
