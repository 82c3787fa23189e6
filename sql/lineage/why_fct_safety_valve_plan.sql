-- why fct_safety_valve_plan: each plan item is one row, from the newest plan
-- of its financial year (marts/fct_safety_valve_plan.sql).

create or replace temp table _why_contributions as
select
  financial_year as financial_year,
  item_position as item_position,
  item as item,
  amount as amount,
  cast(1 as bigint) as fact_rows,
  'plan ' || financial_year || ' item ' || cast(item_position as varchar) as unit,
  [{'source': 'safety-valve-plan', 'record_key': financial_year, 'role': 'plan of the year', 'sha256': cast(null as varchar)}] as records,
  json_object('item', item) as basis
from stg_safety_valve_plan__items;
