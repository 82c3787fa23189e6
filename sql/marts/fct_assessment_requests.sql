-- fct_assessment_requests: requests for an EHC needs assessment by month of
-- ReceivedDate and area team (CONTRACT §2). decided_to_assess and
-- decided_not_to_assess count RequestOutcome Y and N by the month the request
-- was received; decisions_within_6_weeks counts those Y/N decisions made
-- within 42 days (RequestOutcomeDate - ReceivedDate <= 42). Every month of
-- int_case_months__spanned has a row for each contract area team (zeros
-- included). Only the months the changes reach are recomputed.

create or replace temp table _dirty_request_months as
select m.month as month
from int_case_months__spanned as m
where m.month in (
    select cast(date_trunc('month', received_date) as date)
    from _delta_stg_cases__requests
    where received_date is not null
  )
  or m.month in (
    select month from _delta_int_case_months__spanned where version = 'added'
  );

delete from fct_assessment_requests
where month in (select month from _dirty_request_months)
  or month not in (select month from int_case_months__spanned);

insert into fct_assessment_requests by name
with requests as (
  select
    cast(date_trunc('month', received_date) as date) as month,
    area_team as area_team,
    request_outcome as request_outcome,
    date_diff('day', received_date, request_outcome_date) as days_to_decision
  from stg_cases__requests
  where received_date is not null
    and cast(date_trunc('month', received_date) as date) in (select month from _dirty_request_months)
),
grid as (
  select
    m.month as month,
    a.area_team as area_team
  from _dirty_request_months as m
  cross join (select unnest($area_teams) as area_team) as a
  union
  select distinct
    month as month,
    area_team as area_team
  from requests
)
select
  g.month as month,
  g.area_team as area_team,
  count(r.month) as requests_received,
  count(r.month) filter (where r.request_outcome = 'Y') as decided_to_assess,
  count(r.month) filter (where r.request_outcome = 'N') as decided_not_to_assess,
  count(r.month) filter (where r.request_outcome in ('Y', 'N') and r.days_to_decision <= 42) as decisions_within_6_weeks
from grid as g
left join requests as r
  on r.month = g.month
  and r.area_team is not distinct from g.area_team
group by g.month, g.area_team;
