// Staging: the current record of every placement, folded field by field from
// the partial placement events.
import { column, defineModel } from '../model.js';

/** stg_placements__placements: one row per PlacementID, as the log knows it now. */
export const stgPlacementsPlacements = defineModel({
  name: 'stg_placements__placements',
  layer: 'staging',
  grain: 'placement_id',
  description:
    'The current record of every placement (Synergy placements extract, SEN2 module 5b PlacementDetail). Placement events carry only the fields they set; each field holds the value of the newest event that set it, a null clearing it.',
  reads: ['PlacementStarted', 'PlacementEnded', 'PlacementRecordCorrected'],
  sql: 'staging/stg_placements__placements.sql',
  refresh: 'merge',
  merge: { fold: 'newest-field', key: ['placement_id'] },
  columns: [
    column('placement_id', 'varchar', "Synergy's id of the placement (PlacementID): identity of the record."),
    column('person', 'varchar', 'Keyed pseudonym of the PersonID placed.'),
    column('urn', 'varchar', 'URN of the school, when the placement is at a school.'),
    column('ukprn', 'varchar', 'UKPRN of the college or provider, when given.'),
    column('sen_setting', 'varchar', 'SENSetting code when not at an institution: OLA, OPA, EHE, EYP, OTH, NEET, NIEC, NIEO.'),
    column('entry_date', 'date', 'Date the placement started (EntryDate).'),
    column('leaving_date', 'date', 'Date the placement ended (LeavingDate), when it has.'),
    column('placement_rank', 'integer', 'PlacementRank: 1 = the main placement.'),
    column('sen_unit', 'boolean', 'True when the placement is in a SEN unit (SENunitIndicator = 1).'),
    column('resourced_provision', 'boolean', 'True when the placement is in resourced provision (ResourcedProvisionIndicator = 1).'),
    column('last_seq', 'bigint', 'Log sequence number of the newest event folded into this record.'),
  ],
});
