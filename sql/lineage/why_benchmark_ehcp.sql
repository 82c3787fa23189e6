-- why benchmark_ehcp: each row is one measure column of one published row
-- of a DfE file; the row's record key names that row (marts/benchmark_ehcp.sql).

create or replace temp table _why_contributions as
select
  b.*,
  cast(1 as bigint) as fact_rows,
  b.measure || ' of ' || b.record_key as unit,
  [{'source': 'ees', 'record_key': b.record_key, 'role': 'published row', 'sha256': cast(null as varchar)}] as records,
  json_object('published_value', b.published_value) as basis
from benchmark_ehcp as b;
