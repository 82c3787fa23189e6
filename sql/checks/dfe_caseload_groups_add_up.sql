-- dfe_caseload_groups_add_up: in the authority's own row of the DfE caseload
-- (benchmark_ehcp, dataset caseload, "All EHC plans"), the placement groups
-- (mainstream_total, special_total, ap_pru_total, fe_total, ed_elsewhere,
-- nm_early_years, placement_unknown, and before the 2023 break in series
-- await_prov_2022 and perm_ex_2022) should add up to ehcplans. Suppressed
-- cells (x, c, ...) count as 0, which is how a published total can end up
-- bigger than its groups. A finding per January where they do not add up.
with caseload as (
  select
    b.time_period as time_period,
    cast(left(b.time_period, 4) as integer) + 1 as census_year,
    b.old_la_code as old_la_code,
    b.la_name as la_name,
    max(b.value) filter (where b.measure = 'caseload.ehcplans') as ehcplans,
    sum(coalesce(b.value, 0)) filter (
      where b.measure in (
        'caseload.mainstream_total', 'caseload.special_total', 'caseload.ap_pru_total', 'caseload.fe_total',
        'caseload.ed_elsewhere', 'caseload.nm_early_years', 'caseload.placement_unknown',
        'caseload.await_prov_2022', 'caseload.perm_ex_2022'
      )
    ) as grouped
  from benchmark_ehcp as b
  semi join _dq_authority as a
    on a.old_la_code = b.old_la_code
  where b.dataset = 'caseload'
    and b.geographic_level = 'Local authority'
    and b.breakdown_topic = 'All EHC plans'
    and regexp_full_match(b.time_period, '[0-9]{6}')
  group by b.time_period, b.old_la_code, b.la_name
)
select
  format('January {}', census_year) as subject,
  ehcplans as expected,
  coalesce(grouped, 0) as actual,
  coalesce(grouped, 0) - ehcplans as difference,
  format(
    'DfE caseload for {} ({}), January {}: the placement groups add up to {} but ehcplans is {} ({} {})',
    la_name, old_la_code, census_year, dq_count(coalesce(grouped, 0)), dq_count(ehcplans),
    dq_count(abs(coalesce(grouped, 0) - ehcplans)), case when coalesce(grouped, 0) < ehcplans then 'short' else 'over' end
  ) as detail
from caseload
where ehcplans is not null
  and coalesce(grouped, 0) <> ehcplans
order by census_year;
