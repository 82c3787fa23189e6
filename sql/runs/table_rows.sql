-- Rows of one table of the warehouse (for a build's run record).
select count(*) as table_rows
from query_table($table);
