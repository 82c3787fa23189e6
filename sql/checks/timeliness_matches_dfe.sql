-- timeliness_matches_dfe: EHC plans issued and issued within 20 weeks (with
-- and without exceptions) by calendar year from fct_plan_timeliness, against
-- the authority's own row of the DfE 20-week timeliness (benchmark_ehcp,
-- dataset timeliness_20_week, all plans issued), in every calendar year the
-- warehouse covers in full (all twelve months) and the DfE publishes. A
-- finding per year and measure that differs.
with dfe as (
  select
    cast(b.time_period as integer) as calendar_year,
    b.old_la_code as old_la_code,
    b.la_name as la_name,
    b.measure as measure,
    max(b.value) as published
  from benchmark_ehcp as b
  semi join _dq_authority as a
    on a.old_la_code = b.old_la_code
  where b.dataset = 'timeliness_20_week'
    and b.geographic_level = 'Local authority'
    and b.breakdown_topic = b.breakdown
    and starts_with(b.breakdown_topic, 'All')
    and regexp_full_match(b.time_period, '[0-9]{4}')
    and b.measure in (
      'timeliness_20_week.plans_issued_den', 'timeliness_20_week.plans_issued_within_20_weeks',
      'timeliness_20_week.plans_issued_den_ex', 'timeliness_20_week.plans_issued_20_weeks_ex'
    )
    and b.value is not null
  group by all
),
full_years as (
  select year(month) as calendar_year
  from int_case_months__spanned
  group by year(month)
  having count(distinct month) = 12
),
own as (
  select
    year(month) as calendar_year,
    sum(plans_issued) as plans_issued,
    sum(issued_within_20_weeks) as issued_within_20_weeks,
    sum(plans_issued_ex) as plans_issued_ex,
    sum(issued_within_20_weeks_ex) as issued_within_20_weeks_ex
  from fct_plan_timeliness
  where year(month) in (select calendar_year from full_years)
  group by year(month)
),
compared as (
  select
    d.calendar_year as calendar_year,
    d.la_name as la_name,
    d.old_la_code as old_la_code,
    case d.measure
      when 'timeliness_20_week.plans_issued_den' then 'plans_issued'
      when 'timeliness_20_week.plans_issued_within_20_weeks' then 'issued_within_20_weeks'
      when 'timeliness_20_week.plans_issued_den_ex' then 'plans_issued_ex'
      else 'issued_within_20_weeks_ex'
    end as column_name,
    d.measure as measure,
    d.published as published,
    cast(case d.measure
      when 'timeliness_20_week.plans_issued_den' then o.plans_issued
      when 'timeliness_20_week.plans_issued_within_20_weeks' then o.issued_within_20_weeks
      when 'timeliness_20_week.plans_issued_den_ex' then o.plans_issued_ex
      else o.issued_within_20_weeks_ex
    end as double) as own_value
  from dfe as d
  inner join own as o
    on o.calendar_year = d.calendar_year
)
select
  format('{} {}', calendar_year, column_name) as subject,
  published as expected,
  own_value as actual,
  own_value - published as difference,
  format(
    '{}, {}: {} here (fct_plan_timeliness), {} in the DfE 20-week timeliness for {} ({}, {}): {} {} here',
    calendar_year, column_name, dq_count(own_value), dq_count(published), la_name, old_la_code,
    replace(measure, 'timeliness_20_week.', ''), dq_count(abs(own_value - published)),
    case when own_value > published then 'more' else 'fewer' end
  ) as detail
from compared
where own_value <> published
order by calendar_year, column_name;
