-- stg_safety_valve_plan__items: the items of the newest plan of each financial year.
-- One plan event carries a whole year; the newest event for a year replaces
-- every item of that year. The touched years' items, before and after, go to
-- _delta_stg_safety_valve_plan__items.

create or replace temp table _batch_plans as
select
  data ->> '$.financialYear' as financial_year,
  seq as seq,
  data as data
from raw_events
where list_contains($event_types, type)
  and (data ->> '$.financialYear') is not null
qualify row_number() over (partition by data ->> '$.financialYear' order by seq desc) = 1;

create or replace temp table _delta_stg_safety_valve_plan__items as
select 'old' as version, s.*
from stg_safety_valve_plan__items as s
where s.financial_year in (select financial_year from _batch_plans);

delete from stg_safety_valve_plan__items
where financial_year in (select financial_year from _batch_plans);

insert into stg_safety_valve_plan__items by name
with plans as (
  select
    financial_year as financial_year,
    seq as seq,
    coalesce(
      from_json(data -> '$.items', '[{"item":"VARCHAR","amount":"VARCHAR"}]'),
      []
    ) as items
  from _batch_plans
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

insert into _delta_stg_safety_valve_plan__items by name
select 'new' as version, s.*
from stg_safety_valve_plan__items as s
where s.financial_year in (select financial_year from _batch_plans);
