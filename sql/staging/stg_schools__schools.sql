-- stg_schools__schools: every establishment of the GIAS reference file, newest version of each.
-- Full-record events, one row each; the newest event of a record key is the
-- record (the 'newest-event' fold, staging/merge/newest_event.sql).

create or replace temp table _staged as
select
  key as record_key,
  data ->> '$.urn' as urn,
  data ->> '$.laCode' as la_code,
  data ->> '$.establishmentNumber' as establishment_number,
  data ->> '$.name' as name,
  data ->> '$.type' as establishment_type,
  data ->> '$.phase' as phase,
  data ->> '$.district' as district,
  data ->> '$.ukprn' as ukprn,
  data ->> '$.status' as status,
  seq as last_seq
from raw_events
where list_contains($event_types, type);
