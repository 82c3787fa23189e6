-- stg_cost_centres__cost_centres: the line and kind of every mapped cost centre, newest mapping of each.
-- Full-record events, one row each; the newest event of a record key is the
-- record (the 'newest-event' fold, staging/merge/newest_event.sql).

create or replace temp table _staged as
select
  key as record_key,
  data ->> '$.costCentre' as cost_centre,
  data ->> '$.line' as line,
  data ->> '$.kind' as kind,
  seq as last_seq
from raw_events
where list_contains($event_types, type);
