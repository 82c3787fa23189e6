// The diff of a 'hash' source: the index only knows whether an identity is new
// or its content hash changed, so a record is either recorded or corrected, and
// the event's payload is the record itself (version 1). That is all the ingest
// needs to form these events in bulk, in SQL (ingest/classifyHashed.ts).
import type { EventType } from '../../models/index.js';
import type { Diff } from '../sourceSpec.js';

/** The two event types of a 'hash' source. */
export interface HashEvents {
  /** The event of a new identity. */
  readonly created: EventType;
  /** The event of an identity whose content changed. */
  readonly revised: EventType;
}

/** The payload version of every event a 'hash' source gives. */
export const HASH_EVENT_VERSION = 1;

/**
 * The diff and event types of a 'hash' source, spread into its spec: `created`
 * for a new identity and `revised` for changed content; the payload is the record.
 */
export function hashDiff<T extends Record<string, unknown>>(
  created: EventType,
  revised: EventType,
): { events: HashEvents; diff(prev: T | 'changed' | undefined, next: T): Diff } {
  return {
    events: { created, revised },
    diff: (prev, next) =>
      prev === undefined
        ? { change: 'new', events: [{ type: created, v: HASH_EVENT_VERSION, data: { ...next } }] }
        : { change: 'correction', events: [{ type: revised, v: HASH_EVENT_VERSION, data: { ...next } }] },
  };
}
