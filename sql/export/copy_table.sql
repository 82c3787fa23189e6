-- Writes one warehouse table to a Parquet file, rows in a fixed order so the
-- same table always gives the same file.
copy (
  select *
  from query_table($table)
  order by all
) to $path (format parquet, compression zstd);
