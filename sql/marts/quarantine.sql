-- quarantine: one row per rejected extract row, with the file and line that
-- lead a data steward back to it, the rule codes and plain-English reasons
-- (joined when several rules broke) and the row's minimised fields as JSON
-- text. Only the rows whose record changed are recomputed.

delete from quarantine as q
using _delta_stg_log__quarantined_rows as d
where d.source = q.source and d.sha256 = q.sha256 and d.line = q.line;

insert into quarantine by name
with rows as (
  select
    s.*,
    coalesce(
      from_json(s.rules, '[{"rule":"VARCHAR","message":"VARCHAR","column":"VARCHAR"}]'),
      []
    ) as rule_list
  from stg_log__quarantined_rows as s
  semi join _delta_stg_log__quarantined_rows as d
    on d.source = s.source and d.sha256 = s.sha256 and d.line = s.line
)
select
  source as source,
  file as file,
  sha256 as sha256,
  line as line,
  array_to_string(list_transform(rule_list, r -> r.rule), ', ') as rule,
  array_to_string(list_transform(rule_list, r -> r.message), '; ') as reason,
  cast(raw as varchar) as raw
from rows;
