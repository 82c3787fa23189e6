-- int_case_months__spanned: the months the request and timeliness facts cover,
-- from the month of the earliest ReceivedDate to the latest of the month of
-- the latest cases ExtractDate, the latest ReceivedDate and the latest
-- AssessmentOutcomeDate. Rewritten whole; the months added or removed go to
-- _delta_int_case_months__spanned.

create or replace temp table _old_case_months as
select month as month
from int_case_months__spanned;

delete from int_case_months__spanned;

insert into int_case_months__spanned by name
with bounds as (
  select
    cast(date_trunc('month', (select min(received_date) from stg_cases__requests)) as date) as first_month,
    cast(date_trunc('month', greatest(
      (select max(received_date) from stg_cases__requests),
      (select max(assessment_outcome_date) from stg_cases__requests),
      (select max(latest_extract_date) from stg_log__extract_dates where source = 'cases')
    )) as date) as last_month
)
select cast(month_start as date) as month
from bounds,
  range(bounds.first_month, bounds.last_month + interval 1 month, interval 1 month) as r(month_start)
where bounds.first_month <= bounds.last_month;

create or replace temp table _delta_int_case_months__spanned as
select 'added' as version, month as month
from (
  select month from int_case_months__spanned
  except
  select month from _old_case_months
)
union all
select 'removed' as version, month as month
from (
  select month from _old_case_months
  except
  select month from int_case_months__spanned
);
