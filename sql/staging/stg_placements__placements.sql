-- stg_placements__placements: the current record of every placement.
-- The same fold as stg_cases__requests: per field, the newest event that
-- carries it wins (a JSON null clears it), laid over the earlier record. The
-- touched records, before and after, go to _delta_stg_placements__placements.

create or replace temp table _batch_placements as
with placement_events as (
  select
    data ->> '$.placementId' as placement_id,
    seq as seq,
    data as data
  from raw_events
  where list_contains($event_types, type)
)
select
  placement_id as placement_id,
  max(seq) as last_seq,
  arg_max(data -> '$.person', seq) filter (where (data -> '$.person') is not null) as person,
  arg_max(data -> '$.urn', seq) filter (where (data -> '$.urn') is not null) as urn,
  arg_max(data -> '$.ukprn', seq) filter (where (data -> '$.ukprn') is not null) as ukprn,
  arg_max(data -> '$.senSetting', seq) filter (where (data -> '$.senSetting') is not null) as sen_setting,
  arg_max(data -> '$.entryDate', seq) filter (where (data -> '$.entryDate') is not null) as entry_date,
  arg_max(data -> '$.leavingDate', seq) filter (where (data -> '$.leavingDate') is not null) as leaving_date,
  arg_max(data -> '$.rank', seq) filter (where (data -> '$.rank') is not null) as placement_rank,
  arg_max(data -> '$.senUnit', seq) filter (where (data -> '$.senUnit') is not null) as sen_unit,
  arg_max(data -> '$.resourcedProvision', seq) filter (where (data -> '$.resourcedProvision') is not null) as resourced_provision
from placement_events
where placement_id is not null
group by placement_id;

create or replace temp table _merged_placements as
select
  b.placement_id as placement_id,
  case when b.person is null then s.person else b.person ->> '$' end as person,
  case when b.urn is null then s.urn else b.urn ->> '$' end as urn,
  case when b.ukprn is null then s.ukprn else b.ukprn ->> '$' end as ukprn,
  case when b.sen_setting is null then s.sen_setting else b.sen_setting ->> '$' end as sen_setting,
  case when b.entry_date is null then s.entry_date else try_cast(b.entry_date ->> '$' as date) end as entry_date,
  case when b.leaving_date is null then s.leaving_date else try_cast(b.leaving_date ->> '$' as date) end as leaving_date,
  case when b.placement_rank is null then s.placement_rank else try_cast(b.placement_rank ->> '$' as integer) end as placement_rank,
  case when b.sen_unit is null then s.sen_unit else try_cast(b.sen_unit ->> '$' as integer) = 1 end as sen_unit,
  case when b.resourced_provision is null then s.resourced_provision else try_cast(b.resourced_provision ->> '$' as integer) = 1 end as resourced_provision,
  b.last_seq as last_seq
from _batch_placements as b
left join stg_placements__placements as s
  on s.placement_id = b.placement_id;

create or replace temp table _delta_stg_placements__placements as
select 'old' as version, s.*
from stg_placements__placements as s
where s.placement_id in (select placement_id from _batch_placements);

delete from stg_placements__placements
where placement_id in (select placement_id from _batch_placements);

insert into stg_placements__placements by name
select * from _merged_placements;

insert into _delta_stg_placements__placements by name
select 'new' as version, * from _merged_placements;
