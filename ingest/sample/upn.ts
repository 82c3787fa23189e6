// Unique Pupil Numbers with the DfE check letter (CONTRACT §1.1): the sample
// needs valid UPNs everywhere, and a few temporary ones (letter in position 13).

const ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

function charValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  return ALPHABET.indexOf(ch);
}

/** The check letter for the 12 characters after it. */
export function upnCheckLetter(rest: string): string {
  if (rest.length !== 12) throw new Error('a UPN has 12 characters after its check letter');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += charValue(rest[i] as string) * (i + 2);
  return ALPHABET[sum % 23] as string;
}

/** True when a 13-character UPN's check letter is right. */
export function isValidUpn(upn: string): boolean {
  if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(upn)) return false;
  const last = upn[12] as string;
  if (!/\d/.test(last) && !ALPHABET.includes(last)) return false;
  return upn[0] === upnCheckLetter(upn.slice(1));
}

const d = (x: number, width: number): string => String(x).padStart(width, '0');

/**
 * A permanent UPN: LA number (3), establishment number (4), two-digit year of
 * allocation and a 3-digit serial, behind the check letter.
 */
export function makeUpn(la: number, establishment: number, year: number, serial: number): string {
  const rest = d(la, 3) + d(establishment, 4) + d(year % 100, 2) + d(serial % 1000, 3);
  return upnCheckLetter(rest) + rest;
}

/** A temporary UPN: the last character is a letter (its index in the alphabet is its value). */
export function makeTemporaryUpn(la: number, establishment: number, year: number, serial: number, letterIndex: number): string {
  const rest = d(la, 3) + d(establishment, 4) + d(year % 100, 2) + d(serial % 100, 2) + (ALPHABET[letterIndex % 23] as string);
  return upnCheckLetter(rest) + rest;
}
