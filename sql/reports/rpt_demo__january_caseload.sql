-- The demo's summary: EHC plans on the latest January census day, by setting
-- group in the order of the DfE caseload columns.
with latest as (
  select max(snapshot_date) as snapshot_date
  from fct_ehcp_caseload
  where snapshot_kind = 'january_census'
),
group_order as (
  select
    setting_group as setting_group,
    min(sort_order) as sort_order
  from dim_settings
  group by setting_group
)
select
  strftime(c.snapshot_date, '%Y-%m-%d') as snapshot_date,
  c.setting_group as setting_group,
  sum(c.plans) as plans
from fct_ehcp_caseload as c
semi join latest as l
  on l.snapshot_date = c.snapshot_date
left join group_order as g
  on g.setting_group = c.setting_group
group by c.snapshot_date, c.setting_group
order by min(g.sort_order), c.setting_group;
