-- caseload_matches_dfe: the January caseload of fct_ehcp_caseload against
-- the authority's own row of the DfE caseload (benchmark_ehcp), in every year
-- both hold: the total (ehcplans) and each setting group (mainstream_total,
-- special_total, ap_pru_total, fe_total, ed_elsewhere, nm_early_years, and
-- placement_unknown, which before 2023 the DfE split into placement_unknown,
-- await_prov_2022 and perm_ex_2022). Suppressed cells (x, c, ...) are not
-- compared. A finding per year and group that differs.
with dfe as (
  select
    cast(left(b.time_period, 4) as integer) + 1 as census_year,
    b.old_la_code as old_la_code,
    b.la_name as la_name,
    max(b.value) filter (where b.measure = 'caseload.ehcplans') as total,
    max(b.value) filter (where b.measure = 'caseload.mainstream_total') as mainstream,
    max(b.value) filter (where b.measure = 'caseload.special_total') as special,
    max(b.value) filter (where b.measure = 'caseload.ap_pru_total') as ap_pru,
    max(b.value) filter (where b.measure = 'caseload.fe_total') as fe,
    max(b.value) filter (where b.measure = 'caseload.ed_elsewhere') as ed_elsewhere,
    max(b.value) filter (where b.measure = 'caseload.nm_early_years') as nm_early_years,
    case
      when count(b.value) filter (
        where b.measure in ('caseload.placement_unknown', 'caseload.await_prov_2022', 'caseload.perm_ex_2022')
      ) > 0
        then sum(coalesce(b.value, 0)) filter (
          where b.measure in ('caseload.placement_unknown', 'caseload.await_prov_2022', 'caseload.perm_ex_2022')
        )
    end as placement_unknown
  from benchmark_ehcp as b
  semi join _dq_authority as a
    on a.old_la_code = b.old_la_code
  where b.dataset = 'caseload'
    and b.geographic_level = 'Local authority'
    and b.breakdown_topic = 'All EHC plans'
    and regexp_full_match(b.time_period, '[0-9]{6}')
  group by all
),
published as (
  unpivot dfe
  on total, mainstream, special, ap_pru, fe, ed_elsewhere, nm_early_years, placement_unknown
  into name setting_group value published
),
census_days as (
  select
    year(snapshot_date) as census_year,
    snapshot_date as snapshot_date
  from int_snapshot_dates__spanned
  where snapshot_kind = 'january_census'
),
own as (
  select
    year(snapshot_date) as census_year,
    setting_group as setting_group,
    sum(plans) as plans
  from fct_ehcp_caseload
  where snapshot_kind = 'january_census'
  group by all
  union all
  select
    year(snapshot_date) as census_year,
    'total' as setting_group,
    sum(plans) as plans
  from fct_ehcp_caseload
  where snapshot_kind = 'january_census'
  group by all
),
compared as (
  select
    p.census_year as census_year,
    p.setting_group as setting_group,
    p.la_name as la_name,
    p.old_la_code as old_la_code,
    p.published as published,
    cast(coalesce(o.plans, 0) as double) as plans,
    list_position(
      ['total', 'mainstream', 'special', 'ap_pru', 'fe', 'ed_elsewhere', 'nm_early_years', 'placement_unknown'],
      p.setting_group
    ) as group_order
  from published as p
  inner join census_days as d
    on d.census_year = p.census_year
  left join own as o
    on o.census_year = p.census_year
    and o.setting_group = p.setting_group
)
select
  format('January {} {}', census_year, setting_group) as subject,
  published as expected,
  plans as actual,
  plans - published as difference,
  format(
    'January {}, {}: {} plans here, {} in the DfE caseload for {} ({}){} ({} {} here)',
    census_year, setting_group, dq_count(plans), dq_count(published), la_name, old_la_code,
    case when setting_group = 'placement_unknown' then ' counting placement_unknown, await_prov_2022 and perm_ex_2022' else '' end,
    dq_count(abs(plans - published)), case when plans > published then 'more' else 'fewer' end
  ) as detail
from compared
where plans <> published
order by census_year, group_order;
