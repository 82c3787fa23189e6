-- The newest build record of a warehouse file.
select
  run_id as run_id,
  mode as mode,
  from_seq as from_seq,
  to_seq as to_seq,
  events as events,
  strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') as started_at,
  strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') as finished_at
from build_runs
order by run_id desc
limit 1;
