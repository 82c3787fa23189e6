// The return as an Excel workbook: an "About" sheet (what the return is, as at
// when, from which log position, the commentary and what each sheet holds),
// then one sheet per table with a frozen, filterable header row and the
// figures as real numbers and dates with number formats. Deterministic: the
// document dates are the quarter end and the zip entries are dated the same
// day, so the same figures give the same bytes.
import type ExcelJS from 'exceljs';
import { fixZipDates } from './zipDates.js';
import type { ColumnKind, ReturnTable } from './tables.js';

export interface WorkbookMeta {
  title: string;
  /** Lines for the About sheet, label then value. */
  facts: ReadonlyArray<readonly [string, string]>;
  commentary: readonly string[];
  /** YYYY-MM-DD: the workbook's created/modified date and its zip entries' date. */
  date: string;
}

const FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  date: 'yyyy-mm-dd',
  count: '#,##0',
  money: '#,##0.00',
  percent: '0.0',
  number: 'General',
};

export async function returnWorkbook(tables: readonly ReturnTable[], meta: WorkbookMeta): Promise<Buffer> {
  // Loaded on first use: exceljs takes a quarter of a second to load, which every other command would pay.
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  const fixed = new Date(`${meta.date}T00:00:00Z`);
  wb.creator = 'sendwh';
  wb.lastModifiedBy = 'sendwh';
  wb.created = fixed;
  wb.modified = fixed;
  wb.title = meta.title;

  const about = wb.addWorksheet('About');
  about.columns = [{ width: 34 }, { width: 110 }];
  about.addRow([meta.title]).font = { bold: true, size: 14 };
  about.addRow([]);
  for (const [label, value] of meta.facts) about.addRow([label, value]);
  about.addRow([]);
  about.addRow(['Commentary']).font = { bold: true };
  for (const paragraph of meta.commentary) wrap(about.addRow(['', paragraph]));
  about.addRow([]);
  about.addRow(['Sheets']).font = { bold: true };
  for (const t of tables) wrap(about.addRow([t.spec.sheet, t.note ? `${t.spec.description} ${t.note}` : t.spec.description]));

  for (const table of tables) {
    const ws = wb.addWorksheet(table.spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = table.columns.map((col, i) => ({
      header: col.heading,
      width: columnWidth(col.heading, table.rows.map((r) => r[i] ?? null)),
      ...(FORMATS[col.kind] ? { style: { numFmt: FORMATS[col.kind] } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      const added = ws.addRow(row.map((cell, i) => value(cell, table.columns[i]!.kind)));
      row.forEach((cell, i) => {
        if (cell === 'c') added.getCell(i + 1).alignment = { horizontal: 'right' };
      });
    }
    if (table.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  const written = Buffer.from(await wb.xlsx.writeBuffer());
  return fixZipDates(written, meta.date);
}

function value(cell: string | null, kind: ColumnKind): string | number | Date | null {
  if (cell === null) return null;
  if (cell === 'c') return cell;
  switch (kind) {
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(cell) ? new Date(`${cell}T00:00:00Z`) : cell;
    case 'count':
    case 'money':
    case 'percent':
    case 'number': {
      const n = Number(cell);
      return Number.isFinite(n) ? n : cell;
    }
    default:
      return cell;
  }
}

function wrap(row: ExcelJS.Row): void {
  row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
}

function columnWidth(heading: string, cells: ReadonlyArray<string | null>): number {
  const longest = cells.reduce((w, c) => Math.max(w, (c ?? '').length), heading.length);
  return Math.min(60, Math.max(10, longest + 2));
}
