-- fct_plan_timeliness: EHC plans issued by month and area team (CONTRACT §2).
-- A plan is issued in the month of AssessmentOutcomeDate where
-- AssessmentOutcome is Y; it is within 20 weeks when AssessmentOutcomeDate -
-- ReceivedDate <= 140 days. The _ex columns leave out Week20Exception = 1.
-- Every month of int_case_months__spanned has a row for each contract area
-- team (zeros included). Only the months the changes reach are recomputed.

create or replace temp table _dirty_issue_months as
select m.month as month
from int_case_months__spanned as m
where m.month in (
    select cast(date_trunc('month', assessment_outcome_date) as date)
    from _delta_stg_cases__requests
    where assessment_outcome_date is not null
  )
  or m.month in (
    select month from _delta_int_case_months__spanned where version = 'added'
  );

delete from fct_plan_timeliness
where month in (select month from _dirty_issue_months)
  or month not in (select month from int_case_months__spanned);

insert into fct_plan_timeliness by name
with issued as (
  select
    cast(date_trunc('month', assessment_outcome_date) as date) as month,
    area_team as area_team,
    date_diff('day', received_date, assessment_outcome_date) <= 140 as within_20_weeks,
    coalesce(week20_exception, false) as exception_applies
  from stg_cases__requests
  where assessment_outcome = 'Y'
    and assessment_outcome_date is not null
    and cast(date_trunc('month', assessment_outcome_date) as date) in (select month from _dirty_issue_months)
),
grid as (
  select
    m.month as month,
    a.area_team as area_team
  from _dirty_issue_months as m
  cross join (select unnest($area_teams) as area_team) as a
  union
  select distinct
    month as month,
    area_team as area_team
  from issued
)
select
  g.month as month,
  g.area_team as area_team,
  count(i.month) as plans_issued,
  count(i.month) filter (where i.within_20_weeks) as issued_within_20_weeks,
  count(i.month) filter (where not i.exception_applies) as plans_issued_ex,
  count(i.month) filter (where i.within_20_weeks and not i.exception_applies) as issued_within_20_weeks_ex
from grid as g
left join issued as i
  on i.month = g.month
  and i.area_team is not distinct from g.area_team
group by g.month, g.area_team;
