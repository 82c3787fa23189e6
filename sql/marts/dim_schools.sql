-- dim_schools: one row per URN from the GIAS reference file, with the SEN area
-- team of its district (areas: District -> AreaTeam, matched case-insensitively)
-- and the setting_type its establishment type names. Rewritten whole: small.

delete from dim_schools;

insert into dim_schools by name
with schools as (
  select *
  from stg_schools__schools
  where urn is not null
  qualify row_number() over (partition by urn order by last_seq desc) = 1
),
districts as (
  select
    lower(trim(district)) as district_key,
    area_team as area_team
  from stg_areas__districts
  where district is not null
  qualify row_number() over (partition by lower(trim(district)) order by last_seq desc) = 1
),
gias_types as (
  select
    lower(trim(source_value)) as type_key,
    setting_type as setting_type
  from dim_setting_mappings
  where source_kind = 'gias_type'
)
select
  s.urn as urn,
  case
    when regexp_full_match(trim(s.la_code), '[0-9]{3}') and regexp_full_match(trim(s.establishment_number), '[0-9]{1,4}')
      then trim(s.la_code) || lpad(trim(s.establishment_number), 4, '0')
  end as laestab,
  s.name as name,
  s.establishment_type as establishment_type,
  s.phase as phase,
  s.district as district,
  d.area_team as area_team,
  s.ukprn as ukprn,
  s.status as status,
  coalesce(t.setting_type, 'other_schools') as setting_type
from schools as s
left join districts as d
  on d.district_key = lower(trim(s.district))
left join gias_types as t
  on t.type_key = lower(trim(s.establishment_type));
