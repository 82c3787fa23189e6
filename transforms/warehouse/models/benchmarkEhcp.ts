// Fact: DfE published EHC plan statistics, for benchmarking the authority.
import { column, defineModel } from '../model.js';

/** benchmark_ehcp: time_period × geography × measure (× breakdown). */
export const benchmarkEhcp = defineModel({
  name: 'benchmark_ehcp',
  layer: 'fct',
  grain: 'time_period × geography × measure (× breakdown_topic × breakdown)',
  description:
    'The DfE Explore Education Statistics "Education, health and care plans" figures in long format: one row per published row and measure column, for comparing the authority with England, its region and other authorities. value is DOUBLE (published counts, percentages and rates have varied precision), NULL where the file says x, z, c, low or anything non-numeric.',
  reads: ['stg_ees__statistics'],
  sql: 'marts/benchmark_ehcp.sql',
  refresh: 'partitions',
  columns: [
    column('record_key', 'varchar', 'Identity of the published row (links to stg_ees__statistics).'),
    column('time_period', 'varchar', 'time_period as published: YYYYYY for an academic year (202425 = January 2025), YYYY for a calendar year.'),
    column('time_identifier', 'varchar', 'time_identifier as published.'),
    column('geographic_level', 'varchar', 'National, Regional or Local authority.'),
    column('country_code', 'varchar', 'country_code (E92000001 = England).'),
    column('region_code', 'varchar', 'region_code.'),
    column('region_name', 'varchar', 'region_name.'),
    column('la_code', 'varchar', 'new_la_code of the local authority (E10000016 = Kent).'),
    column('old_la_code', 'varchar', 'old_la_code of the local authority (886 = Kent).'),
    column('la_name', 'varchar', 'la_name.'),
    column('dataset', 'varchar', 'The data file the row came from.'),
    column('breakdown_topic', 'varchar', 'breakdown_topic, when the file has one.'),
    column('breakdown', 'varchar', 'breakdown, when the file has one.'),
    column('measure', 'varchar', '<dataset>.<column>, e.g. caseload.ehcplans.'),
    column('value', 'double', 'The published number; NULL where the file says x (not available), z (not applicable), c (confidential), low, or any non-numeric text.'),
    column('published_value', 'varchar', 'The cell exactly as published (symbols included).'),
  ],
});
