-- stg_ees__statistics: every row of the DfE EHC plans open data files, newest version of each.
-- Full-record events: the newest event (highest seq) of each record key wins.
-- The touched records, before and after, go to _delta_stg_ees__statistics.

create or replace temp table _batch_ees as
select
  key as record_key,
  seq as seq,
  data as data
from raw_events
where list_contains($event_types, type)
qualify row_number() over (partition by key order by seq desc) = 1;

create or replace temp table _delta_stg_ees__statistics as
select 'old' as version, s.*
from stg_ees__statistics as s
where s.record_key in (select record_key from _batch_ees);

delete from stg_ees__statistics
where record_key in (select record_key from _batch_ees);

insert into stg_ees__statistics by name
select
  record_key as record_key,
  data ->> '$.dataset' as dataset,
  data ->> '$.timePeriod' as time_period,
  data ->> '$.timeIdentifier' as time_identifier,
  data ->> '$.geographicLevel' as geographic_level,
  data ->> '$.countryCode' as country_code,
  data ->> '$.regionCode' as region_code,
  data ->> '$.regionName' as region_name,
  data ->> '$.laCode' as la_code,
  data ->> '$.oldLaCode' as old_la_code,
  data ->> '$.laName' as la_name,
  data ->> '$.breakdownTopic' as breakdown_topic,
  data ->> '$.breakdown' as breakdown,
  coalesce(data -> '$.measures', '{}'::json) as measures,
  seq as last_seq
from _batch_ees;

insert into _delta_stg_ees__statistics by name
select 'new' as version, s.*
from stg_ees__statistics as s
where s.record_key in (select record_key from _batch_ees);
