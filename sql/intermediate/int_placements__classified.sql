-- int_placements__classified: every placement with the setting_type it names
-- (CONTRACT §2). A URN is looked up in schools (a URN not there is
-- other_schools); else a UKPRN (a school with that UKPRN takes its type, any
-- other UKPRN is ukrlp_provider); else the SENSetting code. LA maintained,
-- academy and free school mainstream types take _resourced_provision (checked
-- first) or _senunit when the indicator is 1. Rewritten whole: one row per
-- placement, and a schools change can reach any of them.

delete from int_placements__classified;

insert into int_placements__classified by name
with schools as (
  select *
  from stg_schools__schools
  where urn is not null
  qualify row_number() over (partition by urn order by last_seq desc) = 1
),
school_by_ukprn as (
  select
    ukprn as ukprn,
    establishment_type as establishment_type
  from schools
  where ukprn is not null
  qualify row_number() over (
    partition by ukprn
    order by coalesce(starts_with(lower(status), 'open'), false) desc, urn desc
  ) = 1
),
gias_types as (
  select
    lower(trim(source_value)) as type_key,
    setting_type as setting_type
  from dim_setting_mappings
  where source_kind = 'gias_type'
),
sen_settings as (
  select
    source_value as code,
    setting_type as setting_type
  from dim_setting_mappings
  where source_kind = 'sen_setting'
),
based as (
  select
    p.placement_id as placement_id,
    p.person as person,
    p.entry_date as entry_date,
    p.leaving_date as leaving_date,
    coalesce(p.placement_rank, 1) as placement_rank,
    coalesce(p.sen_unit, false) as sen_unit,
    coalesce(p.resourced_provision, false) as resourced_provision,
    case
      when p.urn is not null then
        case when u.urn is null then 'other_schools' else coalesce(gu.setting_type, 'other_schools') end
      when p.ukprn is not null then
        case when k.ukprn is null then 'ukrlp_provider' else coalesce(gk.setting_type, 'other_schools') end
      when p.sen_setting is not null then coalesce(ss.setting_type, 'placement_unknown')
      else 'placement_unknown'
    end as base_setting_type,
    p.urn is not null and u.urn is null as urn_not_in_schools
  from stg_placements__placements as p
  left join schools as u
    on u.urn = p.urn
  left join gias_types as gu
    on gu.type_key = lower(trim(u.establishment_type))
  left join school_by_ukprn as k
    on k.ukprn = p.ukprn
  left join gias_types as gk
    on gk.type_key = lower(trim(k.establishment_type))
  left join sen_settings as ss
    on ss.code = p.sen_setting
),
suffixed as (
  select
    b.*,
    rp.setting_type as resourced_provision_type,
    su.setting_type as senunit_type
  from based as b
  left join dim_settings as rp
    on rp.setting_type = b.base_setting_type || '_resourced_provision'
  left join dim_settings as su
    on su.setting_type = b.base_setting_type || '_senunit'
)
select
  placement_id as placement_id,
  person as person,
  entry_date as entry_date,
  leaving_date as leaving_date,
  placement_rank as placement_rank,
  case
    when resourced_provision and resourced_provision_type is not null then resourced_provision_type
    when sen_unit and senunit_type is not null then senunit_type
    else base_setting_type
  end as setting_type,
  urn_not_in_schools as urn_not_in_schools
from suffixed;
