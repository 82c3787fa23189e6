-- The base tables of the warehouse (main schema), in name order.
select table_name as table_name
from duckdb_tables()
where database_name = current_database()
  and schema_name = 'main'
  and not temporary
order by table_name;
