// Money cells as exact decimal strings, never floating point: pounds with up to
// two decimals, in the spellings ledgers export (`1,234.50`, `(1234.50)`,
// `£1234.50`, `-£12`, `£(12.00)`).

const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * An amount of pounds as an exact two-place decimal string ("1234.50", "-1234.50"),
 * or null when the text is not one: letters, three or more decimals, misplaced
 * commas, or two signs.
 */
export function parseAmount(text: string): string | null {
  let s = text.trim();
  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1);
  }
  if (s.startsWith('£')) s = s.slice(1);
  if (s.startsWith('-')) {
    if (negative) return null;
    negative = true;
    s = s.slice(1);
  }
  if (s.startsWith('(') && s.endsWith(')')) {
    if (negative) return null;
    negative = true;
    s = s.slice(1, -1);
    if (s.startsWith('£')) s = s.slice(1);
  }
  const match = NUMBER.exec(s);
  if (match === null) return null;
  const whole = match[1]!.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const isZero = whole === '0' && fraction === '00';
  return `${negative && !isZero ? '-' : ''}${whole}.${fraction}`;
}
