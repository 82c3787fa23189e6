// Synergy placements (CONTRACT §1.3): a full snapshot, one row per placement,
// read as SEN2 module 5b. A row becomes a PlacementRecord: the placement's
// fields plus the ExtractDate it was seen on (flat, for the same reason as
// cases: the record index rebuilds it by merging event payloads).
import { z } from 'zod';
import type { PlacementFields } from '../../models/index.js';
import { SendwhError } from '../../models/index.js';
import { SEN_SETTINGS } from '../fields/codes.js';
import { minimisePersonRow } from '../fields/minimise.js';
import { cellsFor, checkRow, defineColumns, report, RuleBook, withRowRules } from '../fields/rowSchema.js';
import type { ColumnSpec, SourceSpec } from '../sourceSpec.js';
import { diffPlacement } from './placementEvents.js';

/** A placements row: the placement's fields as at the extract date. */
export type PlacementRecord = PlacementFields & { extractDate: string };

const C = defineColumns({
  ExtractDate: 'extract-date',
  PlacementID: 'placement-id',
  PersonID: 'person-id',
  URN: 'urn',
  UKPRN: 'ukprn',
  SENSetting: 'sen-setting',
  EntryDate: 'entry-date',
  LeavingDate: 'leaving-date',
  PlacementRank: 'placement-rank',
  SENunitIndicator: 'sen-unit-indicator',
  ResourcedProvisionIndicator: 'resourced-provision-indicator',
});

const REQUIRED = new Set(['ExtractDate', 'PlacementID', 'PersonID', 'EntryDate']);
const COLUMNS: readonly ColumnSpec[] = Object.keys(C).map((name) => ({ name, required: REQUIRED.has(name) }));

const book = new RuleBook('placements');
const cell = cellsFor(book);

const SETTING_REQUIRED = book.rule('setting', 'required-one-of');
const LEAVING_BEFORE_ENTRY = book.rule(C.LeavingDate, 'before-entry-date');

/** The row schema: every rule a row is checked against (published as JSON Schema by `sendwh docs`). */
export const PlacementRow = withRowRules(
  z.object({
    ExtractDate: cell.date(C.ExtractDate, { required: true }),
    PlacementID: cell.text(C.PlacementID, { required: true }),
    PersonID: cell.text(C.PersonID, { required: true }),
    URN: cell.digits(C.URN, 6),
    UKPRN: cell.digits(C.UKPRN, 8),
    SENSetting: cell.code(C.SENSetting, SEN_SETTINGS),
    EntryDate: cell.date(C.EntryDate, { required: true }),
    LeavingDate: cell.date(C.LeavingDate),
    PlacementRank: cell.integer(C.PlacementRank, 1, Infinity),
    SENunitIndicator: cell.flag(C.SENunitIndicator),
    ResourcedProvisionIndicator: cell.flag(C.ResourcedProvisionIndicator),
  }),
  (r, ctx) => {
    if (r.URN === null && r.UKPRN === null && r.SENSetting === null)
      report(
        ctx,
        SETTING_REQUIRED,
        'URN, UKPRN, SENSetting',
        'URN, UKPRN and SENSetting are all blank: a placement needs at least one of them (the school, the provider or the kind of setting).',
      );
    if (r.LeavingDate && r.EntryDate && r.LeavingDate < r.EntryDate)
      report(ctx, LEAVING_BEFORE_ENTRY, 'LeavingDate', 'LeavingDate is before EntryDate: a placement cannot end before it starts.');
  },
);

/** Every rule code a placements row can break. */
export const PLACEMENTS_RULES: readonly string[] = book.all();

/** The placements source: snapshot rows -> PlacementRecord, identity PlacementID, diffed field by field. */
export const placementsSpec: SourceSpec<PlacementRecord> = {
  source: 'placements',
  columns: COLUMNS,
  state: 'fields',
  parse(row, ctx) {
    const checked = checkRow('placements', PlacementRow, row);
    if (!checked.ok) return checked;
    const r = checked.value;
    return {
      ok: true,
      value: {
        placementId: r.PlacementID!,
        person: ctx.pseudonymise(r.PersonID!),
        urn: r.URN ?? null,
        ukprn: r.UKPRN ?? null,
        senSetting: r.SENSetting ?? null,
        entryDate: r.EntryDate!,
        leavingDate: r.LeavingDate ?? null,
        rank: r.PlacementRank ?? 1,
        senUnit: r.SENunitIndicator ?? null,
        resourcedProvision: r.ResourcedProvisionIndicator ?? null,
        extractDate: r.ExtractDate!,
      },
    };
  },
  key: (value) => value.placementId,
  asAt: (value) => value.extractDate,
  diff(prev, next) {
    if (prev === 'changed') throw new SendwhError('bad-diff-state', 'placements is a snapshot source: diff needs the previous record, not a hash change');
    return diffPlacement(prev, next);
  },
  minimise: (row, ctx) => minimisePersonRow(COLUMNS, { identifiers: ['PersonID'], birthDates: [] }, row, ctx),
};
