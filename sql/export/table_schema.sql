-- The columns of a warehouse table as DuckDB types them, in order.
select
  column_name as column_name,
  data_type as data_type
from duckdb_columns()
where database_name = current_database()
  and schema_name = 'main'
  and table_name = $table
order by column_index;
