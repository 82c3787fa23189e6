-- rpt_hnb_spend_by_line: High Needs Block spend by line for the quarter's
-- financial year, year to date at the quarter end: actual, budget and
-- forecast over the ledger periods up to the quarter's last period
-- (fct_hnb_spend), and the Safety Valve plan (fct_safety_valve_plan: the
-- spend lines and Savings), whole year and profiled straight-line to date
-- (plan x months elapsed / 12, to the penny). Then the whole-year budget,
-- forecast and plan. Lines: the plan's in plan order, then any other ledger
-- line by name, Unmapped last (a line with no figure to show is left out),
-- then a Total row.
-- Params: $financial_year, $last_period (3, 6, 9 or 16), $months_elapsed.
with ledger as (
  select
    line as line,
    ledger_type as ledger_type,
    period as period,
    amount as amount
  from fct_hnb_spend
  where financial_year = $financial_year
),
ledger_lines as (
  select
    line as line,
    sum(amount) filter (where ledger_type = 'Actual' and period <= cast($last_period as integer)) as actual_ytd,
    sum(amount) filter (where ledger_type = 'Budget' and period <= cast($last_period as integer)) as budget_ytd,
    sum(amount) filter (where ledger_type = 'Forecast' and period <= cast($last_period as integer)) as forecast_ytd,
    sum(amount) filter (where ledger_type = 'Budget') as budget_full_year,
    sum(amount) filter (where ledger_type = 'Forecast') as forecast_full_year
  from ledger
  group by line
),
plan_lines as (
  select
    item as line,
    item_position as item_position,
    amount as plan_full_year
  from fct_safety_valve_plan
  where financial_year = $financial_year
    and item not in ('High Needs Grant', 'Transfer from Schools Block', 'Other Variances',
      'DfE Contribution', 'Council Contribution', 'Accumulated Position')
),
lines as (
  select
    coalesce(p.line, l.line) as line,
    case
      when p.item_position is not null then p.item_position
      when coalesce(p.line, l.line) = 'Unmapped' then 1000000
      else 1000
    end as sort_order,
    l.actual_ytd as actual_ytd,
    l.budget_ytd as budget_ytd,
    l.forecast_ytd as forecast_ytd,
    round(p.plan_full_year * cast($months_elapsed as integer) / 12, 2) as plan_ytd,
    l.budget_full_year as budget_full_year,
    l.forecast_full_year as forecast_full_year,
    p.plan_full_year as plan_full_year
  from plan_lines as p
  full outer join ledger_lines as l
    on l.line = p.line
  where p.plan_full_year is not null
    or l.actual_ytd is not null
    or l.budget_ytd is not null
    or l.forecast_ytd is not null
    or l.budget_full_year is not null
    or l.forecast_full_year is not null
),
with_total as (
  select * from lines
  union all
  select
    'Total' as line,
    2000000 as sort_order,
    sum(actual_ytd) as actual_ytd,
    sum(budget_ytd) as budget_ytd,
    sum(forecast_ytd) as forecast_ytd,
    sum(plan_ytd) as plan_ytd,
    sum(budget_full_year) as budget_full_year,
    sum(forecast_full_year) as forecast_full_year,
    sum(plan_full_year) as plan_full_year
  from lines
  having count(*) > 0
)
select
  line as line,
  cast(actual_ytd as decimal(18,2)) as actual_ytd,
  cast(budget_ytd as decimal(18,2)) as budget_ytd,
  cast(forecast_ytd as decimal(18,2)) as forecast_ytd,
  cast(plan_ytd as decimal(18,2)) as plan_ytd,
  cast(actual_ytd - budget_ytd as decimal(18,2)) as variance_to_budget_ytd,
  cast(actual_ytd - plan_ytd as decimal(18,2)) as variance_to_plan_ytd,
  cast(budget_full_year as decimal(18,2)) as budget_full_year,
  cast(forecast_full_year as decimal(18,2)) as forecast_full_year,
  cast(plan_full_year as decimal(18,2)) as plan_full_year,
  cast(forecast_full_year - plan_full_year as decimal(18,2)) as forecast_variance_to_plan
from with_total
order by sort_order, line;
