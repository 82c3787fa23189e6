-- What the cell's contributions add up to, per measure (after filter_contributions.sql).
select
  count(*) as units,
  sum(columns(c -> list_contains($measures, c)))
from _why_filtered;
