// The area map (CONTRACT §1.5): which SEN area team serves each district.
// Identity District; a changed team is a remap.
import { z } from 'zod';
import type { AreaDistrict } from '../../models/index.js';
import { AREA_TEAMS } from '../fields/codes.js';
import { hashDiff } from '../fields/hashDiff.js';
import { minimiseReferenceRow } from '../fields/minimise.js';
import { cellsFor, checkRow, defineColumns, RuleBook } from '../fields/rowSchema.js';
import type { ColumnSpec, SourceSpec } from '../sourceSpec.js';

const C = defineColumns({ District: 'district', AreaTeam: 'area-team' });
const COLUMNS: readonly ColumnSpec[] = Object.keys(C).map((name) => ({ name, required: true }));

const book = new RuleBook('areas');
const cell = cellsFor(book);

/** The row schema: every rule a row is checked against (published as JSON Schema by `sendwh docs`). */
export const AreaRow = z.object({
  District: cell.text(C.District, { required: true }),
  AreaTeam: cell.code(C.AreaTeam, AREA_TEAMS, { required: true }),
});

/** Every rule code an areas row can break. */
export const AREAS_RULES: readonly string[] = book.all();

/** The areas source: rows -> AreaDistrict, identity District. */
export const areasSpec: SourceSpec<AreaDistrict> = {
  source: 'areas',
  columns: COLUMNS,
  state: 'hash',
  parse(row) {
    const checked = checkRow('areas', AreaRow, row);
    if (!checked.ok) return checked;
    return { ok: true, value: { district: checked.value.District!, areaTeam: checked.value.AreaTeam! } };
  },
  key: (value) => value.district,
  asAt: () => null,
  ...hashDiff<AreaDistrict>('AreaDistrictMapped', 'AreaDistrictRemapped'),
  minimise: (row) => minimiseReferenceRow(COLUMNS, row),
};
