-- unmapped_cost_centres: every cost centre the ledger posts to should be in
-- the cost-centre map. Postings to one that is not show under the line
-- Unmapped in fct_hnb_spend and are left out of fct_dsg_position (CONTRACT
-- §1.4). A finding per unmapped cost centre, with its postings by ledger type
-- and year; actual is the sum of their amounts.
with mapped as (
  select distinct cost_centre as cost_centre
  from stg_cost_centres__cost_centres
  where cost_centre is not null
),
unmapped as (
  select
    p.cost_centre as cost_centre,
    p.financial_year as financial_year,
    p.ledger_type as ledger_type,
    count(*) as postings,
    sum(p.amount) as amount
  from stg_finance__postings as p
  anti join mapped as m
    on m.cost_centre = p.cost_centre
  where p.cost_centre is not null
  group by all
),
by_centre as (
  select
    cost_centre as cost_centre,
    sum(postings) as postings,
    cast(sum(amount) as double) as amount,
    string_agg(
      format('{} {}: {} posting(s), {}', financial_year, ledger_type, dq_count(postings), dq_pounds(amount)),
      '; ' order by financial_year, ledger_type
    ) as parts
  from unmapped
  group by cost_centre
)
select
  cost_centre as subject,
  cast(0 as double) as expected,
  amount as actual,
  amount as difference,
  format(
    'cost centre {} is not in the cost-centre map: its postings ({}) show under the line Unmapped and are left out of the DSG position; add it to the cost-centres file',
    cost_centre, parts
  ) as detail
from by_centre
order by cost_centre;
