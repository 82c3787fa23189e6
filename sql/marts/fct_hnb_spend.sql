-- fct_hnb_spend: High Needs Block spend by financial year, period, line and
-- ledger type (CONTRACT §2): the sum of Amount of postings to spend-kind cost
-- centres, line from cost-centres; a posting to a cost centre not in the map
-- shows under the line 'Unmapped'. Only the financial years the changes reach
-- are recomputed: years of touched postings, and years with postings to a
-- cost centre whose mapping changed.

create or replace temp table _dirty_spend_years as
select financial_year as financial_year
from _delta_stg_finance__postings
where financial_year is not null
union
select p.financial_year as financial_year
from stg_finance__postings as p
where p.cost_centre in (select cost_centre from _delta_stg_cost_centres__cost_centres);

delete from fct_hnb_spend
where financial_year in (select financial_year from _dirty_spend_years);

insert into fct_hnb_spend by name
with cost_centres as (
  select
    cost_centre as cost_centre,
    line as line,
    kind as kind
  from stg_cost_centres__cost_centres
  where cost_centre is not null
  qualify row_number() over (partition by cost_centre order by last_seq desc) = 1
),
postings as (
  select
    p.financial_year as financial_year,
    p.period as period,
    p.ledger_type as ledger_type,
    p.amount as amount,
    c.kind as kind,
    case when c.cost_centre is null then 'Unmapped' else c.line end as line
  from stg_finance__postings as p
  left join cost_centres as c
    on c.cost_centre = p.cost_centre
  where p.financial_year in (select financial_year from _dirty_spend_years)
)
select
  financial_year as financial_year,
  period as period,
  line as line,
  ledger_type as ledger_type,
  cast(sum(amount) as decimal(18,2)) as amount
from postings
where kind = 'spend' or kind is null
group by financial_year, period, line, ledger_type;
