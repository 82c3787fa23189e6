-- why fct_dsg_position: one row per actual posting and financial year it
-- reaches, with what it adds to each column (the rules of
-- marts/fct_dsg_position.sql): in its own year, its amount goes to the column
-- of its cost centre's kind (and in_year_position for spend, grant, transfer
-- and other_variance; unmapped_actuals when unmapped); in its own and every
-- later year, to accumulated_position (mapped postings only).

create or replace temp table _why_contributions as
with cost_centres as (
  select
    record_key as record_key,
    cost_centre as cost_centre,
    kind as kind
  from stg_cost_centres__cost_centres
  where cost_centre is not null
  qualify row_number() over (partition by cost_centre order by last_seq desc) = 1
),
actuals as (
  select
    p.record_key as record_key,
    p.transaction_id as transaction_id,
    p.financial_year as financial_year,
    cast(left(p.financial_year, 4) as integer) as start_year,
    p.period as period,
    p.cost_centre as cost_centre,
    c.record_key as cost_centre_key,
    c.kind as kind,
    c.cost_centre is null as unmapped,
    p.amount as amount
  from stg_finance__postings as p
  left join cost_centres as c
    on c.cost_centre = p.cost_centre
  where p.ledger_type = 'Actual'
    and regexp_full_match(p.financial_year, '[0-9]{4}-[0-9]{2}')
),
bounds as (
  select
    min(start_year) as first_year,
    max(start_year) as last_year
  from actuals
),
years as (
  select
    cast(start_year as integer) as start_year,
    cast(start_year as varchar) || '-' || lpad(cast((start_year + 1) % 100 as varchar), 2, '0') as financial_year
  from bounds,
    range(bounds.first_year, bounds.last_year + 1) as r(start_year)
  where bounds.first_year is not null
),
reached as (
  select
    y.financial_year as financial_year,
    a.start_year = y.start_year as own_year,
    a.record_key as record_key,
    a.transaction_id as transaction_id,
    a.financial_year as posting_year,
    a.period as period,
    a.cost_centre as cost_centre,
    a.cost_centre_key as cost_centre_key,
    a.kind as kind,
    a.unmapped as unmapped,
    a.amount as amount
  from years as y
  inner join actuals as a
    on a.start_year <= y.start_year
)
select
  financial_year as financial_year,
  'posting ' || transaction_id as unit,
  cast(case when own_year and kind = 'spend' then amount else 0 end as decimal(18,2)) as hnb_spend,
  cast(case when own_year and kind = 'grant' then amount else 0 end as decimal(18,2)) as hnb_grant,
  cast(case when own_year and kind = 'transfer' then amount else 0 end as decimal(18,2)) as schools_block_transfer,
  cast(case when own_year and kind = 'other_variance' then amount else 0 end as decimal(18,2)) as other_variances,
  cast(case when own_year and kind in ('spend', 'grant', 'transfer', 'other_variance') then amount else 0 end as decimal(18,2)) as in_year_position,
  cast(case when own_year and kind = 'dfe_contribution' then amount else 0 end as decimal(18,2)) as dfe_contribution,
  cast(case when own_year and kind = 'council_contribution' then amount else 0 end as decimal(18,2)) as council_contribution,
  cast(
    case when kind in ('spend', 'grant', 'transfer', 'other_variance', 'dfe_contribution', 'council_contribution') then amount else 0 end
    as decimal(18,2)
  ) as accumulated_position,
  cast(case when own_year and unmapped then amount else 0 end as decimal(18,2)) as unmapped_actuals,
  list_concat(
    [{'source': 'finance', 'record_key': record_key, 'role': 'actual posting', 'sha256': cast(null as varchar)}],
    case
      when cost_centre_key is null then []
      else [{'source': 'cost-centres', 'record_key': cost_centre_key, 'role': 'cost centre mapping (kind)', 'sha256': cast(null as varchar)}]
    end
  ) as records,
  json_object(
    'transaction_id', transaction_id,
    'posting_year', posting_year,
    'period', period,
    'cost_centre', cost_centre,
    'kind', coalesce(kind, 'unmapped')
  ) as basis
from reached;
