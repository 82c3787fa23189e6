-- Rows in one Parquet file (from its footer).
select coalesce(sum(num_rows), 0) as rows
from parquet_file_metadata($path);
