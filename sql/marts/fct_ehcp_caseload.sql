-- fct_ehcp_caseload: EHC plans active on each snapshot date (CONTRACT §2).
-- A plan is active on D when PlanStartDate <= D and (CeaseDate is blank or
-- CeaseDate > D); a person with several active plans counts once, for the
-- plan with the later PlanStartDate, then the greater RequestID (numerically
-- when numeric). setting_type comes from the person's rank-1 placement active
-- on D (EntryDate <= D and (LeavingDate blank or LeavingDate > D)); several
-- active rank-1 placements: the latest EntryDate, then the greatest
-- PlacementID. age is completed years on D from the first day of the birth month.
--
-- Only the snapshot dates the changes reach are recomputed: dates on which a
-- touched plan or placement (before or after the change) is active, dates new
-- to the calendar, or every date when the schools reference changed.

create or replace temp table _dirty_snapshot_dates as
with changed_ranges as (
  select
    plan_start_date as from_date,
    coalesce(cease_date, date '9999-12-31') as to_date
  from _delta_stg_cases__requests
  where plan_start_date is not null
  union all
  select
    entry_date as from_date,
    coalesce(leaving_date, date '9999-12-31') as to_date
  from _delta_stg_placements__placements
  where entry_date is not null
),
schools_changed as (
  select count(*) > 0 as changed
  from _delta_stg_schools__schools
)
select c.snapshot_date as snapshot_date
from int_snapshot_dates__spanned as c
where (select changed from schools_changed)
  or c.snapshot_date in (
    select snapshot_date from _delta_int_snapshot_dates__spanned where version = 'added'
  )
  or exists (
    select 1
    from changed_ranges as r
    where r.from_date <= c.snapshot_date
      and r.to_date > c.snapshot_date
  );

delete from fct_ehcp_caseload
where snapshot_date in (select snapshot_date from _dirty_snapshot_dates)
  or snapshot_date not in (select snapshot_date from int_snapshot_dates__spanned);

insert into fct_ehcp_caseload by name
with snapshots as (
  select
    c.snapshot_date as snapshot_date,
    c.snapshot_kind as snapshot_kind
  from int_snapshot_dates__spanned as c
  semi join _dirty_snapshot_dates as d
    on d.snapshot_date = c.snapshot_date
),
active_plans as (
  select
    s.snapshot_date as snapshot_date,
    s.snapshot_kind as snapshot_kind,
    r.person as person,
    r.area_team as area_team,
    r.primary_need as primary_need,
    r.birth_month as birth_month
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
  -- Placements of the people counted, joined on the person first: far fewer
  -- rows than every placement on every snapshot date.
  select
    a.snapshot_date as snapshot_date,
    a.person as person,
    p.setting_type as setting_type
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
people as (
  select
    a.snapshot_date as snapshot_date,
    a.snapshot_kind as snapshot_kind,
    a.area_team as area_team,
    coalesce(m.setting_type, 'placement_unknown') as setting_type,
    a.primary_need as primary_need,
    year(a.snapshot_date) - year(a.birth_month)
      - case when month(a.snapshot_date) < month(a.birth_month) then 1 else 0 end as age
  from active_plans as a
  left join main_placements as m
    on m.snapshot_date = a.snapshot_date
    and m.person = a.person
)
select
  p.snapshot_date as snapshot_date,
  p.snapshot_kind as snapshot_kind,
  p.area_team as area_team,
  p.setting_type as setting_type,
  d.setting_group as setting_group,
  p.primary_need as primary_need,
  cast(p.age as integer) as age,
  count(*) as plans
from people as p
left join dim_settings as d
  on d.setting_type = p.setting_type
group by p.snapshot_date, p.snapshot_kind, p.area_team, p.setting_type, d.setting_group, p.primary_need, p.age;
