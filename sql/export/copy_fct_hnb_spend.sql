-- fct_hnb_spend as Parquet, one folder per financial year
-- (financial_year=2024-25/), rows in a fixed order.
copy (
  select *
  from fct_hnb_spend
  order by all
) to $path (format parquet, compression zstd, partition_by (financial_year));
