// HMAC-SHA-256 of short identifiers (a UPN is 13 characters), for the keyed
// pseudonyms every person-level row needs: a hot path. node:crypto's createHmac
// sets up a keyed context per call, which costs more than the hashing. Here the
// key's inner and outer SHA-256 states are computed once, so a short message
// (ASCII, up to 55 bytes: one block) costs two compressions. Anything else goes
// to node:crypto. Checked against createHmac for every input shape
// (test/ingest/shortHmac.unit.test.ts); the result is the standard HMAC (RFC 2104).
import { createHmac } from 'node:crypto';

// FIPS 180-4: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
// The initial hash value: fractional parts of the square roots of the first 8 primes.
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const BLOCK = 64;
/** Longest message that fits one block with SHA-256's padding (0x80 and the 8-byte length). */
const MAX_SHORT = BLOCK - 9;

/** One SHA-256 compression of the block in w[0..15] (big-endian words) on `state`, into `out`. */
function compress(state: Int32Array, w: Int32Array, out: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15] as number;
    const b = w[i - 2] as number;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + (K[i] as number) + (w[i] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + ((S0 + maj) | 0)) | 0;
  }
  out[0] = ((state[0] as number) + a) | 0;
  out[1] = ((state[1] as number) + b) | 0;
  out[2] = ((state[2] as number) + c) | 0;
  out[3] = ((state[3] as number) + d) | 0;
  out[4] = ((state[4] as number) + e) | 0;
  out[5] = ((state[5] as number) + f) | 0;
  out[6] = ((state[6] as number) + g) | 0;
  out[7] = ((state[7] as number) + h) | 0;
}

/** HMAC-SHA-256 with a fixed key, as lower-case hex. */
export function hmacSha256Hex(key: Buffer): (message: string) => string {
  // RFC 2104: a key longer than a block is hashed first; node:crypto handles those.
  if (key.length > BLOCK) return (message) => createHmac('sha256', key).update(message).digest('hex');
  const w = new Int32Array(64);
  const padded = (pad: number) => {
    const block = Buffer.alloc(BLOCK, pad);
    for (let i = 0; i < key.length; i++) block[i] = (key[i] as number) ^ pad;
    for (let i = 0; i < 16; i++) w[i] = block.readInt32BE(4 * i);
    const state = new Int32Array(8);
    compress(IV, w, state);
    return state;
  };
  const inner = padded(0x36);
  const outer = padded(0x5c);
  const mid = new Int32Array(8);
  const fin = new Int32Array(8);
  const hex = Buffer.alloc(64);
  return (message) => {
    const n = message.length;
    if (n > MAX_SHORT || !isAscii(message)) return createHmac('sha256', key).update(message).digest('hex');
    // Inner hash: (key ^ ipad) then the message, padded: one block after the precomputed state.
    w.fill(0, 0, 16);
    for (let i = 0; i < n; i++) w[i >> 2] = (w[i >> 2] as number) | (message.charCodeAt(i) << (24 - 8 * (i & 3)));
    w[n >> 2] = (w[n >> 2] as number) | (0x80 << (24 - 8 * (n & 3)));
    w[15] = (BLOCK + n) * 8;
    compress(inner, w, mid);
    // Outer hash: (key ^ opad) then the inner digest, padded.
    for (let i = 0; i < 8; i++) w[i] = mid[i] as number;
    w[8] = 0x80000000 | 0;
    w.fill(0, 9, 15);
    w[15] = (BLOCK + 32) * 8;
    compress(outer, w, fin);
    // The hex digits go into a reused buffer and come out as one flat string (not 32 joined pieces).
    for (let i = 0; i < 8; i++) {
      const v = fin[i] as number;
      for (let j = 0; j < 8; j++) hex[8 * i + j] = HEX_DIGITS[(v >>> (28 - 4 * j)) & 15] as number;
    }
    return hex.toString('latin1', 0, 64);
  };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
