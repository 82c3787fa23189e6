// Charts for the HTML report as inline SVG, drawn here so the report needs no
// script, font or network: a line chart (trends over quarters, months, years)
// and a horizontal grouped bar chart (spend by line). Every chart, series and
// point carries data attributes (data-chart, data-series, data-point,
// data-category, data-value) so a reader's tools and the tests can find the
// figures behind each mark. Pure: the same data gives the same markup.

/** One series: a value (or null: no point) per category. */
export interface ChartSeries {
  key: string;
  label: string;
  values: ReadonlyArray<number | null>;
  /** The figure behind each value as the tables print it (data-value); defaults to the value. */
  texts?: ReadonlyArray<string | null>;
  dashed?: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence for screen readers: what the chart shows. */
  description: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** Axis and tooltip format of a value. */
  format: (value: number) => string;
  /** The axis title (units). */
  axis: string;
  /** Fix the value axis, e.g. [0, 100] for percentages. */
  domain?: readonly [number, number];
}

/** Colour-blind-safe (Okabe-Ito) series colours. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999999'];

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"';

/** A line chart: categories along the bottom, one line (with a marker per point) per series. */
export function lineChart(spec: ChartSpec): string {
  const width = 760;
  const left = 78;
  const right = 48;
  const top = 16;
  const plotHeight = 250;
  const perRow = legendPerRow(spec.series, width - left - right);
  const legendRows = Math.ceil(spec.series.length / perRow);
  const bottom = 46 + legendRows * 20;
  const height = top + plotHeight + bottom;
  const { min, max, ticks } = scale(values(spec), spec.domain);
  const plotWidth = width - left - right;
  const step = spec.categories.length > 1 ? plotWidth / (spec.categories.length - 1) : 0;
  const x = (i: number) => left + (spec.categories.length > 1 ? i * step : plotWidth / 2);
  const y = (v: number) => top + plotHeight - ((v - min) / (max - min)) * plotHeight;
  const parts: string[] = [];
  parts.push(...gridY(ticks, y, left, width - right, spec.format));
  parts.push(`<line x1="${f(left)}" y1="${f(top + plotHeight)}" x2="${f(width - right)}" y2="${f(top + plotHeight)}" stroke="#444"/>`);
  const labelEvery = Math.max(1, Math.ceil(spec.categories.length / 12));
  spec.categories.forEach((cat, i) => {
    if (i % labelEvery !== 0 && i !== spec.categories.length - 1) return;
    parts.push(`<text x="${f(x(i))}" y="${f(top + plotHeight + 18)}" text-anchor="middle" font-size="11" fill="#333">${esc(cat)}</text>`);
  });
  parts.push(axisTitle(spec.axis, top + plotHeight / 2));
  spec.series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const points = s.values.map((v, i) => (v === null ? null : { i, v }));
    const segments: string[] = [];
    let current = '';
    for (const p of points) {
      if (p === null) {
        if (current) segments.push(current);
        current = '';
        continue;
      }
      current += `${current ? 'L' : 'M'}${f(x(p.i))},${f(y(p.v))}`;
    }
    if (current) segments.push(current);
    const marks = points.filter((p): p is { i: number; v: number } => p !== null);
    const body = [
      ...segments.map((d) => `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`),
      ...marks.map(
        (p) =>
          `<circle data-point="" data-category="${esc(spec.categories[p.i] ?? '')}" data-value="${esc(textOf(s, p.i, p.v))}" cx="${f(x(p.i))}" cy="${f(y(p.v))}" r="3.5" fill="${colour}"><title>${esc(`${s.label}, ${spec.categories[p.i]}: ${spec.format(p.v)}`)}</title></circle>`,
      ),
    ];
    parts.push(`<g class="series" data-series="${esc(s.key)}" data-label="${esc(s.label)}" data-point-count="${marks.length}">${body.join('')}</g>`);
  });
  parts.push(legend(spec.series, left, top + plotHeight + 34, width - left - right, perRow));
  return svg(spec, width, height, parts);
}

