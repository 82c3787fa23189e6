// Staging: the establishments of the DfE "Get Information About Schools" download.
import { column, defineModel } from '../model.js';

/** stg_schools__schools: one row per school record. */
export const stgSchoolsSchools = defineModel({
  name: 'stg_schools__schools',
  layer: 'staging',
  grain: 'record_key (URN)',
  description: 'Every establishment of the "Get Information About Schools" reference file, newest version of each record.',
  reads: ['SchoolPublished', 'SchoolRecordRevised'],
  sql: 'staging/stg_schools__schools.sql',
  refresh: 'merge',
  merge: { fold: 'newest-event', key: ['record_key'] },
  columns: [
    column('record_key', 'varchar', 'Identity of the record (the event key, the URN).'),
    column('urn', 'varchar', 'Unique reference number of the establishment.'),
    column('la_code', 'varchar', 'LA (code): the local authority number.'),
    column('establishment_number', 'varchar', 'EstablishmentNumber within the LA.'),
    column('name', 'varchar', 'EstablishmentName.'),
    column('establishment_type', 'varchar', 'TypeOfEstablishment (name) as published.'),
    column('phase', 'varchar', 'PhaseOfEducation (name).'),
    column('district', 'varchar', 'DistrictAdministrative (name).'),
    column('ukprn', 'varchar', 'UKPRN of the establishment, when it has one.'),
    column('status', 'varchar', 'EstablishmentStatus (name).'),
    column('last_seq', 'bigint', 'Log sequence number of the event this version came from.'),
  ],
});
