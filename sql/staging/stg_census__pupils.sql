-- stg_census__pupils: every school census pupil record, newest version of each identity.
-- Full-record events, one row each; the newest event of a record key is the
-- record (the 'newest-event' fold, staging/merge/newest_event.sql).

create or replace temp table _staged as
select
  key as record_key,
  try_cast(data ->> '$.censusDate' as date) as census_date,
  data ->> '$.pupil' as pupil,
  data ->> '$.laEstab' as laestab,
  data ->> '$.urn' as urn,
  try_cast((data ->> '$.birthMonth') || '-01' as date) as birth_month,
  data ->> '$.sex' as sex,
  data ->> '$.ncYear' as nc_year,
  data ->> '$.senProvision' as sen_provision,
  data ->> '$.senType1' as sen_type1,
  data ->> '$.senType2' as sen_type2,
  seq as last_seq
from raw_events
where list_contains($event_types, type);
