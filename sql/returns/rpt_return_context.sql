-- rpt_return_context: what a quarterly return needs to know about the
-- warehouse before it reads its tables: the log position the warehouse
-- reflects, the first and last month-end caseload snapshots (the span the
-- data covers), the authority (the LA code of the schools in the authority's
-- own districts) and whether the data-quality tables exist in this warehouse.
with checkpoint as (
  select max(log_position) as log_position
  from build_checkpoint
),
coverage as (
  select
    min(snapshot_date) as first_snapshot,
    max(snapshot_date) as last_snapshot
  from fct_ehcp_caseload
  where snapshot_kind = 'month_end'
),
authority_schools as (
  select
    left(laestab, 3) as la_code,
    count(*) as schools
  from dim_schools
  where area_team is not null
    and laestab is not null
  group by left(laestab, 3)
),
authority as (
  select la_code as la_code
  from authority_schools
  order by schools desc, la_code
  limit 1
),
authority_name as (
  select max(b.la_name) as la_name
  from benchmark_ehcp as b
  where b.old_la_code = (select la_code from authority)
    and b.geographic_level = 'Local authority'
),
dq_tables as (
  select
    count(*) filter (where table_name = 'dq_check_results') > 0 as has_check_results,
    count(*) filter (where table_name = 'dq_findings') > 0 as has_findings
  from duckdb_tables()
  where database_name = current_database()
    and schema_name = 'main'
)
select
  c.log_position as log_position,
  cast(v.first_snapshot as varchar) as first_snapshot,
  cast(v.last_snapshot as varchar) as last_snapshot,
  (select la_code from authority) as la_code,
  n.la_name as la_name,
  d.has_check_results as has_check_results,
  d.has_findings as has_findings
from checkpoint as c
cross join coverage as v
cross join authority_name as n
cross join dq_tables as d;
