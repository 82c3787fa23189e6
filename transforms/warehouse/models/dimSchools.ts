// Dimension: the schools of the GIAS reference file with their SEN area team.
import { column, defineModel } from '../model.js';

/** dim_schools: one row per URN. */
export const dimSchools = defineModel({
  name: 'dim_schools',
  layer: 'dim',
  grain: 'urn',
  description:
    'Every establishment of the "Get Information About Schools" reference file, with the SEN area team of its district (areas: District -> AreaTeam).',
  reads: ['stg_schools__schools', 'stg_areas__districts', 'dim_setting_mappings'],
  sql: 'marts/dim_schools.sql',
  refresh: 'full',
  columns: [
    column('urn', 'varchar', 'Unique reference number of the establishment.'),
    column('laestab', 'varchar', 'LA code and establishment number (7 digits), as the school census names the school.'),
    column('name', 'varchar', 'EstablishmentName.'),
    column('establishment_type', 'varchar', 'TypeOfEstablishment (name).'),
    column('phase', 'varchar', 'PhaseOfEducation (name).'),
    column('district', 'varchar', 'DistrictAdministrative (name).'),
    column('area_team', 'varchar', 'SEN area team of the district (NULL when the district is not in areas).'),
    column('ukprn', 'varchar', 'UKPRN, when the establishment has one.'),
    column('status', 'varchar', 'EstablishmentStatus (name).'),
    column('setting_type', 'varchar', 'The caseload setting_type a placement at this school takes (before any resourced provision or SEN unit suffix).'),
  ],
});
