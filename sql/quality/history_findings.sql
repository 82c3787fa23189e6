-- The earlier findings of a warehouse file, carried into a full build's new file.
select
  log_position as log_position,
  check_name as check_name,
  subject as subject,
  expected as expected,
  actual as actual,
  difference as difference,
  detail as detail
from dq_findings
where log_position < $before
order by log_position, check_name, subject;
