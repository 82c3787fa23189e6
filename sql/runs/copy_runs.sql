-- runs: the warehouse's copy of the run records (see runs/read_runs.sql, run
-- just before on the same connection). Rewritten whole by every build; the
-- run records themselves live outside the warehouse, so no rebuild loses them.

delete from runs;

insert into runs by name
select *
from _run_records;
