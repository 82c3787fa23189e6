// The return as one HTML page a scrutiny member can read: the headline
// figures, the commentary, four charts (caseload by setting group, spend by
// line against the plan, the deficit against the plan, timeliness by month)
// and every table. Self-contained: the styles are inline, the charts are
// inline SVG drawn by charts.ts, there is no script, font or image to fetch.
// Pure: the same tables give the same bytes.
import { barChart, esc, lineChart, type ChartSeries } from './charts.js';
import { longDate, shortMonth, type Quarter } from './quarter.js';
import { columnIndex, num, tableOf, type ReturnColumn, type ReturnTable } from './tables.js';
import { count, type ReturnSummary } from './summary.js';

export interface ReportMeta {
  title: string;
  authorityName: string;
  quarter: Quarter;
  logPosition: number;
  published: boolean;
  /** "sendwh 0.1.0 (commit abc1234)". */
  codeVersion: string;
  sources: number;
}

export function reportHtml(tables: readonly ReturnTable[], summary: ReturnSummary, meta: ReportMeta): string {
  const charts = [caseloadChart(tables), spendChart(tables, meta.quarter), deficitChart(tables), timelinessChart(tables)];
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(meta.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${esc(meta.title)}</h1>`,
    `<p class="subtitle">${esc(meta.authorityName)}: ${esc(meta.quarter.label)}. Figures as at ${esc(longDate(meta.quarter.end))}.${meta.published ? ' Published version: counts from 1 to 4, and any figure they could be worked out from, are shown as c.' : ''}</p>`,
    '</header>',
    '<section aria-labelledby="headlines"><h2 id="headlines">Headline figures</h2>',
    '<div class="cards">',
    ...summary.headlines.map(
      (h) => `<div class="card" data-headline="${esc(h.key)}"><p class="label">${esc(h.label)}</p><p class="value">${esc(h.value)}</p>${h.note ? `<p class="note">${esc(h.note)}</p>` : ''}</div>`,
    ),
    '</div></section>',
    '<section aria-labelledby="commentary"><h2 id="commentary">Commentary</h2>',
    ...summary.commentary.map((p) => `<p>${esc(p)}</p>`),
    '</section>',
    '<section aria-labelledby="charts"><h2 id="charts">Charts</h2>',
    ...charts.map((c) => `<figure><h3>${esc(c.title)}</h3>\n${c.svg}\n<figcaption>${esc(c.caption)}</figcaption></figure>`),
    '</section>',
    '<section aria-labelledby="tables"><h2 id="tables">Tables</h2>',
    ...tables.map(htmlTable),
    '</section>',
    '<section aria-labelledby="about"><h2 id="about">About this return</h2>',
    '<dl class="about">',
    `<dt>Made from</dt><dd>the event log up to position ${esc(count(meta.logPosition))}: ${meta.sources} source files (listed with their sha256 in manifest.json)</dd>`,
    `<dt>Made by</dt><dd>${esc(meta.codeVersion)}</dd>`,
    '<dt>Reproducible</dt><dd>the same log position always gives these files byte for byte: <code>sendwh reproduce &lt;submission-id&gt;</code> writes them again, whatever the log has learnt since</dd>',
    '<dt>Money</dt><dd>pounds in the workbook and CSV files, £ millions here; income negative, deficit positive</dd>',
    meta.published ? '<dt>c</dt><dd>a count from 1 to 4, or a figure hidden so that such a count cannot be worked out from the totals</dd>' : '',
    '</dl></section>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

interface Chart {
  title: string;
  svg: string;
  caption: string;
}

function caseloadChart(tables: readonly ReturnTable[]): Chart {
  const t = tableOf(tables, 'caseload_by_setting_group');
  const [iQuarter, iGroup, iLabel, iPlans] = ['quarter', 'setting_group', 'label', 'plans'].map((n) => columnIndex(t, n)) as [number, number, number, number];
  const quarters = unique(t.rows.map((r) => r[iQuarter] ?? ''));
  const groups = unique(t.rows.filter((r) => r[iGroup] !== 'total').map((r) => r[iGroup] ?? ''));
  const series: ChartSeries[] = groups.map((g) => {
    const cells = quarters.map((q) => t.rows.find((r) => r[iQuarter] === q && r[iGroup] === g)?.[iPlans] ?? null);
    return { key: g, label: t.rows.find((r) => r[iGroup] === g)?.[iLabel] ?? g, values: cells.map(num), texts: cells };
  });
  const title = 'EHC plans by setting group at each quarter end';
  return {
    title,
    svg: lineChart({
      id: 'caseload',
      title,
      description: `Lines for ${groups.length} setting groups over ${quarters.length} quarters.`,
      categories: quarters,
      series,
      format: count,
      axis: 'EHC plans',
    }),
    caption: 'EHC plans by setting group on the last day of each quarter.',
  };
}

function spendChart(tables: readonly ReturnTable[], quarter: Quarter): Chart {
  const t = tableOf(tables, 'hnb_spend_by_line');
  const i = (n: string) => columnIndex(t, n);
  const rows = t.rows.filter((r) => r[i('line')] !== 'Total');
  const column = (key: string, label: string, dashed = false): ChartSeries => {
    const cells = rows.map((r) => r[i(key)] ?? null);
    return { key, label, values: cells.map((c) => millions(num(c))), texts: cells, dashed };
  };
  const title = `High Needs Block spend by line against the Safety Valve plan, ${quarter.financialYear}`;
  return {
    title,
    svg: barChart({
      id: 'spend',
      title,
      description: `Bars for ${rows.length} spend lines: actual and plan to date, forecast and plan for the whole year.`,
      categories: rows.map((r) => r[i('line')] ?? ''),
      series: [
        column('actual_ytd', 'Actual to date'),
        column('plan_ytd', 'Plan to date (straight-line)'),
        column('forecast_full_year', 'Forecast for the year'),
        column('plan_full_year', 'Plan for the year'),
      ],
      format: (v) => `£${v.toFixed(0)}m`,
      axis: '£ millions',
    }),
    caption: `Spend by line in ${quarter.financialYear}: to the quarter end against the plan profiled evenly over the year, and the forecast for the whole year against the plan.`,
  };
}

function deficitChart(tables: readonly ReturnTable[]): Chart {
  const t = tableOf(tables, 'dsg_position');
  const i = (n: string) => columnIndex(t, n);
  const rows = t.rows.filter((r) => r[i('measure')] === 'accumulated_position');
  const years = rows.map((r) => r[i('financial_year')] ?? '');
  const actualCells = rows.map((r) => (r[i('basis')] === 'outturn' ? (r[i('actual')] ?? null) : null));
  const planCells = rows.map((r) => r[i('plan')] ?? null);
  const title = 'Accumulated DSG deficit at 31 March: outturn and Safety Valve plan';
  return {
    title,
    svg: lineChart({
      id: 'deficit',
      title,
      description: `The accumulated deficit by financial year: outturn for ${actualCells.filter((c) => c !== null).length} years, plan for ${planCells.filter((c) => c !== null).length}.`,
      categories: years,
      series: [
        { key: 'outturn', label: 'Outturn', values: actualCells.map((c) => millions(num(c))), texts: actualCells },
        { key: 'plan', label: 'Safety Valve plan', values: planCells.map((c) => millions(num(c))), texts: planCells, dashed: true },
      ],
      format: (v) => `£${v.toFixed(0)}m`,
      axis: '£ millions (deficit +)',
    }),
    caption: 'The accumulated DSG deficit at the end of each financial year: outturn for closed years, and the agreed Safety Valve trajectory.',
  };
}

function timelinessChart(tables: readonly ReturnTable[]): Chart {
  const t = tableOf(tables, 'requests_and_timeliness');
  const i = (n: string) => columnIndex(t, n);
  const all = t.rows.filter((r) => r[i('area_team')] === 'All areas');
  const months = all.map((r) => shortMonth(r[i('month')] ?? ''));
  const column = (key: string, label: string): ChartSeries => {
    const cells = all.map((r) => r[i(key)] ?? null);
    return { key, label, values: cells.map(num), texts: cells };
  };
  const title = 'Timeliness by month, all area teams';
  return {
    title,
    svg: lineChart({
      id: 'timeliness',
      title,
      description: `Two lines over ${months.length} months: the share of plans issued within 20 weeks and of decisions made within 6 weeks.`,
      categories: months,
      series: [column('pct_issued_within_20_weeks', 'EHC plans issued within 20 weeks (%)'), column('pct_decisions_within_6_weeks', 'Decisions within 6 weeks (%)')],
      format: (v) => `${v.toFixed(0)}%`,
      axis: 'Per cent',
      domain: [0, 100],
    }),
    caption: 'The share of EHC plans issued within 20 weeks of the request (by month of issue) and of decisions on requests made within 6 weeks (by month of request).',
  };
}

function htmlTable(table: ReturnTable): string {
  const id = `table-${table.spec.key.replace(/_/g, '-')}`;
  const shown = table.columns.map((col, i) => ({ col, i })).filter(({ col }) => !col.keyOnly);
  const head = shown.map(({ col }) => `<th scope="col"${numeric(col) ? ' class="n"' : ''}>${esc(heading(col))}</th>`).join('');
  const body = table.rows
    .map((row) => {
      const total = row.some((c) => c === 'Total' || c === 'All areas' || c === 'total');
      return `<tr${total ? ' class="total"' : ''}>${shown.map(({ col, i }) => `<td${numeric(col) ? ' class="n"' : ''}>${esc(display(row[i] ?? null, col))}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return [
    `<section class="table" id="${id}" data-table="${esc(table.spec.key)}" data-rows="${table.rows.length}">`,
    `<h3>${esc(table.spec.title)}</h3>`,
    `<p class="description">${esc(table.spec.description)}${table.note ? ` ${esc(table.note)}` : ''}</p>`,
    table.rows.length === 0 ? '<p class="empty">No rows.</p>' : `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`,
    '</section>',
  ].join('\n');
}

function heading(col: ReturnColumn): string {
  return col.kind === 'money' ? col.heading.replace('(£)', '(£m)') : col.heading;
}

function numeric(col: ReturnColumn): boolean {
  return col.kind === 'count' || col.kind === 'money' || col.kind === 'percent' || col.kind === 'number';
}

function display(cell: string | null, col: ReturnColumn): string {
  if (cell === null) return '';
  if (cell === 'c') return 'c';
  const n = Number(cell);
  switch (col.kind) {
    case 'money':
      return Number.isFinite(n) ? (n / 1e6).toFixed(2) : cell;
    case 'count':
      return Number.isFinite(n) ? count(n) : cell;
    default:
      return cell;
  }
}

function millions(v: number | null): number | null {
  return v === null ? null : v / 1e6;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b; background: #fff; line-height: 1.45; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.8rem; margin: 0 0 4px; }
h2 { font-size: 1.35rem; margin: 32px 0 12px; border-bottom: 2px solid #0b0c0c; padding-bottom: 4px; }
h3 { font-size: 1.1rem; margin: 24px 0 6px; }
.subtitle { color: #444; margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; }
.card { border: 1px solid #b1b4b6; border-left: 6px solid #0072B2; padding: 10px 12px; }
.card p { margin: 0; }
.card .label { font-size: 0.9rem; color: #444; }
.card .value { font-size: 1.7rem; font-weight: 700; }
.card .note { font-size: 0.85rem; color: #444; }
figure { margin: 16px 0 28px; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #444; }
.description { color: #333; font-size: 0.95rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #d8d8d8; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; }
dl.about dt { font-weight: 700; }
dl.about dd { margin: 0 0 8px; }
`;
