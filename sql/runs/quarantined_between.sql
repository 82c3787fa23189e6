-- Rows quarantined by the events a build read (log positions $from_seq, $to_seq], per source.
select
  source as source,
  count(*) as quarantined
from stg_log__quarantined_rows
where last_seq > $from_seq
  and last_seq <= $to_seq
group by source;
