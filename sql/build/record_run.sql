-- One row of build metadata (the only place a clock's reading is stored).
insert into build_runs by name
select
  coalesce(max(run_id), 0) + 1 as run_id,
  cast($mode as varchar) as mode,
  cast($from_seq as bigint) as from_seq,
  cast($to_seq as bigint) as to_seq,
  cast($events as bigint) as events,
  cast($started_at as timestamp) as started_at,
  cast($finished_at as timestamp) as finished_at
from build_runs;
