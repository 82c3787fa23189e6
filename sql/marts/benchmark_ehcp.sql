-- benchmark_ehcp: the DfE "Education, health and care plans" statistics in
-- long format, one row per published row and measure column. measure is
-- <dataset>.<column>; value is the published number as DOUBLE, NULL where the
-- file has a symbol (x, z, c, low) or any other non-numeric text, which is
-- kept in published_value. Only the rows whose record changed are recomputed.

delete from benchmark_ehcp
where record_key in (select record_key from _delta_stg_ees__statistics);

insert into benchmark_ehcp by name
with records as (
  select *
  from stg_ees__statistics
  where record_key in (select record_key from _delta_stg_ees__statistics)
),
cells as (
  -- The measures as a map, so column names are never read as JSON paths.
  select
    r.*,
    unnest(map_entries(cast(r.measures as map(varchar, varchar)))) as cell
  from records as r
),
published as (
  select
    c.*,
    c.cell.key as column_name,
    c.cell.value as published_value
  from cells as c
)
select
  record_key as record_key,
  time_period as time_period,
  time_identifier as time_identifier,
  geographic_level as geographic_level,
  country_code as country_code,
  region_code as region_code,
  region_name as region_name,
  la_code as la_code,
  old_la_code as old_la_code,
  la_name as la_name,
  dataset as dataset,
  breakdown_topic as breakdown_topic,
  breakdown as breakdown,
  dataset || '.' || column_name as measure,
  case
    when regexp_full_match(trim(published_value), '-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?')
      then cast(trim(published_value) as double)
  end as value,
  published_value as published_value
from published;
