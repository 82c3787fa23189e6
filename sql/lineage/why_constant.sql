-- why <a constant table> (dim_settings, dim_setting_mappings): its rows are
-- declared by the contract in its SQL, not read from any event.

create or replace temp table _why_contributions as
select
  t.*,
  cast(1 as bigint) as fact_rows,
  'declared in the contract' as unit,
  cast([] as struct(source varchar, record_key varchar, role varchar, sha256 varchar)[]) as records,
  json_object() as basis
from query_table($table) as t;
