-- The run records of an installation: <home>/runs/runs.ndjson folded into one
-- row per run. A run writes a `started` line when it begins and a `finished`
-- line when it ends; a run without its `finished` line is `unfinished` (still
-- running, or killed). Lines being written by a running process at the moment
-- of reading are skipped (ignore_errors), never half-read. Runs still open in
-- the process $exclude_pid on host $exclude_host (the build copying these
-- records into its own warehouse) are left out.

create or replace temp table _run_lines as
select *
from read_json(
  $runs_file,
  format = 'newline_delimited',
  ignore_errors = true,
  columns = {
    record: 'varchar',
    run_id: 'varchar',
    parent_run_id: 'varchar',
    command: 'varchar',
    args: 'json',
    trigger: 'varchar',
    started_at: 'varchar',
    pid: 'integer',
    host: 'varchar',
    sendwh_version: 'varchar',
    finished_at: 'varchar',
    duration_ms: 'bigint',
    status: 'varchar',
    exit_code: 'integer',
    error_code: 'varchar',
    error_message: 'varchar',
    log_position_before: 'bigint',
    log_position_after: 'bigint',
    warehouse_position_before: 'bigint',
    warehouse_position_after: 'bigint',
    inputs: 'json',
    outputs: 'json',
    tables: 'json',
    checks: 'json',
    details: 'json'
  }
);

create or replace temp table _run_records as
with started as (
  select *
  from _run_lines
  where record = 'started'
    and run_id is not null
  qualify row_number() over (partition by run_id order by started_at) = 1
),
finished as (
  select *
  from _run_lines
  where record = 'finished'
    and run_id is not null
  qualify row_number() over (partition by run_id order by finished_at desc) = 1
),
joined as (
  select
    s.run_id as run_id,
    s.parent_run_id as parent_run_id,
    s.command as command,
    s.trigger as trigger,
    coalesce(s.args, '[]'::json) as args,
    coalesce(f.status, 'unfinished') as status,
    f.exit_code as exit_code,
    f.error_code as error_code,
    f.error_message as error_message,
    try_strptime(s.started_at, '%Y-%m-%dT%H:%M:%S.%gZ') as started_at,
    try_strptime(f.finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') as finished_at,
    f.duration_ms as duration_ms,
    f.log_position_before as log_position_before,
    f.log_position_after as log_position_after,
    f.warehouse_position_before as warehouse_position_before,
    f.warehouse_position_after as warehouse_position_after,
    coalesce(from_json(f.tables, '[{"table":"VARCHAR","rows_in":"BIGINT","rows_out":"BIGINT","rows_quarantined":"BIGINT"}]'), []) as table_list,
    coalesce(from_json(f.checks, '[{"name":"VARCHAR","status":"VARCHAR"}]'), []) as check_list,
    coalesce(json_array_length(f.inputs), 0) as inputs_count,
    coalesce(f.inputs, '[]'::json) as inputs,
    coalesce(f.outputs, '[]'::json) as outputs,
    coalesce(f.tables, '[]'::json) as tables,
    coalesce(f.checks, '[]'::json) as checks,
    coalesce(f.details, '{}'::json) as details,
    s.pid as pid,
    s.host as host,
    s.sendwh_version as sendwh_version
  from started as s
  left join finished as f
    on f.run_id = s.run_id
  where not (f.run_id is null and s.pid = $exclude_pid and s.host = $exclude_host)
)
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
  started_at as started_at,
  finished_at as finished_at,
  duration_ms as duration_ms,
  log_position_before as log_position_before,
  log_position_after as log_position_after,
  warehouse_position_before as warehouse_position_before,
  warehouse_position_after as warehouse_position_after,
  cast(inputs_count as bigint) as files_in,
  cast(list_sum(list_transform(table_list, t -> t.rows_in)) as bigint) as rows_in,
  cast(list_sum(list_transform(table_list, t -> t.rows_out)) as bigint) as rows_out,
  cast(list_sum(list_transform(table_list, t -> t.rows_quarantined)) as bigint) as rows_quarantined,
  cast(len(list_filter(check_list, c -> c.status = 'fail')) as bigint) as checks_failed,
  inputs as inputs,
  outputs as outputs,
  tables as tables,
  checks as checks,
  details as details,
  pid as pid,
  host as host,
  sendwh_version as sendwh_version
from joined;
