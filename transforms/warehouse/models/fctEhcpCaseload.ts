// Fact: EHC plans active on each snapshot date.
import { column, defineModel } from '../model.js';

/** fct_ehcp_caseload: snapshot_date × area_team × setting_type × primary_need × age. */
export const fctEhcpCaseload = defineModel({
  name: 'fct_ehcp_caseload',
  layer: 'fct',
  grain: 'snapshot_date × area_team × setting_type × primary_need × age',
  description:
    'EHC plans active on every snapshot date (each month end and each January census day covered by the data). A plan is active on D when PlanStartDate <= D and (CeaseDate is blank or CeaseDate > D); a person counts once (the plan with the later PlanStartDate, then the greater RequestID). Only combinations with at least one plan have a row.',
  reads: [
    'int_snapshot_dates__spanned',
    'stg_cases__requests',
    'stg_placements__placements',
    'stg_schools__schools',
    'int_placements__classified',
    'dim_settings',
  ],
  sql: 'marts/fct_ehcp_caseload.sql',
  refresh: 'partitions',
  columns: [
    column('snapshot_date', 'date', 'The day the caseload is counted on: a month end or a January census day (3rd Thursday of January).'),
    column('snapshot_kind', 'varchar', 'month_end or january_census.'),
    column('area_team', 'varchar', "The case's AreaTeam."),
    column(
      'setting_type',
      'varchar',
      "Setting of the person's rank-1 placement active on the day (EntryDate <= D and (LeavingDate blank or LeavingDate > D)), named as the DfE caseload columns; placement_unknown when none is active. With several, the latest EntryDate, then the greatest PlacementID.",
    ),
    column('setting_group', 'varchar', 'The DfE group of the setting_type (see dim_settings): mainstream, special, ap_pru, fe, ed_elsewhere, nm_early_years, placement_unknown.'),
    column('primary_need', 'varchar', "The case's PrimaryNeed (SEN type code)."),
    column('age', 'integer', 'Completed years on snapshot_date, counting from the first day of the birth month.'),
    column('plans', 'bigint', 'Number of people with an active EHC plan.'),
  ],
});
