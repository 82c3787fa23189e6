-- stg_log__quarantined_rows: every rejected extract row, one per row of a file
-- version (source, sha256, line); the newest event for a row wins. The touched
-- rows, before and after, go to _delta_stg_log__quarantined_rows.

create or replace temp table _batch_quarantined as
select
  source as source,
  file as file,
  sha256 as sha256,
  line as line,
  seq as seq,
  data as data
from raw_events
where list_contains($event_types, type)
qualify row_number() over (partition by source, sha256, line order by seq desc) = 1;

create or replace temp table _delta_stg_log__quarantined_rows as
select 'old' as version, s.*
from stg_log__quarantined_rows as s
semi join _batch_quarantined as b
  on b.source = s.source and b.sha256 = s.sha256 and b.line = s.line;

delete from stg_log__quarantined_rows as s
using _batch_quarantined as b
where b.source = s.source and b.sha256 = s.sha256 and b.line = s.line;

insert into stg_log__quarantined_rows by name
select
  source as source,
  file as file,
  sha256 as sha256,
  line as line,
  coalesce(data -> '$.rules', '[]'::json) as rules,
  coalesce(data -> '$.raw', '{}'::json) as raw,
  seq as last_seq
from _batch_quarantined;

insert into _delta_stg_log__quarantined_rows by name
select 'new' as version, s.*
from stg_log__quarantined_rows as s
semi join _batch_quarantined as b
  on b.source = s.source and b.sha256 = s.sha256 and b.line = s.line;
