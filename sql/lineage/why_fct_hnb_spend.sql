-- why fct_hnb_spend: one row per posting to a spend-kind (or unmapped) cost
-- centre, with its amount and the cost-centre mapping that gave its line (the
-- rules of marts/fct_hnb_spend.sql).

create or replace temp table _why_contributions as
with cost_centres as (
  select
    record_key as record_key,
    cost_centre as cost_centre,
    line as line,
    kind as kind
  from stg_cost_centres__cost_centres
  where cost_centre is not null
  qualify row_number() over (partition by cost_centre order by last_seq desc) = 1
),
postings as (
  select
    p.record_key as record_key,
    p.transaction_id as transaction_id,
    p.financial_year as financial_year,
    p.period as period,
    p.ledger_type as ledger_type,
    p.posting_date as posting_date,
    p.cost_centre as cost_centre,
    p.amount as amount,
    c.record_key as cost_centre_key,
    c.kind as kind,
    case when c.cost_centre is null then 'Unmapped' else c.line end as line
  from stg_finance__postings as p
  left join cost_centres as c
    on c.cost_centre = p.cost_centre
  where p.financial_year is not null
)
select
  financial_year as financial_year,
  period as period,
  line as line,
  ledger_type as ledger_type,
  'posting ' || transaction_id as unit,
  cast(amount as decimal(18,2)) as amount,
  list_concat(
    [{'source': 'finance', 'record_key': record_key, 'role': 'posting', 'sha256': cast(null as varchar)}],
    case
      when cost_centre_key is null then []
      else [{'source': 'cost-centres', 'record_key': cost_centre_key, 'role': 'cost centre mapping (line and kind)', 'sha256': cast(null as varchar)}]
    end
  ) as records,
  json_object(
    'transaction_id', transaction_id,
    'posting_date', posting_date,
    'cost_centre', cost_centre,
    'kind', coalesce(kind, 'unmapped')
  ) as basis
from postings
where kind = 'spend'
  or kind is null;
