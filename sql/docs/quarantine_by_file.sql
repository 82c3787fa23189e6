-- Rejected rows per file version and rule (the dictionary's data-quality
-- history of the extracts): how many rows of each file broke each rule.
select
  source as source,
  file as file,
  sha256 as sha256,
  rule as rule,
  count(*) as rows_rejected,
  min(line) as first_line
from quarantine
group by source, file, sha256, rule
order by source, file, rule;
