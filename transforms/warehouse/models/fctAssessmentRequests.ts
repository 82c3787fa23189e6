// Fact: requests for an EHC needs assessment and the decisions on them, by month.
import { column, defineModel } from '../model.js';
import { areaTeamsParam } from './areaTeams.js';

/** fct_assessment_requests: month × area_team. */
export const fctAssessmentRequests = defineModel({
  name: 'fct_assessment_requests',
  layer: 'fct',
  grain: 'month × area_team',
  description:
    'Requests for an EHC needs assessment by the month of ReceivedDate and the case\'s area team, with the decisions on them counted in the same month. Every month of the span has a row for each area team (zeros included).',
  reads: ['stg_cases__requests', 'int_case_months__spanned'],
  sql: 'marts/fct_assessment_requests.sql',
  refresh: 'partitions',
  params: { area_teams: areaTeamsParam() },
  columns: [
    column('month', 'date', 'First day of the month the requests were received in.'),
    column('area_team', 'varchar', "The case's AreaTeam."),
    column('requests_received', 'bigint', 'Requests whose ReceivedDate falls in the month.'),
    column('decided_to_assess', 'bigint', 'Of those, requests with RequestOutcome Y (decided to assess).'),
    column('decided_not_to_assess', 'bigint', 'Of those, requests with RequestOutcome N (decided not to assess).'),
    column('decisions_within_6_weeks', 'bigint', 'Of the Y and N decisions, those with RequestOutcomeDate - ReceivedDate <= 42 days.'),
  ],
});
