-- rpt_requests_and_timeliness: for each of the twelve months up to the
-- return's quarter end and each area team, requests for an EHC needs
-- assessment received, decisions (to assess or not) on them and how many of
-- those came within 6 weeks (fct_assessment_requests: by the month the
-- request was received), and EHC plans issued with how many within 20 weeks,
-- with and without the Week20Exception cases (fct_plan_timeliness: by the
-- month the plan was issued). Area teams in the contract's order, then an
-- 'All areas' row per month. Percentages to one decimal place; blank where
-- nothing was decided or issued.
-- Params: $quarter_end (YYYY-MM-DD).
with months as (
  select cast(date_trunc('month', cast($quarter_end as date)) as date) - to_months(cast(i as integer)) as month
  from range(0, 12) as r(i)
),
requests as (
  select
    month as month,
    area_team as area_team,
    requests_received as requests_received,
    decided_to_assess as decided_to_assess,
    decided_not_to_assess as decided_not_to_assess,
    decisions_within_6_weeks as decisions_within_6_weeks
  from fct_assessment_requests
  where month in (select cast(month as date) from months)
),
plans as (
  select
    month as month,
    area_team as area_team,
    plans_issued as plans_issued,
    issued_within_20_weeks as issued_within_20_weeks,
    plans_issued_ex as plans_issued_ex,
    issued_within_20_weeks_ex as issued_within_20_weeks_ex
  from fct_plan_timeliness
  where month in (select cast(month as date) from months)
),
areas as (
  select area_team as area_team from requests
  union
  select area_team as area_team from plans
),
grid as (
  select
    cast(m.month as date) as month,
    a.area_team as area_team
  from months as m
  cross join areas as a
),
by_area as (
  select
    g.month as month,
    case g.area_team
      when 'North' then 1
      when 'East' then 2
      when 'South' then 3
      when 'West' then 4
      when 'Not Kent Address' then 5
      else 6
    end as sort_order,
    g.area_team as area_team,
    coalesce(r.requests_received, 0) as requests_received,
    coalesce(r.decided_to_assess, 0) as decided_to_assess,
    coalesce(r.decided_not_to_assess, 0) as decided_not_to_assess,
    coalesce(r.decisions_within_6_weeks, 0) as decisions_within_6_weeks,
    coalesce(p.plans_issued, 0) as plans_issued,
    coalesce(p.issued_within_20_weeks, 0) as issued_within_20_weeks,
    coalesce(p.plans_issued_ex, 0) as plans_issued_ex,
    coalesce(p.issued_within_20_weeks_ex, 0) as issued_within_20_weeks_ex
  from grid as g
  left join requests as r
    on r.month = g.month
    and r.area_team is not distinct from g.area_team
  left join plans as p
    on p.month = g.month
    and p.area_team is not distinct from g.area_team
),
with_total as (
  select * from by_area
  union all
  select
    month as month,
    100 as sort_order,
    'All areas' as area_team,
    sum(requests_received) as requests_received,
    sum(decided_to_assess) as decided_to_assess,
    sum(decided_not_to_assess) as decided_not_to_assess,
    sum(decisions_within_6_weeks) as decisions_within_6_weeks,
    sum(plans_issued) as plans_issued,
    sum(issued_within_20_weeks) as issued_within_20_weeks,
    sum(plans_issued_ex) as plans_issued_ex,
    sum(issued_within_20_weeks_ex) as issued_within_20_weeks_ex
  from by_area
  group by month
)
select
  month as month,
  coalesce(area_team, 'Not recorded') as area_team,
  cast(requests_received as bigint) as requests_received,
  cast(decided_to_assess + decided_not_to_assess as bigint) as decisions_made,
  cast(decided_to_assess as bigint) as decided_to_assess,
  cast(decided_not_to_assess as bigint) as decided_not_to_assess,
  cast(decisions_within_6_weeks as bigint) as decisions_within_6_weeks,
  cast(case when decided_to_assess + decided_not_to_assess > 0
    then round(100.0 * decisions_within_6_weeks / (decided_to_assess + decided_not_to_assess), 1) end as decimal(5,1)) as pct_decisions_within_6_weeks,
  cast(plans_issued as bigint) as plans_issued,
  cast(issued_within_20_weeks as bigint) as issued_within_20_weeks,
  cast(case when plans_issued > 0 then round(100.0 * issued_within_20_weeks / plans_issued, 1) end as decimal(5,1)) as pct_issued_within_20_weeks,
  cast(plans_issued_ex as bigint) as plans_issued_ex,
  cast(issued_within_20_weeks_ex as bigint) as issued_within_20_weeks_ex,
  cast(case when plans_issued_ex > 0 then round(100.0 * issued_within_20_weeks_ex / plans_issued_ex, 1) end as decimal(5,1)) as pct_issued_within_20_weeks_ex
from with_total
order by month, sort_order, area_team;
