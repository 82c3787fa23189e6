-- fct_census_sen as Parquet, one folder per census day (census_date=2025-01-16/),
-- rows in a fixed order.
copy (
  select *
  from fct_census_sen
  order by all
) to $path (format parquet, compression zstd, partition_by (census_date));
