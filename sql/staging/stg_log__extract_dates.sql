-- stg_log__extract_dates: the latest ExtractDate (event as-at date) the log
-- holds for each snapshot extract. A maximum, so merging is taking the greater.

create or replace temp table _batch_extract_dates as
select
  source as source,
  max(try_cast(as_at as date)) as latest_extract_date
from raw_events
where list_contains($event_types, type)
  and as_at is not null
group by source;

create or replace temp table _delta_stg_log__extract_dates as
select 'old' as version, s.*
from stg_log__extract_dates as s
where s.source in (select source from _batch_extract_dates);

create or replace temp table _merged_extract_dates as
select
  b.source as source,
  greatest(b.latest_extract_date, s.latest_extract_date) as latest_extract_date
from _batch_extract_dates as b
left join stg_log__extract_dates as s
  on s.source = b.source;

delete from stg_log__extract_dates
where source in (select source from _batch_extract_dates);

insert into stg_log__extract_dates by name
select * from _merged_extract_dates;

insert into _delta_stg_log__extract_dates by name
select 'new' as version, * from _merged_extract_dates;
