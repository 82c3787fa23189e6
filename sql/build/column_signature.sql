-- A table's columns as one text (name and type in order), so schema drift shows in a comparison.
select string_agg(column_name || ' ' || data_type, ', ' order by column_index) as signature
from duckdb_columns()
where database_name = current_database()
  and schema_name = 'main'
  and table_name = $table_name;
