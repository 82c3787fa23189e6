-- rpt_caseload_by_setting_group: EHC plans by setting group at the end of
-- each of the last eight quarters up to the return's quarter (month-end
-- snapshots of fct_ehcp_caseload), every group shown (zeros included) with
-- its share of the quarter's plans, then a total row per quarter. Quarters
-- before the first snapshot are left out.
-- Params: $quarter_end (YYYY-MM-DD).
with quarter_ends as (
  select
    last_day(cast(date_trunc('month', cast($quarter_end as date)) as date) - to_months(cast(3 * i as integer))) as snapshot_date
  from range(0, 8) as r(i)
),
covered as (
  select q.snapshot_date as snapshot_date
  from quarter_ends as q
  where q.snapshot_date >= (select min(snapshot_date) from fct_ehcp_caseload where snapshot_kind = 'month_end')
),
groups as (
  select *
  from (
    values
      (1, 'mainstream', 'Mainstream schools'),
      (2, 'special', 'Special schools'),
      (3, 'ap_pru', 'Alternative provision and pupil referral units'),
      (4, 'fe', 'Further education and post-16 providers'),
      (5, 'ed_elsewhere', 'Educated elsewhere or not in education'),
      (6, 'nm_early_years', 'Non-maintained early years settings'),
      (7, 'placement_unknown', 'No placement recorded')
  ) as v(sort_order, setting_group, label)
),
counts as (
  select
    snapshot_date as snapshot_date,
    setting_group as setting_group,
    sum(plans) as plans
  from fct_ehcp_caseload
  where snapshot_kind = 'month_end'
    and snapshot_date in (select snapshot_date from covered)
  group by snapshot_date, setting_group
),
grid as (
  select
    c.snapshot_date as snapshot_date,
    g.sort_order as sort_order,
    g.setting_group as setting_group,
    g.label as label,
    coalesce(n.plans, 0) as plans
  from covered as c
  cross join groups as g
  left join counts as n
    on n.snapshot_date = c.snapshot_date
    and n.setting_group = g.setting_group
),
others as (
  -- A group fct_ehcp_caseload has that the list above does not (none by the contract): shown, not lost.
  select
    n.snapshot_date as snapshot_date,
    100 as sort_order,
    n.setting_group as setting_group,
    n.setting_group as label,
    n.plans as plans
  from counts as n
  where n.setting_group not in (select setting_group from groups)
),
all_groups as (
  select * from grid
  union all
  select * from others
),
totals as (
  select
    snapshot_date as snapshot_date,
    sum(plans) as plans
  from all_groups
  group by snapshot_date
),
with_total as (
  select
    a.snapshot_date as snapshot_date,
    a.sort_order as sort_order,
    a.setting_group as setting_group,
    a.label as label,
    a.plans as plans,
    t.plans as total_plans
  from all_groups as a
  inner join totals as t
    on t.snapshot_date = a.snapshot_date
  union all
  select
    snapshot_date as snapshot_date,
    1000 as sort_order,
    'total' as setting_group,
    'All EHC plans' as label,
    plans as plans,
    plans as total_plans
  from totals
)
select
  cast(year(snapshot_date) - case when month(snapshot_date) < 4 then 1 else 0 end as varchar)
    || '-' || lpad(cast((year(snapshot_date) + case when month(snapshot_date) < 4 then 0 else 1 end) % 100 as varchar), 2, '0')
    || '-Q' || cast((((month(snapshot_date) + 8) % 12) // 3) + 1 as varchar) as quarter,
  snapshot_date as snapshot_date,
  setting_group as setting_group,
  label as label,
  cast(plans as bigint) as plans,
  cast(case when total_plans > 0 then round(100.0 * plans / total_plans, 1) end as decimal(5,1)) as share_pct
from with_total
order by snapshot_date, sort_order, setting_group;
