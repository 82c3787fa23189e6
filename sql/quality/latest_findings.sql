-- The current data-quality findings: the rows at the greatest log position
-- checked (a build with no findings leaves none there).
select
  log_position as log_position,
  check_name as check_name,
  subject as subject,
  expected as expected,
  actual as actual,
  difference as difference,
  detail as detail
from dq_findings
where log_position = (select max(log_position) from dq_check_results)
order by check_name, subject;
