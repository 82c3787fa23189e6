// The canonical form of an event, shared by every adapter: the bytes its id is
// computed from. Pure: the hash function is passed in (models/ imports no node:*).
import type { NewEvent } from './events.js';

/** JSON with object keys sorted, so the same event always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What an event id covers: everything but the id itself and the log's sequence number. */
export function eventIdInput(event: Omit<NewEvent, 'id'>): string {
  return canonicalJson([event.type, event.v, event.source, event.key, event.asAt, event.file, event.sha256, event.line, event.data]);
}
