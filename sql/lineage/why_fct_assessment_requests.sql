-- why fct_assessment_requests: one row per request, in the month of its
-- ReceivedDate and its area team, with what it adds to each measure (the
-- rules of marts/fct_assessment_requests.sql): requests_received 1;
-- decided_to_assess / decided_not_to_assess 1 for RequestOutcome Y / N;
-- decisions_within_6_weeks 1 for a Y or N decision within 42 days.

create or replace temp table _why_contributions as
with requests as (
  select
    cast(date_trunc('month', received_date) as date) as month,
    area_team as area_team,
    request_id as request_id,
    received_date as received_date,
    request_outcome as request_outcome,
    request_outcome_date as request_outcome_date,
    date_diff('day', received_date, request_outcome_date) as days_to_decision
  from stg_cases__requests
  where received_date is not null
)
select
  r.month as month,
  r.area_team as area_team,
  'request ' || r.request_id as unit,
  cast(1 as bigint) as requests_received,
  cast(r.request_outcome is not distinct from 'Y' as bigint) as decided_to_assess,
  cast(r.request_outcome is not distinct from 'N' as bigint) as decided_not_to_assess,
  cast(coalesce(r.request_outcome in ('Y', 'N') and r.days_to_decision <= 42, false) as bigint) as decisions_within_6_weeks,
  [{'source': 'cases', 'record_key': r.request_id, 'role': 'request', 'sha256': cast(null as varchar)}] as records,
  json_object(
    'received_date', r.received_date,
    'request_outcome', r.request_outcome,
    'request_outcome_date', r.request_outcome_date,
    'days_to_decision', r.days_to_decision
  ) as basis
from requests as r
semi join int_case_months__spanned as m
  on m.month = r.month;
