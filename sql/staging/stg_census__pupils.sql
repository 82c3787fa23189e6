-- stg_census__pupils: every school census pupil record, newest version of each identity.
-- Full-record events: the newest event (highest seq) of each record key wins.
-- The touched records, before and after, go to _delta_stg_census__pupils.

create or replace temp table _batch_census as
select
  key as record_key,
  seq as seq,
  data as data
from raw_events
where list_contains($event_types, type)
qualify row_number() over (partition by key order by seq desc) = 1;

create or replace temp table _delta_stg_census__pupils as
select 'old' as version, s.*
from stg_census__pupils as s
where s.record_key in (select record_key from _batch_census);

delete from stg_census__pupils
where record_key in (select record_key from _batch_census);

insert into stg_census__pupils by name
select
  record_key as record_key,
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
from _batch_census;

insert into _delta_stg_census__pupils by name
select 'new' as version, s.*
from stg_census__pupils as s
where s.record_key in (select record_key from _batch_census);