/** A horizontal grouped bar chart: one group of bars per category, one bar per series. */
export function barChart(spec: ChartSpec): string {
  const left = Math.min(420, Math.max(120, 16 + Math.max(0, ...spec.categories.map((c) => c.length)) * 7));
  const width = left + 460;
  const right = 32;
  const top = 16;
  const bar = 11;
  const gap = 14;
  const groupHeight = spec.series.length * bar + gap;
  const plotHeight = Math.max(1, spec.categories.length) * groupHeight;
  const perRow = legendPerRow(spec.series, width - left - right);
  const legendRows = Math.ceil(spec.series.length / perRow);
  const bottom = 40 + legendRows * 20;
  const height = top + plotHeight + bottom;
  const { min, max, ticks } = scale(values(spec), spec.domain);
  const plotWidth = width - left - right;
  const x = (v: number) => left + ((v - min) / (max - min)) * plotWidth;
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${f(x(t))}" y1="${f(top)}" x2="${f(x(t))}" y2="${f(top + plotHeight)}" stroke="#ddd"/>`);
    parts.push(`<text x="${f(x(t))}" y="${f(top + plotHeight + 16)}" text-anchor="middle" font-size="11" fill="#333">${esc(spec.format(t))}</text>`);
  }
  parts.push(`<line x1="${f(x(0))}" y1="${f(top)}" x2="${f(x(0))}" y2="${f(top + plotHeight)}" stroke="#444"/>`);
  parts.push(`<text x="${f(left + plotWidth / 2)}" y="${f(top + plotHeight + 32)}" text-anchor="middle" font-size="11" fill="#333">${esc(spec.axis)}</text>`);
  spec.categories.forEach((cat, c) => {
    parts.push(`<text x="${f(left - 8)}" y="${f(top + c * groupHeight + (spec.series.length * bar) / 2 + 4)}" text-anchor="end" font-size="12" fill="#222">${esc(cat)}</text>`);
  });
  spec.series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const marks: string[] = [];
    s.values.forEach((v, c) => {
      if (v === null) return;
      const x0 = x(Math.min(0, v));
      const w = Math.max(0.5, Math.abs(x(v) - x(0)));
      marks.push(
        `<rect data-point="" data-category="${esc(spec.categories[c] ?? '')}" data-value="${esc(textOf(s, c, v))}" x="${f(x0)}" y="${f(top + c * groupHeight + k * bar)}" width="${f(w)}" height="${bar - 1}" fill="${colour}"><title>${esc(`${s.label}, ${spec.categories[c]}: ${spec.format(v)}`)}</title></rect>`,
      );
    });
    parts.push(`<g class="series" data-series="${esc(s.key)}" data-label="${esc(s.label)}" data-point-count="${marks.length}">${marks.join('')}</g>`);
  });
  parts.push(legend(spec.series, left, top + plotHeight + 50, plotWidth, perRow));
  return svg(spec, width, height, parts);
}

function svg(spec: ChartSpec, width: number, height: number, parts: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${esc(spec.id)}" data-series-count="${spec.series.length}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${esc(spec.id)}-title ${esc(spec.id)}-desc" ${FONT}>`,
    `<title id="${esc(spec.id)}-title">${esc(spec.title)}</title>`,
    `<desc id="${esc(spec.id)}-desc">${esc(spec.description)}</desc>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

function gridY(ticks: readonly number[], y: (v: number) => number, x1: number, x2: number, format: (v: number) => string): string[] {
  return ticks.flatMap((t) => [
    `<line x1="${f(x1)}" y1="${f(y(t))}" x2="${f(x2)}" y2="${f(y(t))}" stroke="#ddd"/>`,
    `<text x="${f(x1 - 6)}" y="${f(y(t) + 4)}" text-anchor="end" font-size="11" fill="#333">${esc(format(t))}</text>`,
  ]);
}

function axisTitle(text: string, middle: number): string {
  return `<text transform="translate(14 ${f(middle)}) rotate(-90)" text-anchor="middle" font-size="11" fill="#333">${esc(text)}</text>`;
}

/** How many legend entries fit side by side (about 7 px per character at 12 px). */
function legendPerRow(series: readonly ChartSeries[], width: number): number {
  const widest = 40 + Math.max(0, ...series.map((s) => s.label.length)) * 7;
  return Math.max(1, Math.min(series.length, Math.floor(width / widest)));
}

function legend(series: readonly ChartSeries[], left: number, top: number, width: number, perRow: number): string {
  const column = width / perRow;
  const items = series.map((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const lx = left + (k % perRow) * column;
    const ly = top + Math.floor(k / perRow) * 20;
    return `<g><line x1="${f(lx)}" y1="${f(ly)}" x2="${f(lx + 22)}" y2="${f(ly)}" stroke="${colour}" stroke-width="6"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${f(lx + 28)}" y="${f(ly + 4)}" font-size="12" fill="#222">${esc(s.label)}</text></g>`;
  });
  return `<g class="legend">${items.join('')}</g>`;
}

/** A value axis from 0 (or below) to a round number above the largest value, with about five ticks. */
export function scale(all: readonly number[], domain?: readonly [number, number]): { min: number; max: number; ticks: number[] } {
  let lo = domain ? domain[0] : Math.min(0, ...all);
  let hi = domain ? domain[1] : Math.max(0, ...all);
  if (hi === lo) hi = lo + 1;
  const step = niceStep((hi - lo) / 5);
  if (!domain) {
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
  }
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 1e6; t += step) ticks.push(Math.round(t / step) * step);
  return { min: lo, max: hi, ticks };
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

function values(spec: ChartSpec): number[] {
  return spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
}

function textOf(s: ChartSeries, i: number, v: number): string {
  return s.texts?.[i] ?? String(v);
}

/** Coordinates to one decimal place: compact and the same on every run. */
function f(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Escapes text for HTML and SVG content and attributes. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
