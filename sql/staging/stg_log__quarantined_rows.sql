-- stg_log__quarantined_rows: every rejected extract row, one per row of a file
-- version (source, sha256, line); the newest event for a row is the record
-- (the 'newest-event' fold, staging/merge/newest_event.sql).

create or replace temp table _staged as
select
  source as source,
  file as file,
  sha256 as sha256,
  line as line,
  coalesce(data -> '$.rules', '[]'::json) as rules,
  coalesce(data -> '$.raw', '{}'::json) as raw,
  seq as last_seq
from raw_events
where list_contains($event_types, type);
