-- The warehouse's own number for a cell: the rows of $table whose columns
-- equal the values of $filters (a JSON object of column: value; compared as
-- text, a NULL value matching NULL), how many there are (fact_rows), and each
-- measure of $measures summed over them.
with matching as (
  select
    *,
    cast(1 as bigint) as fact_rows
  from query_table($table) as t
  where json_extract_string(to_json(t), list_transform(json_keys(cast($filters as json)), k -> '$."' || k || '"'))
    is not distinct from json_extract_string(cast($filters as json), list_transform(json_keys(cast($filters as json)), k -> '$."' || k || '"'))
)
select sum(columns(c -> list_contains($measures, c)))
from matching;
