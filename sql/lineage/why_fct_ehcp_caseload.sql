-- why fct_ehcp_caseload: one row per person counted on a snapshot date, with
-- the records that put them in their cell: the plan (request) counted, the
-- rank-1 placement that named the setting, and the school that typed it. The
-- same rules as marts/fct_ehcp_caseload.sql, computed for the snapshot date
-- asked for when $filters (a JSON object of column: value) names one, so the
-- rows of a cell add up to its plans exactly.

create or replace temp table _why_contributions as
with snapshots as (
  select
    snapshot_date as snapshot_date,
    snapshot_kind as snapshot_kind
  from int_snapshot_dates__spanned
  where not json_exists(cast($filters as json), '$.snapshot_date')
    or cast(snapshot_date as varchar) = json_extract_string(cast($filters as json), '$.snapshot_date')
),
active_plans as (
  select
    s.snapshot_date as snapshot_date,
    s.snapshot_kind as snapshot_kind,
    r.request_id as request_id,
    r.person as person,
    r.area_team as area_team,
    r.primary_need as primary_need,
    r.birth_month as birth_month,
    r.plan_start_date as plan_start_date,
    r.cease_date as cease_date
  from snapshots as s
  inner join stg_cases__requests as r
    on r.plan_start_date <= s.snapshot_date
    and coalesce(r.cease_date, date '9999-12-31') > s.snapshot_date
  qualify row_number() over (
    partition by s.snapshot_date, r.person
    order by r.plan_start_date desc, try_cast(r.request_id as hugeint) desc nulls last, r.request_id desc
  ) = 1
),
main_placements as (
  select
    a.snapshot_date as snapshot_date,
    a.person as person,
    p.placement_id as placement_id,
    p.setting_type as setting_type,
    p.entry_date as entry_date,
    p.leaving_date as leaving_date
  from active_plans as a
  inner join int_placements__classified as p
    on p.person = a.person
    and p.entry_date <= a.snapshot_date
    and coalesce(p.leaving_date, date '9999-12-31') > a.snapshot_date
  where p.placement_rank = 1
  qualify row_number() over (
    partition by a.snapshot_date, a.person
    order by p.entry_date desc, try_cast(p.placement_id as hugeint) desc nulls last, p.placement_id desc
  ) = 1
),
schools as (
  select
    record_key as record_key,
    urn as urn,
    ukprn as ukprn,
    status as status
  from stg_schools__schools
  where urn is not null
  qualify row_number() over (partition by urn order by last_seq desc) = 1
),
school_by_ukprn as (
  select
    record_key as record_key,
    ukprn as ukprn
  from schools
  where ukprn is not null
  qualify row_number() over (
    partition by ukprn
    order by coalesce(starts_with(lower(status), 'open'), false) desc, urn desc
  ) = 1
),
placement_schools as (
  -- The school record that typed the placement: by URN, else by UKPRN (as int_placements__classified).
  select
    p.placement_id as placement_id,
    case when p.urn is not null then u.record_key else k.record_key end as school_key
  from stg_placements__placements as p
  left join schools as u
    on u.urn = p.urn
  left join school_by_ukprn as k
    on k.ukprn = p.ukprn
)
select
  a.snapshot_date as snapshot_date,
  a.snapshot_kind as snapshot_kind,
  a.area_team as area_team,
  coalesce(m.setting_type, 'placement_unknown') as setting_type,
  d.setting_group as setting_group,
  a.primary_need as primary_need,
  cast(
    year(a.snapshot_date) - year(a.birth_month)
      - case when month(a.snapshot_date) < month(a.birth_month) then 1 else 0 end
    as integer
  ) as age,
  'request ' || a.request_id as unit,
  cast(1 as bigint) as plans,
  list_concat(
    [{'source': 'cases', 'record_key': a.request_id, 'role': 'plan counted', 'sha256': cast(null as varchar)}],
    case
      when m.placement_id is null then []
      else [{'source': 'placements', 'record_key': m.placement_id, 'role': 'rank-1 placement active on the day', 'sha256': cast(null as varchar)}]
    end,
    case
      when ps.school_key is null then []
      else [{'source': 'schools', 'record_key': ps.school_key, 'role': 'school that types the placement', 'sha256': cast(null as varchar)}]
    end
  ) as records,
  json_object(
    'person', a.person,
    'plan_start_date', a.plan_start_date,
    'cease_date', a.cease_date,
    'birth_month', strftime(a.birth_month, '%Y-%m'),
    'placement_id', m.placement_id,
    'placement_entry_date', m.entry_date,
    'placement_leaving_date', m.leaving_date
  ) as basis
from active_plans as a
left join main_placements as m
  on m.snapshot_date = a.snapshot_date
  and m.person = a.person
left join placement_schools as ps
  on ps.placement_id = m.placement_id
left join dim_settings as d
  on d.setting_type = coalesce(m.setting_type, 'placement_unknown');
