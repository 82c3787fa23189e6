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
  const { sorted, heads, inOrder } = keyPlan(Object.keys(record));
  // Keys already in sorted order and flat values: JSON.stringify gives the same bytes, natively.
  if (inOrder && flat(record, sorted)) return JSON.stringify(record);
  let out = '{';
  let first = true;
  for (let i = 0; i < sorted.length; i++) {
    const v = record[sorted[i] as string];
    if (v === undefined) continue;
    out += (first ? '' : ',') + (heads[i] as string) + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

/** An object shape's keys in sorted order, each key's `"key":` as JSON, and whether the shape has them in that order. */
interface KeyPlan {
  keys: readonly string[];
  sorted: readonly string[];
  heads: readonly string[];
  inOrder: boolean;
}

/** Every value a string, number, boolean, null or undefined: what JSON.stringify writes as canonicalJson does. */
function flat(record: Record<string, unknown>, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    const v = record[keys[i] as string];
    const t = typeof v;
    if (!(t === 'string' || t === 'number' || t === 'boolean' || v === null || v === undefined)) return false;
  }
  return true;
}

// Records of one source share a few shapes (same keys, same order), so the
// sorted order and the escaped key heads are worked out once per shape: a
// small cache, compared key by key (interned strings: pointer compares).
const PLANS: KeyPlan[] = [];
const MAX_PLANS = 16;
const MAX_PLAN_KEYS = 64;

function keyPlan(keys: string[]): KeyPlan {
  for (let p = 0; p < PLANS.length; p++) {
    const plan = PLANS[p] as KeyPlan;
    if (sameKeys(plan.keys, keys)) return plan;
  }
  const sorted = [...keys].sort();
  const plan: KeyPlan = { keys, sorted, heads: sorted.map((k) => `${JSON.stringify(k)}:`), inOrder: sameKeys(keys, sorted) };
  if (keys.length <= MAX_PLAN_KEYS) {
    if (PLANS.length >= MAX_PLANS) PLANS.pop();
    PLANS.unshift(plan);
  }
  return plan;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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
