-- stg_log__extract_dates: the latest ExtractDate (event as-at date) the log
-- holds for each snapshot extract. A maximum, so merging is taking the
-- greater: this file makes the merged rows of the sources this build's events
-- reach (its own fold), staging/merge/replace.sql writes them.

create or replace temp table _merged as
with batch as (
  select
    source as source,
    max(try_cast(as_at as date)) as latest_extract_date
  from raw_events
  where list_contains($event_types, type)
    and as_at is not null
  group by source
)
select
  b.source as source,
  greatest(b.latest_extract_date, s.latest_extract_date) as latest_extract_date
from batch as b
left join stg_log__extract_dates as s
  on s.source = b.source;

create or replace temp table _touched as
select source as source
from _merged;
