-- fct_safety_valve_plan: the agreed Safety Valve trajectory as the newest plan
-- of each financial year says. Rewritten whole: a few dozen rows.

delete from fct_safety_valve_plan;

insert into fct_safety_valve_plan by name
select
  financial_year as financial_year,
  item_position as item_position,
  item as item,
  amount as amount
from stg_safety_valve_plan__items;
