// Staging: which SEN area team serves each district.
import { column, defineModel } from '../model.js';

/** stg_areas__districts: one row per district. */
export const stgAreasDistricts = defineModel({
  name: 'stg_areas__districts',
  layer: 'staging',
  grain: 'record_key (District)',
  description: 'The areas reference file: the SEN area team of every district, newest mapping of each.',
  reads: ['AreaDistrictMapped', 'AreaDistrictRemapped'],
  sql: 'staging/stg_areas__districts.sql',
  refresh: 'merge',
  merge: { fold: 'newest-event', key: ['record_key'] },
  columns: [
    column('record_key', 'varchar', 'Identity of the record (the event key, the district).'),
    column('district', 'varchar', 'District (as GIAS DistrictAdministrative names it).'),
    column('area_team', 'varchar', 'SEN area team: North, East, South or West.'),
    column('last_seq', 'bigint', 'Log sequence number of the event this version came from.'),
  ],
});
