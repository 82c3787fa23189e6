-- The current data-quality results: the rows at the greatest log position.
select
  log_position as log_position,
  check_name as check_name,
  severity as severity,
  status as status,
  finding_count as finding_count,
  detail as detail
from dq_check_results
where log_position = (select max(log_position) from dq_check_results)
order by check_name;
