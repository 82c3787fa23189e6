-- stg_schools__schools: every establishment of the GIAS reference file, newest version of each.
-- Full-record events: the newest event (highest seq) of each record key wins.
-- The touched records, before and after, go to _delta_stg_schools__schools.

create or replace temp table _batch_schools as
select
  key as record_key,
  seq as seq,
  data as data
from raw_events
where list_contains($event_types, type)
qualify row_number() over (partition by key order by seq desc) = 1;

create or replace temp table _delta_stg_schools__schools as
select 'old' as version, s.*
from stg_schools__schools as s
where s.record_key in (select record_key from _batch_schools);

delete from stg_schools__schools
where record_key in (select record_key from _batch_schools);

insert into stg_schools__schools by name
select
  record_key as record_key,
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
from _batch_schools;

insert into _delta_stg_schools__schools by name
select 'new' as version, s.*
from stg_schools__schools as s
where s.record_key in (select record_key from _batch_schools);
