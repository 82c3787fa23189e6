-- A build's results replace any the file already holds at or after its log
-- position (a rebuild to the position the live warehouse had already checked),
-- so each log position has one set of results.
delete from dq_check_results
where log_position >= $log_position;

delete from dq_findings
where log_position >= $log_position;
