// Shared helpers for the source-spec tests: a real keyed pseudonymiser, a row
// patcher, and the "one bad row per rule" check every source runs.
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { parseEventData, type Diagnostic } from '../../../models/index.js';
import type { MapContext, RawRow, SourceSpec } from '../../../ingest/sourceSpec.js';

/** A MapContext with a real HMAC-SHA-256 pseudonymiser and a fixed key. */
export function testContext(file = 'extract.csv'): MapContext {
  return { pseudonymise: (id) => createHmac('sha256', 'test-secret').update(id).digest('hex'), file };
}

/** A row with some cells replaced; an undefined value blanks the cell. */
export function patch(row: RawRow, changes: Record<string, string | undefined>): RawRow {
  const out: Record<string, string | undefined> = { ...row };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** The diagnostics of a row that must fail. */
export function diagnosticsOf<T>(spec: SourceSpec<T>, row: RawRow, ctx = testContext()): Diagnostic[] {
  const result = spec.parse(row, ctx);
  if (result.ok) throw new Error(`expected the row to fail, got ${JSON.stringify(result.value)}`);
  return result.diagnostics;
}

/** The value of a row that must pass. */
export function valueOf<T>(spec: SourceSpec<T>, row: RawRow, ctx = testContext()): T {
  const result = spec.parse(row, ctx);
  if (!result.ok) throw new Error(`expected the row to pass, got ${JSON.stringify(result.diagnostics)}`);
  return result.value;
}

/** One bad row per rule: [rule, changes to the good row]. */
export type RuleCases = ReadonlyArray<readonly [rule: string, changes: Record<string, string | undefined>]>;

/** Every bad row breaks exactly its rule, with a column and a message, and the cases cover every rule of the source. */
export function expectEachRuleAlone<T>(spec: SourceSpec<T>, good: RawRow, cases: RuleCases, rules: readonly string[]): void {
  for (const [rule, changes] of cases) {
    const diagnostics = diagnosticsOf(spec, patch(good, changes));
    expect({ rule, got: diagnostics.map((d) => d.rule) }).toEqual({ rule, got: [rule] });
    expect(diagnostics[0]!.message.length).toBeGreaterThan(20);
    expect(diagnostics[0]!.column).toBeTypeOf('string');
  }
  expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(rules));
}

/** Every event of a diff is valid against the event catalogue. */
export function expectCatalogueValid(events: ReadonlyArray<{ type: string; v: number; data: Record<string, unknown> }>): void {
  for (const e of events) expect(() => parseEventData(e as Parameters<typeof parseEventData>[0])).not.toThrow();
}
