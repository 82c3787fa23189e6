-- caseload_groups_add_up: on every January census day the plans counted in
-- the seven DfE setting groups add up to all plans of fct_ehcp_caseload, and
-- every row's setting_group is the one dim_settings gives its setting_type. A
-- finding per census day where plans sit outside a known group.
with census_days as (
  select snapshot_date as snapshot_date
  from int_snapshot_dates__spanned
  where snapshot_kind = 'january_census'
),
counted as (
  select
    c.snapshot_date as snapshot_date,
    sum(c.plans) as plans,
    coalesce(sum(c.plans) filter (where s.setting_group is not null and s.setting_group = c.setting_group), 0) as grouped,
    string_agg(distinct c.setting_type, ', ' order by c.setting_type) filter (
      where s.setting_group is null or s.setting_group is distinct from c.setting_group
    ) as outside
  from fct_ehcp_caseload as c
  semi join census_days as d
    on d.snapshot_date = c.snapshot_date
  left join dim_settings as s
    on s.setting_type = c.setting_type
  group by c.snapshot_date
)
select
  strftime(snapshot_date, '%Y-%m-%d') as subject,
  cast(plans as double) as expected,
  cast(grouped as double) as actual,
  cast(grouped - plans as double) as difference,
  format(
    'January census {}: the setting groups add up to {} plans but the caseload is {} ({} plans with setting types outside their dim_settings group: {})',
    strftime(snapshot_date, '%Y-%m-%d'), dq_count(grouped), dq_count(plans), dq_count(plans - grouped), coalesce(outside, 'none')
  ) as detail
from counted
where grouped <> plans
order by snapshot_date;
