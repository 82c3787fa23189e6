// Intermediate: every placement with the caseload setting_type it names.
import { column, defineModel } from '../model.js';

/** int_placements__classified: one row per placement. */
export const intPlacementsClassified = defineModel({
  name: 'int_placements__classified',
  layer: 'intermediate',
  grain: 'placement_id',
  description:
    'Every placement with its setting_type: a URN looked up in schools (not there: other_schools), else a UKPRN (not a school: ukrlp_provider), else the SENSetting code; mainstream LA maintained, academy and free school types take _resourced_provision or _senunit when the indicator is 1.',
  reads: ['stg_placements__placements', 'stg_schools__schools', 'dim_setting_mappings', 'dim_settings'],
  sql: 'intermediate/int_placements__classified.sql',
  refresh: 'full',
  columns: [
    column('placement_id', 'varchar', 'PlacementID.'),
    column('person', 'varchar', 'Keyed pseudonym of the PersonID placed.'),
    column('entry_date', 'date', 'EntryDate.'),
    column('leaving_date', 'date', 'LeavingDate, when the placement has ended.'),
    column('placement_rank', 'integer', 'PlacementRank (1 when not given): 1 = the main placement.'),
    column('setting_type', 'varchar', 'The setting_type the placement names (see dim_settings).'),
    column('urn_not_in_schools', 'boolean', 'True when the placement gives a URN that the schools reference file does not hold (counted as other_schools; the checks report it).'),
  ],
});
