-- why dim_schools: each school is one record of the schools reference file,
-- with the areas record that gave its area team (marts/dim_schools.sql).

create or replace temp table _why_contributions as
with districts as (
  select
    record_key as record_key,
    lower(trim(district)) as district_key
  from stg_areas__districts
  where district is not null
  qualify row_number() over (partition by lower(trim(district)) order by last_seq desc) = 1
),
schools as (
  select
    record_key as record_key,
    urn as urn
  from stg_schools__schools
  where urn is not null
  qualify row_number() over (partition by urn order by last_seq desc) = 1
)
select
  d.*,
  cast(1 as bigint) as fact_rows,
  'school ' || d.urn as unit,
  list_concat(
    [{'source': 'schools', 'record_key': s.record_key, 'role': 'school record', 'sha256': cast(null as varchar)}],
    case
      when a.record_key is null then []
      else [{'source': 'areas', 'record_key': a.record_key, 'role': 'district to area team', 'sha256': cast(null as varchar)}]
    end
  ) as records,
  json_object('district', d.district) as basis
from dim_schools as d
left join schools as s
  on s.urn = d.urn
left join districts as a
  on a.district_key = lower(trim(d.district));
