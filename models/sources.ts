// The extract sources of CONTRACT §1 and what kind of file each one is.
import { z } from 'zod';

/** Every source `sendwh ingest` accepts. */
export const SourceName = z.enum([
  'census',
  'cases',
  'placements',
  'finance',
  'schools',
  'cost-centres',
  'areas',
  'safety-valve-plan',
  'ees',
]);
export type SourceName = z.infer<typeof SourceName>;
export const SOURCE_NAMES: readonly SourceName[] = SourceName.options;

/** Person-level extracts: personal columns are dropped and identifiers pseudonymised. */
export const PERSON_LEVEL_SOURCES: ReadonlySet<SourceName> = new Set(['census', 'cases', 'placements']);

/** Full-snapshot extracts: each file is diffed against what the log already knows. */
export const SNAPSHOT_SOURCES: ReadonlySet<SourceName> = new Set(['cases', 'placements']);

/** A column whose name marks it as personal data that must never be stored (CONTRACT §1). */
export function isPersonalColumn(name: string): boolean {
  const n = name.toLowerCase();
  return n.includes('name') || n.includes('address') || n.includes('postcode');
}
