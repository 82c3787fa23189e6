// The DfE Unique Pupil Number: 13 characters whose first is a check letter over
// the other twelve (CONTRACT §1.1). A wrong UPN would link the wrong children.

/** The check-letter alphabet: A..Z without I, O and S. */
export const UPN_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

const SHAPE = /^[A-Z]\d{11}[0-9A-Z]$/;

/** Why a UPN is not valid ('format': not a letter, 11 digits and a digit or letter; 'check-letter'), or null when it is. */
export function upnProblem(upn: string): 'format' | 'check-letter' | null {
  if (!SHAPE.test(upn)) return 'format';
  let sum = 0;
  for (let i = 1; i < 12; i++) sum += (upn.charCodeAt(i) - 48) * (i + 1);
  const last = upn.charCodeAt(12);
  if (last >= 48 && last <= 57) sum += (last - 48) * 13;
  else {
    const index = UPN_ALPHABET.indexOf(upn[12]!);
    if (index < 0) return 'format';
    sum += index * 13;
  }
  return UPN_ALPHABET[sum % 23] === upn[0] ? null : 'check-letter';
}

/** Whether a UPN's shape and check letter are valid. */
export function isValidUpn(upn: string): boolean {
  return upnProblem(upn) === null;
}
