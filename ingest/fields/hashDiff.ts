// The diff of a 'hash' source: the index only knows whether an identity is new
// or its content hash changed, so a record is either recorded or corrected.
import type { EventType } from '../../models/index.js';
import type { Diff } from '../sourceSpec.js';

/** Builds a diff giving `created` for a new identity and `revised` for changed content; the payload is the record. */
export function hashDiff<T extends Record<string, unknown>>(created: EventType, revised: EventType): (prev: T | 'changed' | undefined, next: T) => Diff {
  return (prev, next) =>
    prev === undefined
      ? { change: 'new', events: [{ type: created, v: 1, data: { ...next } }] }
      : { change: 'correction', events: [{ type: revised, v: 1, data: { ...next } }] };
}
