-- stg_ees__statistics: every row of the DfE EHC plans open data files, newest version of each.
-- Full-record events, one row each; the newest event of a record key is the
-- record (the 'newest-event' fold, staging/merge/newest_event.sql).

create or replace temp table _staged as
select
  key as record_key,
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
from raw_events
where list_contains($event_types, type);
