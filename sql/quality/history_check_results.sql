-- The earlier check results of a warehouse file, carried into a full build's new file.
select
  log_position as log_position,
  check_name as check_name,
  severity as severity,
  status as status,
  finding_count as finding_count,
  detail as detail
from dq_check_results
where log_position < $before
order by log_position, check_name;
