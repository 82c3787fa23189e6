// Staging: every school census pupil record, the newest version of each identity.
import { column, defineModel } from '../model.js';

/** stg_census__pupils: one row per census identity (CensusDate, UPN, LAEstab). */
export const stgCensusPupils = defineModel({
  name: 'stg_census__pupils',
  layer: 'staging',
  grain: 'record_key (census_date, pupil, laestab)',
  description:
    'Every pupil on roll on a school census day as the newest census record for its identity (CensusDate, UPN, LAEstab) says: a correction replaces the earlier version.',
  reads: ['CensusPupilRecorded', 'CensusPupilRecordCorrected'],
  sql: 'staging/stg_census__pupils.sql',
  refresh: 'merge',
  merge: { fold: 'newest-event', key: ['record_key'] },
  columns: [
    column('record_key', 'varchar', 'Identity of the census record (the event key: census date, pupil pseudonym and LAEstab).'),
    column('census_date', 'date', 'The census day (CensusDate).'),
    column('pupil', 'varchar', 'Keyed pseudonym of the UPN.'),
    column('laestab', 'varchar', 'LA number and establishment number of the school (7 digits).'),
    column('urn', 'varchar', 'URN of the school, when given.'),
    column('birth_month', 'date', 'First day of the month of birth.'),
    column('sex', 'varchar', 'M or F.'),
    column('nc_year', 'varchar', 'National curriculum year (NCyearActual): N1, N2, R, 1-14, X.'),
    column('sen_provision', 'varchar', 'SEN provision (SENprovision): N none, K SEN support, E EHC plan.'),
    column('sen_type1', 'varchar', 'Primary SEN type (SENtype1).'),
    column('sen_type2', 'varchar', 'Secondary SEN type (SENtype2).'),
    column('last_seq', 'bigint', 'Log sequence number of the event this version came from.'),
  ],
});
