-- int_snapshot_dates__spanned: the caseload snapshot calendar. Month ends from
-- the month of the earliest PlanStartDate to the month of the latest
-- ExtractDate the log holds, and the January census day (3rd Thursday of
-- January) of every January in that span of months. Rewritten whole (a few
-- hundred rows); the dates added or removed go to
-- _delta_int_snapshot_dates__spanned so the caseload computes only those.

create or replace temp table _old_snapshot_dates as
select snapshot_date as snapshot_date
from int_snapshot_dates__spanned;

delete from int_snapshot_dates__spanned;

insert into int_snapshot_dates__spanned by name
with bounds as (
  select
    cast(date_trunc('month', (select min(plan_start_date) from stg_cases__requests)) as date) as first_month,
    cast(date_trunc('month', (select max(latest_extract_date) from stg_log__extract_dates)) as date) as last_month
),
months as (
  select cast(month_start as date) as month_start
  from bounds,
    range(bounds.first_month, bounds.last_month + interval 1 month, interval 1 month) as r(month_start)
  where bounds.first_month <= bounds.last_month
),
month_ends as (
  select
    last_day(month_start) as snapshot_date,
    'month_end' as snapshot_kind
  from months
),
census_days as (
  select
    month_start + cast((4 - isodow(month_start) + 7) % 7 + 14 as integer) as snapshot_date,
    'january_census' as snapshot_kind
  from months
  where month(month_start) = 1
)
select snapshot_date, snapshot_kind from month_ends
union all
select snapshot_date, snapshot_kind from census_days;

create or replace temp table _delta_int_snapshot_dates__spanned as
select 'added' as version, snapshot_date as snapshot_date
from (
  select snapshot_date from int_snapshot_dates__spanned
  except
  select snapshot_date from _old_snapshot_dates
)
union all
select 'removed' as version, snapshot_date as snapshot_date
from (
  select snapshot_date from _old_snapshot_dates
  except
  select snapshot_date from int_snapshot_dates__spanned
);
