-- The newest run records (after runs/read_runs.sql on the same connection),
-- newest first; $command narrows to one command when not null.
select
  run_id as run_id,
  parent_run_id as parent_run_id,
  command as command,
  trigger as trigger,
  args as args,
  status as status,
  exit_code as exit_code,
  error_code as error_code,
  error_message as error_message,
  strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') as started_at,
  strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') as finished_at,
  duration_ms as duration_ms,
  log_position_before as log_position_before,
  log_position_after as log_position_after,
  warehouse_position_before as warehouse_position_before,
  warehouse_position_after as warehouse_position_after,
  files_in as files_in,
  rows_in as rows_in,
  rows_out as rows_out,
  rows_quarantined as rows_quarantined,
  checks_failed as checks_failed,
  inputs as inputs,
  outputs as outputs,
  tables as tables,
  checks as checks,
  details as details,
  pid as pid,
  host as host
from _run_records
where cast($command as varchar) is null
  or command = $command
order by started_at desc, run_id desc
limit $limit;
