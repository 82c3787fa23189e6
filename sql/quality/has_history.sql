-- How many of the quality tables a warehouse file holds (older files have none).
select count(*) as tables
from duckdb_tables()
where database_name = current_database()
  and schema_name = 'main'
  and table_name in ('dq_check_results', 'dq_findings');
