-- stg_areas__districts: the SEN area team of every district, newest mapping of each.
-- Full-record events: the newest event (highest seq) of each record key wins.
-- The touched records, before and after, go to _delta_stg_areas__districts.

create or replace temp table _batch_districts as
select
  key as record_key,
  seq as seq,
  data as data
from raw_events
where list_contains($event_types, type)
qualify row_number() over (partition by key order by seq desc) = 1;

create or replace temp table _delta_stg_areas__districts as
select 'old' as version, s.*
from stg_areas__districts as s
where s.record_key in (select record_key from _batch_districts);

delete from stg_areas__districts
where record_key in (select record_key from _batch_districts);

insert into stg_areas__districts by name
select
  record_key as record_key,
  data ->> '$.district' as district,
  data ->> '$.areaTeam' as area_team,
  seq as last_seq
from _batch_districts;

insert into _delta_stg_areas__districts by name
select 'new' as version, s.*
from stg_areas__districts as s
where s.record_key in (select record_key from _batch_districts);
