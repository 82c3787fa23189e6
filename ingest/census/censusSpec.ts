// The school census pupil extract (CONTRACT §1.1): one row per pupil on roll on
// a census day. A row becomes a CensusPupil keyed by (CensusDate, pupil, LAEstab);
// the same identity with other content later is a correction.
import { z } from 'zod';
import type { CensusPupil } from '../../models/index.js';
import { NC_YEARS, SEN_PROVISIONS, SEN_TYPES, SEXES } from '../fields/codes.js';
import { isCensusDay, monthOf } from '../fields/dates.js';
import { hashDiff } from '../fields/hashDiff.js';
import { minimisePersonRow } from '../fields/minimise.js';
import { cellsFor, checkRow, defineColumns, report, RuleBook, withRowRules } from '../fields/rowSchema.js';
import type { ColumnSpec, SourceSpec } from '../sourceSpec.js';

const C = defineColumns({
  CensusDate: 'census-date',
  UPN: 'upn',
  LAEstab: 'la-estab',
  URN: 'urn',
  DOB: 'dob',
  Sex: 'sex',
  NCyearActual: 'nc-year-actual',
  SENprovision: 'sen-provision',
  SENtype1: 'sen-type1',
  SENtype2: 'sen-type2',
});

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'CensusDate', required: true },
  { name: 'UPN', required: true },
  { name: 'LAEstab', required: true },
  { name: 'URN', required: false },
  { name: 'DOB', required: true },
  { name: 'Sex', required: true, aliases: ['Gender'] },
  { name: 'NCyearActual', required: true },
  { name: 'SENprovision', required: true },
  { name: 'SENtype1', required: false },
  { name: 'SENtype2', required: false },
];

const book = new RuleBook('census');
const cell = cellsFor(book);

const NOT_CENSUS_DAY = book.rule(C.CensusDate, 'not-census-day');
const DOB_AFTER = book.rule(C.DOB, 'after-census-date');
const TYPE1_REQUIRED = book.rule(C.SENtype1, 'required');
const TYPE1_NSA = book.rule(C.SENtype1, 'nsa-without-k');
const TYPE2_NSA = book.rule(C.SENtype2, 'nsa-without-k');
const TYPE2_SAME = book.rule(C.SENtype2, 'same-as-type1');

/** The row schema: every rule a row is checked against (published as JSON Schema by `sendwh docs`). */
export const CensusRow = withRowRules(
  z.object({
    CensusDate: cell.date(C.CensusDate, { required: true }),
    UPN: cell.upn(C.UPN, { required: true }),
    LAEstab: cell.digits(C.LAEstab, 7, { required: true }),
    URN: cell.digits(C.URN, 6),
    DOB: cell.date(C.DOB, { required: true }),
    Sex: cell.code(C.Sex, SEXES, { required: true }),
    NCyearActual: cell.code(C.NCyearActual, NC_YEARS, { required: true }),
    SENprovision: cell.code(C.SENprovision, SEN_PROVISIONS, { required: true }),
    SENtype1: cell.code(C.SENtype1, SEN_TYPES),
    SENtype2: cell.code(C.SENtype2, SEN_TYPES),
  }),
  (row, ctx) => {
    if (row.CensusDate && !isCensusDay(row.CensusDate))
      report(
        ctx,
        NOT_CENSUS_DAY,
        'CensusDate',
        'CensusDate is not a census day: expected the 3rd Thursday of January or May, or the 1st Thursday of October.',
      );
    if (row.DOB && row.CensusDate && row.DOB > row.CensusDate)
      report(ctx, DOB_AFTER, 'DOB', 'DOB is after CensusDate: a pupil on roll must have been born by the census day.');
    const provision = row.SENprovision;
    if ((provision === 'K' || provision === 'E') && row.SENtype1 === null)
      report(ctx, TYPE1_REQUIRED, 'SENtype1', 'SENtype1 is blank, but pupils with SEN support (K) or an EHC plan (E) need their primary type of need.');
    if (provision && provision !== 'K') {
      if (row.SENtype1 === 'NSA')
        report(ctx, TYPE1_NSA, 'SENtype1', 'SENtype1 is NSA (no specialist assessment), which is allowed only with SENprovision K.');
      if (row.SENtype2 === 'NSA')
        report(ctx, TYPE2_NSA, 'SENtype2', 'SENtype2 is NSA (no specialist assessment), which is allowed only with SENprovision K.');
    }
    if (row.SENtype1 && row.SENtype2 && row.SENtype1 === row.SENtype2)
      report(ctx, TYPE2_SAME, 'SENtype2', 'SENtype2 repeats SENtype1: the secondary need must differ from the primary need.');
  },
);

/** Every rule code a census row can break. */
export const CENSUS_RULES: readonly string[] = book.all();


function quotedOrNull(text: string | null): string {
  return text === null ? 'null' : `"${text}"`;
}

/** The census source: rows -> CensusPupil, identity (CensusDate, pupil pseudonym, LAEstab). */
export const censusSpec: SourceSpec<CensusPupil> = {
  source: 'census',
  columns: COLUMNS,
  state: 'hash',
  parse(row, ctx) {
    const checked = checkRow('census', CensusRow, row);
    if (!checked.ok) return checked;
    const r = checked.value;
    return {
      ok: true,
      // Keys in sorted (canonical) order: canonicalJson then serialises the record natively.
      value: {
        birthMonth: monthOf(r.DOB!),
        censusDate: r.CensusDate!,
        laEstab: r.LAEstab!,
        ncYear: r.NCyearActual!,
        pupil: ctx.pseudonymise(r.UPN!),
        senProvision: r.SENprovision!,
        senType1: r.SENtype1 ?? null,
        senType2: r.SENtype2 ?? null,
        sex: r.Sex!,
        urn: r.URN ?? null,
      },
    };
  },
  // Keys in sorted order; every value is a date, a month, digits, a code or the pseudonym's hex, as the row
  // schema checked: no character needs escaping.
  json: (v) =>
    `{"birthMonth":"${v.birthMonth}","censusDate":"${v.censusDate}","laEstab":"${v.laEstab}","ncYear":"${v.ncYear}",` +
    `"pupil":"${v.pupil}","senProvision":"${v.senProvision}","senType1":${quotedOrNull(v.senType1)},` +
    `"senType2":${quotedOrNull(v.senType2)},"sex":"${v.sex}","urn":${quotedOrNull(v.urn)}}`,
  key: (value) => `${value.censusDate}|${value.pupil}|${value.laEstab}`,
  asAt: (value) => value.censusDate,
  ...hashDiff<CensusPupil>('CensusPupilRecorded', 'CensusPupilRecordCorrected'),
  minimise: (row, ctx) =>
    minimisePersonRow(COLUMNS, { identifiers: ['UPN'], upperCase: ['UPN'], birthDates: ['DOB'] }, row, ctx),
};
