-- rpt_data_quality_findings: the individual findings of the data-quality
-- checks at the return's log position (dq_findings at the greatest
-- log_position of dq_check_results not after it: a build with no findings
-- leaves no rows there). expected/actual/difference as the checks recorded
-- them.
-- Params: $log_position.
with checked_at as (
  select max(log_position) as log_position
  from dq_check_results
  where log_position <= cast($log_position as bigint)
)
select
  f.check_name as check_name,
  f.subject as subject,
  f.expected as expected,
  f.actual as actual,
  f.difference as difference,
  f.detail as detail
from dq_findings as f
inner join checked_at as c
  on c.log_position = f.log_position
order by f.check_name, f.subject, f.detail, f.expected, f.actual, f.difference;
