-- dsg_accumulated_position: in fct_dsg_position every year's in_year_position
-- is hnb_spend + hnb_grant + schools_block_transfer + other_variances, and its
-- accumulated_position is the previous year's accumulated_position (0 before
-- the first year) + in_year_position + dfe_contribution + council_contribution.
-- A finding per year and line that does not follow from its rows.
with years as (
  select
    financial_year as financial_year,
    cast(hnb_spend + hnb_grant + schools_block_transfer + other_variances as double) as parts,
    cast(in_year_position as double) as in_year_position,
    cast(dfe_contribution + council_contribution as double) as contributions,
    cast(accumulated_position as double) as accumulated_position,
    coalesce(cast(lag(accumulated_position) over (order by financial_year) as double), 0) as previous_accumulated
  from fct_dsg_position
),
compared as (
  select
    financial_year as financial_year,
    'in_year_position' as line,
    parts as expected,
    in_year_position as actual,
    format('hnb_spend + hnb_grant + schools_block_transfer + other_variances = {}', dq_pounds(parts)) as working
  from years
  union all
  select
    financial_year as financial_year,
    'accumulated_position' as line,
    previous_accumulated + in_year_position + contributions as expected,
    accumulated_position as actual,
    format(
      'the previous accumulated position {} + in-year position {} + contributions {} = {}',
      dq_pounds(previous_accumulated), dq_pounds(in_year_position), dq_pounds(contributions),
      dq_pounds(previous_accumulated + in_year_position + contributions)
    ) as working
  from years
)
select
  format('{} {}', financial_year, line) as subject,
  expected as expected,
  actual as actual,
  actual - expected as difference,
  format('{}: {}, but {} is {} (a difference of {})', financial_year, working, line, dq_pounds(actual), dq_pounds(actual - expected)) as detail
from compared
where round(actual - expected, 2) <> 0
order by financial_year, line;
