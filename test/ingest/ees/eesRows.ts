// Test helpers: a small RFC 4180 CSV parser and the RawRow a reader builds for a
// spec with extraColumns: 'measures' (declared columns matched ignoring case,
// every other header passed through as written, a repeated header once, its
// first occurrence, blank cells absent).
import type { RawRow, SourceSpec } from '../../../ingest/sourceSpec.js';

/** Parses CSV text (byte-order mark, quotes, CRLF) into records of fields. */
export function parseCsv(text: string): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let i = 0;
  while (i < s.length) {
    let end = s.indexOf('\n', i);
    if (end < 0) end = s.length;
    const line = s.slice(i, end > i && s[end - 1] === '\r' ? end - 1 : end);
    // Fast path: a line without quotes is a plain split.
    if (!line.includes('"')) {
      records.push(line.split(','));
      i = end + 1;
      continue;
    }
    const record: string[] = [];
    let field = '';
    let quoted = false;
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (quoted) {
        if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') record.push(field), (field = '');
      else if (c === '\n' || c === '\r') {
        if (c === '\r' && s[i + 1] === '\n') i++;
        i++;
        break;
      } else field += c;
    }
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Builds RawRows from a header and records as the pipeline's reader does for this spec. */
export function rawRows(spec: SourceSpec, header: readonly string[], records: readonly string[][]): RawRow[] {
  const declared = new Map(spec.columns.map((c) => [c.name.toLowerCase(), c.name]));
  const names: Array<string | null> = [];
  const seen = new Set<string>();
  for (const h of header) {
    const trimmed = h.trim();
    const name = declared.get(trimmed.toLowerCase()) ?? (spec.extraColumns === 'measures' ? trimmed : null);
    names.push(name === null || seen.has(name) ? null : name);
    if (name !== null) seen.add(name);
  }
  return records.map((fields) => {
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = fields[i];
      if (name !== null && value !== undefined && value !== '') row[name] = value;
    });
    return row;
  });
}
