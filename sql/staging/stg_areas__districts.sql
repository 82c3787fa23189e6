-- stg_areas__districts: the SEN area team of every district, newest mapping of each.
-- Full-record events, one row each; the newest event of a record key is the
-- record (the 'newest-event' fold, staging/merge/newest_event.sql).

create or replace temp table _staged as
select
  key as record_key,
  data ->> '$.district' as district,
  data ->> '$.areaTeam' as area_team,
  seq as last_seq
from raw_events
where list_contains($event_types, type);
