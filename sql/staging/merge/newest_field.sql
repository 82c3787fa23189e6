-- The 'newest-field' fold of {{model}}: each field of a record holds the value
-- of the newest event (highest seq) that carries it, a null clearing it.
-- _staged holds one row per event of this build: its key ({{key}}), last_seq
-- (its seq) and, per field, the carried list (staging/merge/macros.sql). The
-- record as earlier builds left it joins in as the oldest event, carrying
-- every field (every event read now is newer than the ones it came from).

create or replace temp table _merged as
with carried as (
  select *
  from _staged
  union all by name
  select {{key}}, last_seq, list_value(columns(* exclude ({{key}}, last_seq)))
  from {{model}}
  semi join _staged using ({{key}})
)
select
  {{key}},
  max(last_seq) as last_seq,
  arg_max(columns(* exclude ({{key}}, last_seq)), last_seq)[1]
from carried
group by {{key}};

create or replace temp table _touched as
select {{key}}
from _merged;
