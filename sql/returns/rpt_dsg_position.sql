-- rpt_dsg_position: the DSG position by financial year, actual against the
-- agreed Safety Valve plan, as at a quarter end. One row per year and measure.
-- Years before the quarter's financial year (and that year itself at Q4) are
-- outturn, straight from fct_dsg_position. The quarter's own year at Q1-Q3 is
-- year to date: the same definitions (CONTRACT §2) over postings up to the
-- quarter's last ledger period. Plan years come from fct_safety_valve_plan:
-- hnb_spend is the spend lines plus Savings, in_year_position adds the grant,
-- the Schools Block transfer and other variances; accumulated_position is the
-- plan's own Accumulated Position item. forecast (hnb_spend of the year in
-- progress only) is the Forecast ledger for the whole year. variance = actual
-- - plan for outturn years; forecast_variance = forecast - plan.
-- Params: $financial_year (YYYY-YY), $last_period (3, 6, 9 or 16).
with cost_centres as (
  select
    cost_centre as cost_centre,
    kind as kind
  from stg_cost_centres__cost_centres
  where cost_centre is not null
  qualify row_number() over (partition by cost_centre order by last_seq desc) = 1
),
outturn_years as (
  select
    d.financial_year as financial_year,
    'outturn' as basis,
    d.hnb_spend as hnb_spend,
    d.hnb_grant as hnb_grant,
    d.schools_block_transfer as schools_block_transfer,
    d.other_variances as other_variances,
    d.in_year_position as in_year_position,
    d.dfe_contribution as dfe_contribution,
    d.council_contribution as council_contribution,
    d.accumulated_position as accumulated_position
  from fct_dsg_position as d
  where d.financial_year < $financial_year
    or (d.financial_year = $financial_year and cast($last_period as integer) >= 13)
),
ytd_postings as (
  select
    c.kind as kind,
    p.amount as amount
  from stg_finance__postings as p
  inner join cost_centres as c
    on c.cost_centre = p.cost_centre
  where p.ledger_type = 'Actual'
    and p.financial_year = $financial_year
    and p.period <= cast($last_period as integer)
    and cast($last_period as integer) < 13
),
ytd_kinds as (
  select
    coalesce(sum(amount) filter (where kind = 'spend'), 0) as hnb_spend,
    coalesce(sum(amount) filter (where kind = 'grant'), 0) as hnb_grant,
    coalesce(sum(amount) filter (where kind = 'transfer'), 0) as schools_block_transfer,
    coalesce(sum(amount) filter (where kind = 'other_variance'), 0) as other_variances,
    coalesce(sum(amount) filter (where kind = 'dfe_contribution'), 0) as dfe_contribution,
    coalesce(sum(amount) filter (where kind = 'council_contribution'), 0) as council_contribution,
    count(*) as postings
  from ytd_postings
),
previous_accumulated as (
  select coalesce(max(accumulated_position) filter (where financial_year = (select max(financial_year) from outturn_years)), 0) as accumulated_position
  from outturn_years
),
ytd_year as (
  select
    $financial_year as financial_year,
    'year to date (periods 1-' || cast($last_period as varchar) || ')' as basis,
    k.hnb_spend as hnb_spend,
    k.hnb_grant as hnb_grant,
    k.schools_block_transfer as schools_block_transfer,
    k.other_variances as other_variances,
    k.hnb_spend + k.hnb_grant + k.schools_block_transfer + k.other_variances as in_year_position,
    k.dfe_contribution as dfe_contribution,
    k.council_contribution as council_contribution,
    p.accumulated_position + k.hnb_spend + k.hnb_grant + k.schools_block_transfer + k.other_variances
      + k.dfe_contribution + k.council_contribution as accumulated_position
  from ytd_kinds as k
  cross join previous_accumulated as p
  where k.postings > 0
),
actual_years as (
  select * from outturn_years
  union all
  select * from ytd_year
),
actual_long as (
  unpivot actual_years
  on hnb_spend, hnb_grant, schools_block_transfer, other_variances, in_year_position,
    dfe_contribution, council_contribution, accumulated_position
  into name measure value actual
),
plan_items as (
  select
    financial_year as financial_year,
    item as item,
    amount as amount
  from fct_safety_valve_plan
),
plan_years as (
  select
    financial_year as financial_year,
    sum(amount) filter (where item not in ('High Needs Grant', 'Transfer from Schools Block', 'Other Variances',
      'DfE Contribution', 'Council Contribution', 'Accumulated Position')) as hnb_spend,
    sum(amount) filter (where item = 'High Needs Grant') as hnb_grant,
    sum(amount) filter (where item = 'Transfer from Schools Block') as schools_block_transfer,
    sum(amount) filter (where item = 'Other Variances') as other_variances,
    sum(amount) filter (where item = 'DfE Contribution') as dfe_contribution,
    sum(amount) filter (where item = 'Council Contribution') as council_contribution,
    sum(amount) filter (where item = 'Accumulated Position') as accumulated_position
  from plan_items
  group by financial_year
),
plan_with_position as (
  select
    *,
    coalesce(hnb_spend, 0) + coalesce(hnb_grant, 0) + coalesce(schools_block_transfer, 0)
      + coalesce(other_variances, 0) as in_year_position
  from plan_years
),
plan_long as (
  unpivot plan_with_position
  on hnb_spend, hnb_grant, schools_block_transfer, other_variances, in_year_position,
    dfe_contribution, council_contribution, accumulated_position
  into name measure value plan
),
forecast as (
  select
    sum(amount) as forecast
  from fct_hnb_spend
  where financial_year = $financial_year
    and ledger_type = 'Forecast'
    and cast($last_period as integer) < 13
  having count(*) > 0
),
measures as (
  select *
  from (
    values
      (1, 'hnb_spend', 'High Needs Block spend'),
      (2, 'hnb_grant', 'High Needs Grant (income)'),
      (3, 'schools_block_transfer', 'Transfer from the Schools Block'),
      (4, 'other_variances', 'Other variances'),
      (5, 'in_year_position', 'In-year position (deficit +)'),
      (6, 'dfe_contribution', 'DfE Safety Valve contribution'),
      (7, 'council_contribution', 'Council contribution'),
      (8, 'accumulated_position', 'Accumulated position (deficit +)')
  ) as v(sort_order, measure, label)
),
years as (
  select financial_year as financial_year from actual_years
  union
  select financial_year as financial_year from plan_years
),
grid as (
  select
    y.financial_year as financial_year,
    m.sort_order as sort_order,
    m.measure as measure,
    m.label as label
  from years as y
  cross join measures as m
),
joined as (
  select
    g.financial_year as financial_year,
    coalesce(a_year.basis, 'plan') as basis,
    g.sort_order as sort_order,
    g.measure as measure,
    g.label as label,
    a.actual as actual,
    case when g.measure = 'hnb_spend' and a_year.basis like 'year to date%' then f.forecast end as forecast,
    p.plan as plan
  from grid as g
  left join actual_years as a_year
    on a_year.financial_year = g.financial_year
  left join actual_long as a
    on a.financial_year = g.financial_year
    and a.measure = g.measure
  left join plan_long as p
    on p.financial_year = g.financial_year
    and p.measure = g.measure
  left join forecast as f
    on true
)
select
  financial_year as financial_year,
  basis as basis,
  measure as measure,
  label as label,
  cast(actual as decimal(18,2)) as actual,
  cast(forecast as decimal(18,2)) as forecast,
  cast(plan as decimal(18,2)) as plan,
  cast(case when basis = 'outturn' then actual - plan end as decimal(18,2)) as variance,
  cast(forecast - plan as decimal(18,2)) as forecast_variance
from joined
order by financial_year, sort_order;
