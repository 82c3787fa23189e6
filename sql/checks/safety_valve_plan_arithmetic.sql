-- safety_valve_plan_arithmetic: the agreed Safety Valve trajectory
-- (fct_safety_valve_plan) must add up as it states it: for every plan year
-- whose previous year is in the plan too, the accumulated position at 31 March
-- = the previous year's accumulated position + net DSG (the spend lines,
-- savings, High Needs Grant, transfer from the Schools Block and other
-- variances) + the DfE and Council contributions. The first plan year's
-- opening balance is not stated in the plan, so it is not checked. A finding
-- per year that does not add up.
with years as (
  select
    financial_year as financial_year,
    cast(left(financial_year, 4) as integer) as start_year,
    sum(amount) filter (
      where item not in ('Accumulated Position', 'DfE Contribution', 'Council Contribution')
    ) as net_dsg,
    coalesce(sum(amount) filter (where item in ('DfE Contribution', 'Council Contribution')), 0) as contributions,
    max(amount) filter (where item = 'Accumulated Position') as accumulated
  from fct_safety_valve_plan
  where regexp_full_match(financial_year, '[0-9]{4}-[0-9]{2}')
  group by financial_year
),
chained as (
  select
    y.financial_year as financial_year,
    y.start_year as start_year,
    cast(coalesce(y.net_dsg, 0) as double) as net_dsg,
    cast(y.contributions as double) as contributions,
    cast(y.accumulated as double) as accumulated,
    cast(p.accumulated as double) as previous_accumulated
  from years as y
  inner join years as p
    on p.start_year = y.start_year - 1
  where y.accumulated is not null
    and p.accumulated is not null
)
select
  financial_year as subject,
  previous_accumulated + net_dsg + contributions as expected,
  accumulated as actual,
  accumulated - (previous_accumulated + net_dsg + contributions) as difference,
  format(
    '{}: the accumulated position at 31 March {} ({}) + net DSG ({}) + contributions ({}) = {}, but the plan states {} at 31 March {} (a difference of {})',
    financial_year, start_year, dq_millions(previous_accumulated), dq_millions(net_dsg), dq_millions(contributions),
    dq_millions(previous_accumulated + net_dsg + contributions), dq_millions(accumulated), start_year + 1,
    dq_millions(accumulated - (previous_accumulated + net_dsg + contributions))
  ) as detail
from chained
where round(accumulated - (previous_accumulated + net_dsg + contributions), 2) <> 0
order by financial_year;
