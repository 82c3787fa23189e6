-- fct_ehcp_caseload as Parquet, one folder per snapshot date (hive style:
-- snapshot_date=2025-01-16/), rows in a fixed order.
copy (
  select *
  from fct_ehcp_caseload
  order by all
) to $path (format parquet, compression zstd, partition_by (snapshot_date));
