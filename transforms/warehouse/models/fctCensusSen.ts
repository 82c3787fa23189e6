// Fact: pupils on roll on each census day by school, year group and SEN.
import { column, defineModel } from '../model.js';

/** fct_census_sen: census_date × laestab × nc_year × sen_provision × primary_need. */
export const fctCensusSen = defineModel({
  name: 'fct_census_sen',
  layer: 'fct',
  grain: 'census_date × laestab × nc_year × sen_provision × primary_need',
  description: 'Pupils on roll on each school census day by school, national curriculum year, SEN provision and primary type of need.',
  reads: ['stg_census__pupils'],
  sql: 'marts/fct_census_sen.sql',
  refresh: 'partitions',
  columns: [
    column('census_date', 'date', 'The census day.'),
    column('laestab', 'varchar', 'LA number and establishment number of the school (7 digits).'),
    column('nc_year', 'varchar', 'National curriculum year (NCyearActual).'),
    column('sen_provision', 'varchar', 'N none, K SEN support, E EHC plan.'),
    column('primary_need', 'varchar', 'Primary type of need (SENtype1); NULL for pupils without SEN.'),
    column('pupils', 'bigint', 'Number of pupils.'),
  ],
});
