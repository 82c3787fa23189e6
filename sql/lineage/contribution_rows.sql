-- The cell's contributions, one row per unit counted (after filter_contributions.sql),
-- in a fixed order: by the table's columns, then the unit (each why_<table>.sql
-- puts its unit right after the columns).
select *
from _why_filtered
order by all;
