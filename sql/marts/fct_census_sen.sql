-- fct_census_sen: pupils on roll on each census day by school, NC year, SEN
-- provision and primary need (SENtype1; NULL for pupils without SEN). Only the
-- census days the changes reach are recomputed.

create or replace temp table _dirty_census_dates as
select distinct census_date as census_date
from _delta_stg_census__pupils
where census_date is not null;

delete from fct_census_sen
where census_date in (select census_date from _dirty_census_dates);

insert into fct_census_sen by name
select
  census_date as census_date,
  laestab as laestab,
  nc_year as nc_year,
  sen_provision as sen_provision,
  sen_type1 as primary_need,
  count(*) as pupils
from stg_census__pupils
where census_date in (select census_date from _dirty_census_dates)
group by census_date, laestab, nc_year, sen_provision, sen_type1;
