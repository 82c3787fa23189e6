-- why quarantine: each row is one rejected row of one version of a file; its
-- RowQuarantined event is keyed <file>:<line> in that file's source.

create or replace temp table _why_contributions as
select
  q.*,
  cast(1 as bigint) as fact_rows,
  q.source || ' ' || q.file || ' line ' || cast(q.line as varchar) as unit,
  [{'source': q.source, 'record_key': q.file || ':' || cast(q.line as varchar), 'role': 'rejected row', 'sha256': q.sha256}] as records,
  json_object('rule', q.rule) as basis
from quarantine as q;
