-- stg_finance__postings: every ledger posting, newest version of each TransactionID (the free-text description is not kept).
-- Full-record events: the newest event (highest seq) of each record key wins.
-- The touched records, before and after, go to _delta_stg_finance__postings.

create or replace temp table _batch_postings as
select
  key as record_key,
  seq as seq,
  data as data
from raw_events
where list_contains($event_types, type)
qualify row_number() over (partition by key order by seq desc) = 1;

create or replace temp table _delta_stg_finance__postings as
select 'old' as version, s.*
from stg_finance__postings as s
where s.record_key in (select record_key from _batch_postings);

delete from stg_finance__postings
where record_key in (select record_key from _batch_postings);

insert into stg_finance__postings by name
select
  record_key as record_key,
  data ->> '$.transactionId' as transaction_id,
  data ->> '$.financialYear' as financial_year,
  try_cast(data ->> '$.period' as integer) as period,
  try_cast(data ->> '$.postingDate' as date) as posting_date,
  data ->> '$.costCentre' as cost_centre,
  data ->> '$.subjective' as subjective,
  data ->> '$.ledgerType' as ledger_type,
  try_cast(data ->> '$.amount' as decimal(18,2)) as amount,
  seq as last_seq
from _batch_postings;

insert into _delta_stg_finance__postings by name
select 'new' as version, s.*
from stg_finance__postings as s
where s.record_key in (select record_key from _batch_postings);
