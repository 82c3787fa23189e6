// The canonical form of an event, shared by every adapter: the bytes its id is
// computed from. Pure: the hash function is passed in (models/ imports no node:*).
import type { NewEvent } from './events.js';

/** JSON with object keys sorted, so the same event always gives the same bytes. A hot path: plain loops. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += (first ? '"' : ',"') + (SIMPLE_KEY.test(key) ? key : JSON.stringify(key).slice(1, -1)) + '":' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}
const SIMPLE_KEY = /^[A-Za-z0-9_]*$/;

/**
 * What an event id covers: everything but the id itself and the log's sequence
 * number, as the canonical JSON array [type, v, source, key, asAt, file, sha256,
 * line, data]. Pass the payload's canonical JSON when it is already at hand.
 */
export function eventIdInput(event: Omit<NewEvent, 'id'>, dataJson: string = canonicalJson(event.data)): string {
  // Spelt out (the same bytes canonicalJson of the array gives) so the payload is serialised once.
  return (
    `[${JSON.stringify(event.type)},${JSON.stringify(event.v)},${JSON.stringify(event.source)},${JSON.stringify(event.key)},` +
    `${event.asAt === null ? 'null' : JSON.stringify(event.asAt)},${JSON.stringify(event.file)},${JSON.stringify(event.sha256)},` +
    `${JSON.stringify(event.line)},${dataJson}]`
  );
}
