-- hnb_spend_lines_add_up: for every financial year with actuals, the actual
-- High Needs spend lines of fct_hnb_spend (mapped cost centres) add up to the
-- DSG position's hnb_spend, and its Unmapped line to unmapped_actuals: the two
-- tables a return takes its spend from tell the same story. A finding per year
-- and total that differs.
with lines as (
  select
    financial_year as financial_year,
    coalesce(sum(amount) filter (where line <> 'Unmapped'), 0) as mapped,
    coalesce(sum(amount) filter (where line = 'Unmapped'), 0) as unmapped
  from fct_hnb_spend
  where ledger_type = 'Actual'
  group by financial_year
),
years as (
  select
    coalesce(l.financial_year, d.financial_year) as financial_year,
    coalesce(l.mapped, 0) as lines_mapped,
    coalesce(l.unmapped, 0) as lines_unmapped,
    coalesce(d.hnb_spend, 0) as hnb_spend,
    coalesce(d.unmapped_actuals, 0) as unmapped_actuals
  from lines as l
  full outer join fct_dsg_position as d
    on d.financial_year = l.financial_year
),
compared as (
  select
    financial_year as financial_year,
    'hnb_spend' as total_name,
    cast(hnb_spend as double) as expected,
    cast(lines_mapped as double) as actual,
    'the spend lines of fct_hnb_spend' as what
  from years
  union all
  select
    financial_year as financial_year,
    'unmapped_actuals' as total_name,
    cast(unmapped_actuals as double) as expected,
    cast(lines_unmapped as double) as actual,
    'the Unmapped line of fct_hnb_spend' as what
  from years
)
select
  format('{} {}', financial_year, total_name) as subject,
  expected as expected,
  actual as actual,
  actual - expected as difference,
  format(
    '{}: {} add up to {} but fct_dsg_position.{} is {} (a difference of {})',
    financial_year, what, dq_pounds(actual), total_name, dq_pounds(expected), dq_pounds(actual - expected)
  ) as detail
from compared
where actual <> expected
order by financial_year, total_name;
