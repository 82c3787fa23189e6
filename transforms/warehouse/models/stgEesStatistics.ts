// Staging: rows of the DfE "Education, health and care plans" open data files.
import { column, defineModel } from '../model.js';

/** stg_ees__statistics: one row per published statistics row. */
export const stgEesStatistics = defineModel({
  name: 'stg_ees__statistics',
  layer: 'staging',
  grain: 'record_key',
  description:
    'Every row of the DfE Explore Education Statistics "Education, health and care plans" files, newest version of each, with its measures kept as published (symbols included).',
  reads: ['EesStatisticsPublished', 'EesStatisticsRevised'],
  sql: 'staging/stg_ees__statistics.sql',
  refresh: 'merge',
  merge: { fold: 'newest-event', key: ['record_key'] },
  columns: [
    column('record_key', 'varchar', 'Identity of the row (the event key).'),
    column('dataset', 'varchar', 'The data file the row came from (its base name without .csv).'),
    column('time_period', 'varchar', 'time_period as published: YYYYYY for an academic year (202425 = January 2025), YYYY for a calendar year.'),
    column('time_identifier', 'varchar', 'time_identifier as published (e.g. Calendar year, January).'),
    column('geographic_level', 'varchar', 'National, Regional or Local authority.'),
    column('country_code', 'varchar', 'country_code.'),
    column('region_code', 'varchar', 'region_code.'),
    column('region_name', 'varchar', 'region_name.'),
    column('la_code', 'varchar', 'new_la_code of the local authority (e.g. E10000016).'),
    column('old_la_code', 'varchar', 'old_la_code of the local authority (e.g. 886).'),
    column('la_name', 'varchar', 'la_name.'),
    column('breakdown_topic', 'varchar', 'breakdown_topic, when the file has one.'),
    column('breakdown', 'varchar', 'breakdown, when the file has one.'),
    column('measures', 'json', 'The measure columns of the row as a JSON object of published texts.'),
    column('last_seq', 'bigint', 'Log sequence number of the event this version came from.'),
  ],
});
