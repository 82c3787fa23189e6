-- fct_dsg_position: the DSG position of every financial year (CONTRACT §2):
-- actuals summed by cost-centre kind (income negative, as in the ledger;
-- postings to unmapped cost centres are left out and shown apart in
-- unmapped_actuals). in_year_position = hnb_spend + hnb_grant +
-- schools_block_transfer + other_variances; accumulated_position = the
-- previous year's accumulated_position + in_year_position + dfe_contribution +
-- council_contribution, 0 before the first year with actuals in the log.
-- Years run without gaps from the first to the last year with actuals.
-- Rewritten whole: one row per year, and each year depends on all before it.

delete from fct_dsg_position;

insert into fct_dsg_position by name
with cost_centres as (
  select
    cost_centre as cost_centre,
    kind as kind
  from stg_cost_centres__cost_centres
  where cost_centre is not null
  qualify row_number() over (partition by cost_centre order by last_seq desc) = 1
),
actuals as (
  select
    p.financial_year as financial_year,
    cast(left(p.financial_year, 4) as integer) as start_year,
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
by_kind as (
  select
    start_year as start_year,
    coalesce(sum(amount) filter (where kind = 'spend'), 0) as hnb_spend,
    coalesce(sum(amount) filter (where kind = 'grant'), 0) as hnb_grant,
    coalesce(sum(amount) filter (where kind = 'transfer'), 0) as schools_block_transfer,
    coalesce(sum(amount) filter (where kind = 'other_variance'), 0) as other_variances,
    coalesce(sum(amount) filter (where kind = 'dfe_contribution'), 0) as dfe_contribution,
    coalesce(sum(amount) filter (where kind = 'council_contribution'), 0) as council_contribution,
    coalesce(sum(amount) filter (where unmapped), 0) as unmapped_actuals
  from actuals
  group by start_year
),
yearly as (
  select
    y.start_year as start_year,
    y.financial_year as financial_year,
    coalesce(k.hnb_spend, 0) as hnb_spend,
    coalesce(k.hnb_grant, 0) as hnb_grant,
    coalesce(k.schools_block_transfer, 0) as schools_block_transfer,
    coalesce(k.other_variances, 0) as other_variances,
    coalesce(k.dfe_contribution, 0) as dfe_contribution,
    coalesce(k.council_contribution, 0) as council_contribution,
    coalesce(k.unmapped_actuals, 0) as unmapped_actuals
  from years as y
  left join by_kind as k
    on k.start_year = y.start_year
),
positions as (
  select
    *,
    hnb_spend + hnb_grant + schools_block_transfer + other_variances as in_year_position
  from yearly
)
select
  financial_year as financial_year,
  cast(hnb_spend as decimal(18,2)) as hnb_spend,
  cast(hnb_grant as decimal(18,2)) as hnb_grant,
  cast(schools_block_transfer as decimal(18,2)) as schools_block_transfer,
  cast(other_variances as decimal(18,2)) as other_variances,
  cast(in_year_position as decimal(18,2)) as in_year_position,
  cast(dfe_contribution as decimal(18,2)) as dfe_contribution,
  cast(council_contribution as decimal(18,2)) as council_contribution,
  cast(sum(in_year_position + dfe_contribution + council_contribution) over (
    order by start_year rows between unbounded preceding and current row
  ) as decimal(18,2)) as accumulated_position,
  cast(unmapped_actuals as decimal(18,2)) as unmapped_actuals
from positions;
