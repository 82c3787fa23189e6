-- The data-quality checks' results at every log position a build published,
-- oldest first (the dictionary's data-quality history).
select
  log_position as log_position,
  check_name as check_name,
  severity as severity,
  status as status,
  finding_count as finding_count,
  detail as detail
from dq_check_results
order by log_position, check_name;
