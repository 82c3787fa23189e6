-- The contributions (from a why_<table>.sql, run just before) that fall in
-- the cell asked for ($filters, a JSON object of column: value): every filter
-- column equal to its value, compared as text as the warehouse shows it (a
-- NULL value matches NULL).

create or replace temp table _why_filtered as
select *
from _why_contributions as c
where json_extract_string(to_json(c), list_transform(json_keys(cast($filters as json)), k -> '$."' || k || '"'))
  is not distinct from json_extract_string(cast($filters as json), list_transform(json_keys(cast($filters as json)), k -> '$."' || k || '"'));
