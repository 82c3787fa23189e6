-- stg_placements__placements: the current record of every placement.
-- The same fold as stg_cases__requests: per field, the newest event that
-- carries it wins, a JSON null clearing it (the 'newest-field' fold,
-- staging/merge/newest_field.sql). One row per event: its placement, its seq
-- and the fields it carries.

create or replace temp table _staged as
select
  data ->> '$.placementId' as placement_id,
  seq as last_seq,
  carried_text(data, '$.person') as person,
  carried_text(data, '$.urn') as urn,
  carried_text(data, '$.ukprn') as ukprn,
  carried_text(data, '$.senSetting') as sen_setting,
  carried_date(data, '$.entryDate') as entry_date,
  carried_date(data, '$.leavingDate') as leaving_date,
  carried_integer(data, '$.rank') as placement_rank,
  carried_flag(data, '$.senUnit') as sen_unit,
  carried_flag(data, '$.resourcedProvision') as resourced_provision
from raw_events
where list_contains($event_types, type)
  and (data ->> '$.placementId') is not null;
