// DfE Explore Education Statistics CSVs of the "Education, health and care plans"
// publication (CONTRACT §1.5), any release. The geography/time/breakdown columns
// are dimensions; every other column is a measure, kept as the published string
// so the symbols x, z, c and low survive. Measures differ per file, so this spec
// asks the reader for every extra header column (extraColumns: 'measures').
import { z } from 'zod';
import type { EesRow } from '../../models/index.js';
import { hashDiff } from '../fields/hashDiff.js';
import { minimiseReferenceRow } from '../fields/minimise.js';
import { cellsFor, checkRow, defineColumns, RuleBook } from '../fields/rowSchema.js';
import type { ColumnSpec, RawRow, SourceSpec } from '../sourceSpec.js';

const C = defineColumns({
  time_period: 'time-period',
  time_identifier: 'time-identifier',
  geographic_level: 'geographic-level',
  country_code: 'country-code',
  country_name: 'country-name',
  region_code: 'region-code',
  region_name: 'region-name',
  new_la_code: 'new-la-code',
  old_la_code: 'old-la-code',
  la_name: 'la-name',
  breakdown_topic: 'breakdown-topic',
  breakdown: 'breakdown',
  establishment_group: 'establishment-group',
  establishment_type: 'establishment-type',
  characteristic_age: 'characteristic-age',
});

/**
 * Filter columns of releases before 2023, which had no breakdown_topic/breakdown:
 * folded into breakdownTopic (their names) and breakdown (their values), so each
 * row of those files keeps a distinct identity.
 */
const FILTERS = ['establishment_group', 'establishment_type', 'characteristic_age'] as const;

const REQUIRED = new Set(['time_period', 'geographic_level']);
const COLUMNS: readonly ColumnSpec[] = Object.keys(C).map((name) => ({ name, required: REQUIRED.has(name) }));
const DIMENSIONS = new Set(Object.keys(C));

const book = new RuleBook('ees');
const cell = cellsFor(book);

const TIME_PERIOD = /^\d{4}(\d{2})?$/;
const timePeriodRule = book.rule(C.time_period, 'format');

/** The row schema: every rule a row is checked against (published as JSON Schema by `sendwh docs`). */
export const EesDimensions = z.object({
  time_period: cell.text(C.time_period, { required: true }).refine((v) => v == null || TIME_PERIOD.test(v), {
    message: 'time_period is not a year (YYYY) or an academic year (YYYYYY, such as 202425).',
    params: { rule: timePeriodRule, column: 'time_period' },
  }),
  time_identifier: cell.text(C.time_identifier),
  geographic_level: cell.text(C.geographic_level, { required: true }),
  country_code: cell.text(C.country_code),
  region_code: cell.text(C.region_code),
  region_name: cell.text(C.region_name),
  new_la_code: cell.text(C.new_la_code),
  old_la_code: cell.text(C.old_la_code),
  la_name: cell.text(C.la_name),
  breakdown_topic: cell.text(C.breakdown_topic),
  breakdown: cell.text(C.breakdown),
  establishment_group: cell.text(C.establishment_group),
  establishment_type: cell.text(C.establishment_type),
  characteristic_age: cell.text(C.characteristic_age),
});

/** Every rule code an ees row can break. */
export const EES_RULES: readonly string[] = book.all();

/** The dataset a file holds: its base name without `.csv` (caseload.csv -> caseload). */
export function eesDataset(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.csv$/i, '');
}

/** Every column that is not a dimension, as published (blank cells are absent from the row, so from measures). */
function measuresOf(row: RawRow): Record<string, string | null> {
  const measures: Record<string, string | null> = {};
  for (const name of Object.keys(row)) if (!DIMENSIONS.has(name)) measures[name] = row[name] ?? null;
  return measures;
}

const joined = (parts: ReadonlyArray<string | null | undefined>) => {
  const present = parts.filter((p): p is string => typeof p === 'string');
  return present.length === 0 ? null : present.join(' / ');
};

/** The ees source: rows -> EesRow (measures as published), identity dataset + time + geography + breakdown. */
export const eesSpec: SourceSpec<EesRow> = {
  source: 'ees',
  columns: COLUMNS,
  extraColumns: 'measures',
  state: 'hash',
  parse(row, ctx) {
    const checked = checkRow('ees', EesDimensions, row);
    if (!checked.ok) return checked;
    const r = checked.value;
    const filters = FILTERS.filter((f) => r[f] != null);
    return {
      ok: true,
      value: {
        dataset: eesDataset(ctx.file),
        timePeriod: r.time_period!,
        timeIdentifier: r.time_identifier ?? null,
        geographicLevel: r.geographic_level!,
        countryCode: r.country_code ?? null,
        regionCode: r.region_code ?? null,
        regionName: r.region_name ?? null,
        laCode: r.new_la_code ?? null,
        oldLaCode: r.old_la_code ?? null,
        laName: r.la_name ?? null,
        breakdownTopic: joined([r.breakdown_topic, ...filters]),
        breakdown: joined([r.breakdown, ...filters.map((f) => r[f])]),
        measures: measuresOf(row),
      },
    };
  },
  key: (v) =>
    [v.dataset, v.timePeriod, v.geographicLevel, v.countryCode, v.regionCode, v.laCode, v.oldLaCode, v.breakdownTopic, v.breakdown]
      .map((part) => part ?? '')
      .join('|'),
  asAt: () => null,
  ...hashDiff<EesRow>('EesStatisticsPublished', 'EesStatisticsRevised'),
  minimise: (row) => minimiseReferenceRow(COLUMNS, row),
};
