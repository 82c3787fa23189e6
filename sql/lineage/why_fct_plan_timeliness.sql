-- why fct_plan_timeliness: one row per EHC plan issued (AssessmentOutcome Y),
-- in the month of its AssessmentOutcomeDate and its area team, with what it
-- adds to each measure (the rules of marts/fct_plan_timeliness.sql):
-- plans_issued 1; issued_within_20_weeks 1 when AssessmentOutcomeDate -
-- ReceivedDate <= 140 days; the _ex measures the same, 0 where
-- Week20Exception = 1.

create or replace temp table _why_contributions as
with issued as (
  select
    cast(date_trunc('month', assessment_outcome_date) as date) as month,
    area_team as area_team,
    request_id as request_id,
    received_date as received_date,
    assessment_outcome_date as assessment_outcome_date,
    date_diff('day', received_date, assessment_outcome_date) as days_to_issue,
    coalesce(date_diff('day', received_date, assessment_outcome_date) <= 140, false) as within_20_weeks,
    coalesce(week20_exception, false) as exception_applies
  from stg_cases__requests
  where assessment_outcome = 'Y'
    and assessment_outcome_date is not null
)
select
  i.month as month,
  i.area_team as area_team,
  'request ' || i.request_id as unit,
  cast(1 as bigint) as plans_issued,
  cast(i.within_20_weeks as bigint) as issued_within_20_weeks,
  cast(not i.exception_applies as bigint) as plans_issued_ex,
  cast(i.within_20_weeks and not i.exception_applies as bigint) as issued_within_20_weeks_ex,
  [{'source': 'cases', 'record_key': i.request_id, 'role': 'plan issued', 'sha256': cast(null as varchar)}] as records,
  json_object(
    'received_date', i.received_date,
    'assessment_outcome_date', i.assessment_outcome_date,
    'days_to_issue', i.days_to_issue,
    'week20_exception', i.exception_applies
  ) as basis
from issued as i
semi join int_case_months__spanned as m
  on m.month = i.month;
