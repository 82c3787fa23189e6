-- rpt_benchmark: the authority beside its region and England, from the DfE
-- statistics in benchmark_ehcp: for each measure, the latest period published
-- for the authority that ended by the return's quarter end (an academic year
-- 202324 is the January 2024 caseload; a calendar year 2024 ends on 31
-- December 2024), the authority's, its region's and England's values for that
-- period. Only the headline rows (no breakdown) are read. A value the DfE
-- suppressed or did not publish is blank.
-- Params: $la_code (old LA code, e.g. 886), $quarter_end (YYYY-MM-DD).
with measures as (
  select *
  from (
    values
      (1, 'caseload.ehcplans', 'All EHC plans', 'EHC plans in January', 'count'),
      (2, 'caseload.mainstream_total_pc', 'All EHC plans', 'Share of plans in mainstream schools (%)', 'percent'),
      (3, 'caseload.special_total_pc', 'All EHC plans', 'Share of plans in special schools (%)', 'percent'),
      (4, 'caseload.AP_PRU_total_pc', 'All EHC plans', 'Share of plans in alternative provision or PRUs (%)', 'percent'),
      (5, 'caseload.fe_total_pc', 'All EHC plans', 'Share of plans in further education (%)', 'percent'),
      (6, 'caseload.ed_elsewhere_pc', 'All EHC plans', 'Share of plans educated elsewhere (%)', 'percent'),
      (7, 'caseload.nm_early_years_pc', 'All EHC plans', 'Share of plans in non-maintained early years (%)', 'percent'),
      (8, 'caseload.placement_unknown_pc', 'All EHC plans', 'Share of plans with no placement recorded (%)', 'percent'),
      (9, 'requests.requests_received_in_year', 'All requests for EHC needs assessments', 'Requests for an EHC needs assessment in the year', 'count'),
      (10, 'requests.request_outcome_six_weeks_pc', 'All requests for EHC needs assessments', 'Decisions on requests made within 6 weeks (%)', 'percent'),
      (11, 'timeliness_20_week.pc_plans_issued_within_20_weeks', 'All EHC plans issued', 'New plans issued within 20 weeks (%)', 'percent'),
      (12, 'timeliness_20_week.PC_plans_issued_20_weeks_ex', 'All EHC plans issued', 'New plans issued within 20 weeks, excluding exceptions (%)', 'percent')
  ) as v(sort_order, measure, breakdown_topic, label, unit)
),
headline as (
  select
    b.measure as measure,
    b.time_period as time_period,
    b.geographic_level as geographic_level,
    b.old_la_code as old_la_code,
    b.la_name as la_name,
    b.region_name as region_name,
    b.value as value,
    case
      when length(b.time_period) = 6 then make_date(cast(right(b.time_period, 2) as integer) + 2000, 1, 31)
      else make_date(cast(b.time_period as integer), 12, 31)
    end as period_end
  from benchmark_ehcp as b
  inner join measures as m
    on m.measure = b.measure
    and m.breakdown_topic = b.breakdown_topic
  where regexp_full_match(b.time_period, '[0-9]{4}([0-9]{2})?')
),
authority as (
  select
    h.measure as measure,
    max(h.time_period) as time_period,
    max(h.la_name) as la_name,
    max(h.region_name) as region_name
  from headline as h
  where h.geographic_level = 'Local authority'
    and h.old_la_code = $la_code
    and h.period_end <= cast($quarter_end as date)
  group by h.measure
),
values_at as (
  select
    a.measure as measure,
    a.time_period as time_period,
    a.la_name as la_name,
    a.region_name as region_name,
    max(h.value) filter (where h.geographic_level = 'Local authority' and h.old_la_code = $la_code) as authority,
    max(h.value) filter (where h.geographic_level = 'Regional' and h.region_name = a.region_name) as region,
    max(h.value) filter (where h.geographic_level = 'National') as england
  from authority as a
  inner join headline as h
    on h.measure = a.measure
    and h.time_period = a.time_period
  group by a.measure, a.time_period, a.la_name, a.region_name
)
select
  m.measure as measure,
  m.label as label,
  m.unit as unit,
  v.time_period as time_period,
  case
    when length(v.time_period) = 6 then 'January ' || cast(cast(right(v.time_period, 2) as integer) + 2000 as varchar)
    else 'Calendar year ' || v.time_period
  end as period,
  v.la_name as authority_name,
  v.authority as authority,
  v.region_name as region_name,
  v.region as region,
  v.england as england
from measures as m
inner join values_at as v
  on v.measure = m.measure
order by m.sort_order;
