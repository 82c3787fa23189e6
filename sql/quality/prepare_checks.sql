-- What the data-quality checks share, as temporary objects of the build's
-- connection (never part of the published warehouse): number formats for
-- their plain-English details, and the authority the warehouse belongs to.

-- 11,763 (counts; doubles are rounded to whole numbers).
create or replace temp macro dq_count(x) as
  case when x is null then 'none' else format('{:,d}', cast(round(x) as bigint)) end;

-- £12,480.00 or -£12,480.00.
create or replace temp macro dq_pounds(x) as
  case
    when x is null then 'none'
    when x < 0 then '-£' || format('{:,.2f}', -cast(x as double))
    else '£' || format('{:,.2f}', cast(x as double))
  end;

-- £79.0m or -£11.0m (pounds shown in millions, to 0.1m).
create or replace temp macro dq_millions(x) as
  case
    when x is null then 'none'
    when x < 0 then '-£' || format('{:,.1f}', -cast(x as double) / 1e6) || 'm'
    else '£' || format('{:,.1f}', cast(x as double) / 1e6) || 'm'
  end;

-- The authority: the LA number (first three digits of LAEstab) most of its
-- census pupils are on roll under; without a census, the LA number of most of
-- the schools in its districts (dim_schools rows with an area team). Its name
-- as the DfE statistics spell it, when they hold it.
create or replace temp table _dq_authority as
with census as (
  select
    left(laestab, 3) as old_la_code,
    sum(pupils) as weight,
    1 as preference
  from fct_census_sen
  where regexp_full_match(laestab, '[0-9]{7}')
  group by left(laestab, 3)
),
schools as (
  select
    left(laestab, 3) as old_la_code,
    count(*) as weight,
    2 as preference
  from dim_schools
  where area_team is not null
    and regexp_full_match(laestab, '[0-9]{7}')
  group by left(laestab, 3)
),
candidates as (
  select * from census
  union all
  select * from schools
),
chosen as (
  select old_la_code as old_la_code
  from candidates
  order by preference, weight desc, old_la_code
  limit 1
)
select
  c.old_la_code as old_la_code,
  coalesce(
    (select max(b.la_name) from benchmark_ehcp as b where b.old_la_code = c.old_la_code),
    'LA ' || c.old_la_code
  ) as la_name
from chosen as c;
