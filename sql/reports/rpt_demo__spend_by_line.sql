-- The demo's summary: High Needs Block actual spend by line in the latest
-- financial year with actuals, in pounds and £m (one decimal).
with latest as (
  select max(financial_year) as financial_year
  from fct_hnb_spend
  where ledger_type = 'Actual'
)
select
  s.financial_year as financial_year,
  s.line as line,
  sum(s.amount) as amount,
  round(sum(s.amount) / 1000000, 1) as amount_gbp_millions
from fct_hnb_spend as s
semi join latest as l
  on l.financial_year = s.financial_year
where s.ledger_type = 'Actual'
group by s.financial_year, s.line
order by s.line = 'Unmapped', sum(s.amount) desc;
