-- stg_cost_centres__cost_centres: the line and kind of every mapped cost centre, newest mapping of each.
-- Full-record events: the newest event (highest seq) of each record key wins.
-- The touched records, before and after, go to _delta_stg_cost_centres__cost_centres.

create or replace temp table _batch_cost_centres as
select
  key as record_key,
  seq as seq,
  data as data
from raw_events
where list_contains($event_types, type)
qualify row_number() over (partition by key order by seq desc) = 1;

create or replace temp table _delta_stg_cost_centres__cost_centres as
select 'old' as version, s.*
from stg_cost_centres__cost_centres as s
where s.record_key in (select record_key from _batch_cost_centres);

delete from stg_cost_centres__cost_centres
where record_key in (select record_key from _batch_cost_centres);

insert into stg_cost_centres__cost_centres by name
select
  record_key as record_key,
  data ->> '$.costCentre' as cost_centre,
  data ->> '$.line' as line,
  data ->> '$.kind' as kind,
  seq as last_seq
from _batch_cost_centres;

insert into _delta_stg_cost_centres__cost_centres by name
select 'new' as version, s.*
from stg_cost_centres__cost_centres as s
where s.record_key in (select record_key from _batch_cost_centres);
