// The DfE "Get Information About Schools" establishment download (CONTRACT §1.5),
// as published: one row per establishment, identity URN. Institutions, not
// people: names are kept.
import { z } from 'zod';
import type { School } from '../../models/index.js';
import { hashDiff } from '../fields/hashDiff.js';
import { minimiseReferenceRow } from '../fields/minimise.js';
import { cellsFor, checkRow, defineColumns, RuleBook } from '../fields/rowSchema.js';
import type { ColumnSpec, SourceSpec } from '../sourceSpec.js';

const C = defineColumns({
  URN: 'urn',
  'LA (code)': 'la-code',
  EstablishmentNumber: 'establishment-number',
  EstablishmentName: 'establishment-name',
  'TypeOfEstablishment (name)': 'type-of-establishment',
  'PhaseOfEducation (name)': 'phase-of-education',
  'DistrictAdministrative (name)': 'district-administrative',
  UKPRN: 'ukprn',
  'EstablishmentStatus (name)': 'establishment-status',
});

const REQUIRED = new Set(['URN', 'EstablishmentName', 'TypeOfEstablishment (name)']);
const COLUMNS: readonly ColumnSpec[] = Object.keys(C).map((name) => ({ name, required: REQUIRED.has(name) }));

const book = new RuleBook('schools');
const cell = cellsFor(book);

/** The row schema: every rule a row is checked against (published as JSON Schema by `sendwh docs`). */
export const SchoolRow = z.object({
  URN: cell.digits(C.URN, 6, { required: true }),
  'LA (code)': cell.text(C['LA (code)']),
  EstablishmentNumber: cell.text(C.EstablishmentNumber),
  EstablishmentName: cell.text(C.EstablishmentName, { required: true }),
  'TypeOfEstablishment (name)': cell.text(C['TypeOfEstablishment (name)'], { required: true }),
  'PhaseOfEducation (name)': cell.text(C['PhaseOfEducation (name)']),
  'DistrictAdministrative (name)': cell.text(C['DistrictAdministrative (name)']),
  UKPRN: cell.digits(C.UKPRN, 8),
  'EstablishmentStatus (name)': cell.text(C['EstablishmentStatus (name)']),
});

/** Every rule code a schools row can break. */
export const SCHOOLS_RULES: readonly string[] = book.all();

/** The schools source: GIAS rows -> School, identity URN, no as-at date. */
export const schoolsSpec: SourceSpec<School> = {
  source: 'schools',
  columns: COLUMNS,
  state: 'hash',
  parse(row) {
    const checked = checkRow('schools', SchoolRow, row);
    if (!checked.ok) return checked;
    const r = checked.value;
    return {
      ok: true,
      value: {
        urn: r.URN!,
        laCode: r['LA (code)'] ?? null,
        establishmentNumber: r.EstablishmentNumber ?? null,
        name: r.EstablishmentName!,
        type: r['TypeOfEstablishment (name)']!,
        phase: r['PhaseOfEducation (name)'] ?? null,
        district: r['DistrictAdministrative (name)'] ?? null,
        ukprn: r.UKPRN ?? null,
        status: r['EstablishmentStatus (name)'] ?? null,
      },
    };
  },
  key: (value) => value.urn,
  asAt: () => null,
  ...hashDiff<School>('SchoolPublished', 'SchoolRecordRevised'),
  minimise: (row) => minimiseReferenceRow(COLUMNS, row),
};
