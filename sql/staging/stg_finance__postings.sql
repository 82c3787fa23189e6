-- stg_finance__postings: every ledger posting, newest version of each TransactionID (the free-text description is not kept).
-- Full-record events, one row each; the newest event of a record key is the
-- record (the 'newest-event' fold, staging/merge/newest_event.sql).

create or replace temp table _staged as
select
  key as record_key,
  data ->> '$.transactionId' as transaction_id,
  data ->> '$.financialYear' as financial_year,
  try_cast(data ->> '$.period' as integer) as period,
  try_cast(data ->> '$.postingDate' as date) as posting_date,
  data ->> '$.costCentre' as cost_centre,
  data ->> '$.subjective' as subjective,
  data ->> '$.ledgerType' as ledger_type,
  try_cast(data ->> '$.amount' as decimal(18,2)) as amount,
  seq as last_seq
from raw_events
where list_contains($event_types, type);
