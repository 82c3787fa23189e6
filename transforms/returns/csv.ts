// A return table as a CSV file (RFC 4180): a header row of column names, then
// one line per row, each figure exactly as the warehouse gave it (pounds to the
// penny, percentages to one decimal place), blank for no value and 'c' for a
// suppressed count. UTF-8 with a byte-order mark (as the DfE publishes its
// files, so Excel reads the £ signs right), lines ending in CRLF as RFC 4180
// says. Deterministic: the same table gives the same bytes.
import type { Cell, ReturnTable } from './tables.js';

export function tableCsv(table: ReturnTable): Buffer {
  const lines = [table.columns.map((col) => field(col.name)), ...table.rows.map((row) => row.map(field))];
  return Buffer.from('\uFEFF' + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n', 'utf8');
}

function field(value: Cell): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Parses a CSV file written by tableCsv (for tests and for reading a return back). */
export function parseCsv(content: string): string[][] {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
