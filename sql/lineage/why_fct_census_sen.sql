-- why fct_census_sen: one row per census record (a pupil on roll at a school
-- on a census day), in its cell (the rules of marts/fct_census_sen.sql).

create or replace temp table _why_contributions as
select
  census_date as census_date,
  laestab as laestab,
  nc_year as nc_year,
  sen_provision as sen_provision,
  sen_type1 as primary_need,
  'census record ' || record_key as unit,
  cast(1 as bigint) as pupils,
  [{'source': 'census', 'record_key': record_key, 'role': 'pupil on roll', 'sha256': cast(null as varchar)}] as records,
  json_object('pupil', pupil, 'sen_type2', sen_type2) as basis
from stg_census__pupils
where census_date is not null
  and (
    not json_exists(cast($filters as json), '$.census_date')
    or cast(census_date as varchar) = json_extract_string(cast($filters as json), '$.census_date')
  );
