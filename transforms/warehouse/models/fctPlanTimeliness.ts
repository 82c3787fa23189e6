// Fact: EHC plans issued and whether within 20 weeks, by month.
import { column, defineModel } from '../model.js';
import { areaTeamsParam } from './areaTeams.js';

/** fct_plan_timeliness: month × area_team. */
export const fctPlanTimeliness = defineModel({
  name: 'fct_plan_timeliness',
  layer: 'fct',
  grain: 'month × area_team',
  description:
    'EHC plans issued (AssessmentOutcome Y) by the month of AssessmentOutcomeDate and area team, and how many within 20 weeks (AssessmentOutcomeDate - ReceivedDate <= 140 days); the _ex columns leave out Week20Exception = 1. Every month of the span has a row for each area team (zeros included).',
  reads: ['stg_cases__requests', 'int_case_months__spanned'],
  sql: 'marts/fct_plan_timeliness.sql',
  refresh: 'partitions',
  params: { area_teams: areaTeamsParam() },
  columns: [
    column('month', 'date', 'First day of the month the plans were issued in.'),
    column('area_team', 'varchar', "The case's AreaTeam."),
    column('plans_issued', 'bigint', 'Plans issued in the month (AssessmentOutcome Y, by AssessmentOutcomeDate).'),
    column('issued_within_20_weeks', 'bigint', 'Of those, plans with AssessmentOutcomeDate - ReceivedDate <= 140 days.'),
    column('plans_issued_ex', 'bigint', 'Plans issued in the month, leaving out Week20Exception = 1.'),
    column('issued_within_20_weeks_ex', 'bigint', 'Plans issued within 20 weeks, leaving out Week20Exception = 1.'),
  ],
});
