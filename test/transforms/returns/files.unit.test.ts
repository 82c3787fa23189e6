// The return's file writers on their own: CSV quoting and round trip, a
// workbook that does not depend on the clock (and reads back with its
// figures as numbers and dates), and SVG charts whose data attributes count
// the series and points drawn.
import { afterEach, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { parseCsv, tableCsv } from '../../../transforms/returns/csv.js';
import { barChart, lineChart, scale } from '../../../transforms/returns/charts.js';
import { returnWorkbook } from '../../../transforms/returns/xlsx.js';
import { dosDateTime, fixZipDates } from '../../../transforms/returns/zipDates.js';
import { specOf, type ReturnTable } from '../../../transforms/returns/tables.js';

const caseload: ReturnTable = {
  spec: specOf('caseload_by_setting_group'),
  columns: specOf('caseload_by_setting_group').columns,
  rows: [
    ['2024-25-Q3', '2024-12-31', 'special', 'Special schools', '8031', '39.0'],
    ['2024-25-Q3', '2024-12-31', 'ap_pru', 'Alternative provision, "PRU", and more', 'c', 'c'],
    ['2024-25-Q3', '2024-12-31', 'total', 'All EHC plans', '20609', null],
  ],
};

describe('tableCsv', () => {
  it('writes a header of column names and every cell as given: quoted when it must be, blank for null, CRLF lines, UTF-8 with a BOM', () => {
    const bytes = tableCsv(caseload);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toBe(
      '\uFEFFquarter,snapshot_date,setting_group,label,plans,share_pct\r\n' +
        '2024-25-Q3,2024-12-31,special,Special schools,8031,39.0\r\n' +
        '2024-25-Q3,2024-12-31,ap_pru,"Alternative provision, ""PRU"", and more",c,c\r\n' +
        '2024-25-Q3,2024-12-31,total,All EHC plans,20609,\r\n',
    );
    expect(parseCsv(text)).toEqual([caseload.columns.map((c) => c.name), ...caseload.rows.map((r) => r.map((c) => c ?? ''))]);
  });
});

describe('returnWorkbook', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function workbookAt(clock: string): Promise<Buffer> {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(clock));
    try {
      return await returnWorkbook([caseload], { title: 'Test return', facts: [['Quarter', '2024-25-Q3']], commentary: ['One paragraph.'], date: '2024-12-31' });
    } finally {
      vi.useRealTimers();
    }
  }

  it('gives the same bytes whatever the clock says, every zip entry dated the quarter end', async () => {
    const a = await workbookAt('2031-05-06T07:08:09Z');
    const b = await workbookAt('2026-01-02T23:59:58Z');
    expect(a.equals(b)).toBe(true);
    const dates = await zipEntryDates(a);
    expect(dates.length).toBeGreaterThan(5);
    const { time, day } = dosDateTime('2024-12-31');
    for (const d of dates) expect(d).toEqual({ time, day });
  });

  it('reads back with one sheet per table after the About sheet, numbers as numbers, dates as dates and c kept as c', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Uint8Array.from(await workbookAt('2030-01-01T00:00:00Z')).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['About', 'Caseload by setting']);
    expect(wb.created.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    expect(wb.modified.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    const ws = wb.getWorksheet('Caseload by setting')!;
    expect(ws.getRow(1).values).toEqual([undefined, ...caseload.columns.map((c) => c.heading)]);
    expect(ws.getRow(2).getCell(2).value).toEqual(new Date('2024-12-31T00:00:00Z'));
    expect(ws.getRow(2).getCell(5).value).toBe(8031);
    expect(ws.getRow(2).getCell(6).value).toBe(39);
    expect(ws.getRow(3).getCell(5).value).toBe('c');
    expect(ws.getRow(4).getCell(6).value).toBeNull();
  });
});

describe('fixZipDates', () => {
  it('refuses a zip it cannot find its way around rather than leaving a clock in it', () => {
    expect(() => fixZipDates(Buffer.from('not a zip at all, just some bytes'), '2024-12-31')).toThrow(/end of central directory/);
  });
});

describe('charts', () => {
  const spec = {
    id: 'test',
    title: 'A <test> chart',
    description: 'Two series.',
    categories: ['Q1', 'Q2', 'Q3'],
    series: [
      { key: 'a', label: 'Series A', values: [1, 2, 3] },
      { key: 'b', label: 'Series B & more', values: [4, null, 6], texts: ['4.0', null, '6.0'] },
    ],
    format: (v: number) => v.toFixed(0),
    axis: 'Things',
  };

  it('draws one group per series and one mark per non-null value, each carrying its category and figure', () => {
    for (const svg of [lineChart(spec), barChart(spec)]) {
      expect(svg).toContain('data-chart="test" data-series-count="2"');
      expect(svg).toContain('data-series="a" data-label="Series A" data-point-count="3"');
      expect(svg).toContain('data-series="b" data-label="Series B &amp; more" data-point-count="2"');
      expect(svg.match(/data-point=""/g)).toHaveLength(5);
      expect(svg).toContain('data-category="Q3" data-value="6.0"');
      expect(svg).toContain('<title id="test-title">A &lt;test&gt; chart</title>');
      expect(svg).not.toMatch(/<script|href=|url\(/);
    }
    // The gap leaves series b's line in two pieces.
    expect(lineChart(spec).match(/<path d="M[^"]*"/g)).toHaveLength(3);
    expect(lineChart(spec)).toBe(lineChart(spec));
  });

  it('scales the value axis from zero to a round number, or to the domain given', () => {
    expect(scale([3, 97])).toEqual({ min: 0, max: 100, ticks: [0, 20, 40, 60, 80, 100] });
    expect(scale([-12, 30])).toEqual({ min: -20, max: 30, ticks: [-20, -10, 0, 10, 20, 30] });
    expect(scale([150], [0, 100]).ticks).toEqual([0, 20, 40, 60, 80, 100]);
  });
});

/** The (time, date) fields of every local header and central directory entry of a zip. */
function zipEntryDates(zip: Buffer<ArrayBufferLike>): Promise<Array<{ time: number; day: number }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      const dates: Array<{ time: number; day: number }> = [];
      file.on('entry', (entry: yauzl.Entry) => {
        dates.push({ time: entry.lastModFileTime, day: entry.lastModFileDate });
        // The local header carries its own copy.
        const local = entry.relativeOffsetOfLocalHeader;
        dates.push({ time: zip.readUInt16LE(local + 10), day: zip.readUInt16LE(local + 12) });
        file.readEntry();
      });
      file.on('end', () => resolve(dates));
      file.on('error', reject);
      file.readEntry();
    });
  });
}
