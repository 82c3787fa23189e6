// Keyed pseudonyms for pupil and person identifiers (CONTRACT §1): HMAC-SHA-256
// with a per-installation secret created on first use with file mode 0600, so
// the same UPN or PersonID links across sources but cannot be looked up without it.
import { randomBytes } from 'node:crypto';
import { hmacSha256Hex } from './shortHmac.js';
import { mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { SendwhError } from '../models/index.js';

/** Reads the installation secret, creating it (32 random bytes, mode 0600) when absent. */
export function loadOrCreateSecret(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) chmodSync(path, 0o600);
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new SendwhError('bad-secret', `the pseudonym secret ${path} is not 64 hex characters`, {
      hint: 'restore it from backup: without the same secret, new pseudonyms will not link to the ones in the log',
    });
  }
  return Buffer.from(hex, 'hex');
}

/** Identifiers are compared trimmed and upper-cased, so 'a950000178301 ' and 'A950000178301' link. */
export function createPseudonymiser(secret: Buffer): (identifier: string) => string {
  const hmac = hmacSha256Hex(secret);
  return (identifier) => hmac(identifier.trim().toUpperCase());
}
