-- Every warehouse table and column with its COMMENT ON description.
select
  t.table_name as table_name,
  t.comment as table_comment,
  c.column_name as column_name,
  c.data_type as data_type,
  c.comment as column_comment
from duckdb_tables() as t
inner join duckdb_columns() as c
  on c.database_name = t.database_name
  and c.schema_name = t.schema_name
  and c.table_name = t.table_name
where t.database_name = current_database()
  and t.schema_name = 'main'
  and not t.temporary
order by t.table_name, c.column_index;
