// Hashing shared by the ingest workers and the log adapters: file checksums,
// record content hashes and deterministic event ids.
import { hash } from 'node:crypto';
import { eventIdInput, canonicalJson, type NewEvent } from '../models/index.js';

export function sha256Hex(data: string | Uint8Array): string {
  // crypto.hash (Node >= 20.12) is several times faster than createHash for small inputs.
  return hash('sha256', data, 'hex');
}

/** Deterministic event id: the first 128 bits of sha256 over the event's canonical form. */
export function makeEventId(event: Omit<NewEvent, 'id'>, dataJson?: string): string {
  return sha256Hex(eventIdInput(event, dataJson)).slice(0, 32);
}

/** Content hash of a record, independent of key order. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
