-- stg_safety_valve_plan__items: the items of the newest plan of each financial year.
-- One plan event carries a whole year; the newest event for a year replaces
-- every item of that year (its own fold): _touched is the newest plan event
-- of each year this build's events reach, _merged its items, and
-- staging/merge/replace.sql writes them.

create or replace temp table _touched as
select
  data ->> '$.financialYear' as financial_year,
  seq as seq,
  data as data
from raw_events
where list_contains($event_types, type)
  and (data ->> '$.financialYear') is not null
qualify row_number() over (partition by data ->> '$.financialYear' order by seq desc) = 1;

create or replace temp table _merged as
with plans as (
  select
    financial_year as financial_year,
    seq as seq,
    coalesce(
      from_json(data -> '$.items', '[{"item":"VARCHAR","amount":"VARCHAR"}]'),
      []
    ) as items
  from _touched
),
exploded as (
  select
    financial_year as financial_year,
    seq as seq,
    unnest(items) as plan_item,
    generate_subscripts(items, 1) as item_position
  from plans
)
select
  financial_year as financial_year,
  cast(item_position as integer) as item_position,
  plan_item.item as item,
  try_cast(plan_item.amount as decimal(18,2)) as amount,
  seq as last_seq
from exploded;
