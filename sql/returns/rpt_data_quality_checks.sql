-- rpt_data_quality_checks: what the data-quality checks said at the return's
-- log position: the dq_check_results rows at the greatest log_position not
-- after it (the checks run at every build, so that is the build the return
-- was made from).
-- Params: $log_position.
with checked_at as (
  select max(log_position) as log_position
  from dq_check_results
  where log_position <= cast($log_position as bigint)
)
select
  r.check_name as check_name,
  r.severity as severity,
  r.status as status,
  cast(r.finding_count as bigint) as finding_count,
  r.detail as detail
from dq_check_results as r
inner join checked_at as c
  on c.log_position = r.log_position
order by r.check_name;
