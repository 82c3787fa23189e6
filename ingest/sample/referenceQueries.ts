// CONTRACT §2's definitions written a second, independent way: DuckDB SQL
// straight over the extract CSVs (read as text, dates parsed in both formats,
// the newest version of every record taken by hand). The sample's tests use it
// to prove the calibration; the benchmarks use it as the "DuckDB straight from
// CSV" baseline. It shares no code with the generator or the warehouse.
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

/** The extract files per source, each list in ingest order. */
export interface ReferenceFiles {
  census: string[];
  cases: string[];
  placements: string[];
  finance: string[];
  schools: string[];
  costCentres: string[];
  areas: string[];
  safetyValvePlan: string[];
}

/** Groups a generateSample manifest (or any source/path list) into ReferenceFiles. */
export function referenceFilesOf(files: ReadonlyArray<{ source: string; path: string }>): ReferenceFiles {
  const of = (source: string): string[] => files.filter((f) => f.source === source).map((f) => f.path);
  return {
    census: of('census'),
    cases: of('cases'),
    placements: of('placements'),
    finance: of('finance'),
    schools: of('schools'),
    costCentres: of('cost-centres'),
    areas: of('areas'),
    safetyValvePlan: of('safety-valve-plan'),
  };
}

const READ = (param: string): string => `read_csv($${param}, all_varchar = true, header = true, union_by_name = true, filename = true)`;

/** Helpers: both date formats of CONTRACT §1, the amount formats of §1.4, the UPN check letter of §1.1. */
export const MACROS_SQL = `
create or replace temp macro ref_date(s) as
  coalesce(try_strptime(trim(s), '%Y-%m-%d'), try_strptime(trim(s), '%d/%m/%Y'))::date;

create or replace temp macro ref_amount(s) as
  (case when trim(s) like '(%)' then -1 else 1 end)
  * cast(replace(replace(replace(replace(trim(s), '(', ''), ')', ''), '£', ''), ',', '') as decimal(18, 2));

create or replace temp macro ref_upn_ok(u) as
  u is not null
  and regexp_full_match(u, '[A-Z][0-9]{11}[0-9A-Z]')
  and (u[13] between '0' and '9' or strpos('ABCDEFGHJKLMNPQRTUVWXYZ', u[13]) > 0)
  and substr('ABCDEFGHJKLMNPQRTUVWXYZ',
        1 + (list_sum(list_transform(range(2, 14), lambda i:
              (case when u[i] between '0' and '9' then ascii(u[i]) - 48
                    else strpos('ABCDEFGHJKLMNPQRTUVWXYZ', u[i]) - 1 end) * i)) % 23)::integer, 1) = u[1];
`;

/** Staging: one table per source holding the newest version of every record. Parameters: the file lists. */
export const STAGING_SQL: ReadonlyArray<{ table: string; files: keyof ReferenceFiles; sql: string }> = [
  {
    table: 'ref_cases',
    files: 'cases',
    sql: `
create or replace temp table ref_cases as
with raw as (select * from ${READ('files')})
select
  ref_date(ExtractDate) as extract_date,
  trim(RequestID) as request_id,
  trim(PersonID) as person_id,
  nullif(trim(UPN), '') as upn,
  ref_date(DOB) as dob,
  trim(AreaTeam) as area_team,
  ref_date(ReceivedDate) as received_date,
  nullif(trim(RequestOutcome), '') as request_outcome,
  ref_date(RequestOutcomeDate) as request_outcome_date,
  nullif(trim(AssessmentOutcome), '') as assessment_outcome,
  ref_date(AssessmentOutcomeDate) as assessment_outcome_date,
  try_cast(Week20Exception as integer) as week20_exception,
  nullif(trim(PrimaryNeed), '') as primary_need,
  ref_date(PlanStartDate) as plan_start_date,
  ref_date(CeaseDate) as cease_date
from raw
qualify row_number() over (partition by trim(RequestID) order by ref_date(ExtractDate) desc, list_position($files, filename) desc) = 1`,
  },
  {
    table: 'ref_placements',
    files: 'placements',
    sql: `
create or replace temp table ref_placements as
with raw as (select * from ${READ('files')})
select
  trim(PlacementID) as placement_id,
  trim(PersonID) as person_id,
  nullif(trim(URN), '') as urn,
  nullif(trim(UKPRN), '') as ukprn,
  nullif(trim(SENSetting), '') as sen_setting,
  ref_date(EntryDate) as entry_date,
  ref_date(LeavingDate) as leaving_date,
  coalesce(try_cast(PlacementRank as integer), 1) as placement_rank,
  coalesce(trim(SENunitIndicator), '') = '1' as sen_unit,
  coalesce(trim(ResourcedProvisionIndicator), '') = '1' as resourced_provision
from raw
qualify row_number() over (partition by trim(PlacementID) order by ref_date(ExtractDate) desc, list_position($files, filename) desc) = 1`,
  },
  {
    table: 'ref_schools',
    files: 'schools',
    sql: `
create or replace temp table ref_schools as
with raw as (select * from ${READ('files')})
select
  trim("URN") as urn,
  trim("LA (code)") as la_code,
  nullif(trim("UKPRN"), '') as ukprn,
  trim("EstablishmentStatus (name)") as status,
  trim("TypeOfEstablishment (name)") as establishment_type,
  case trim("TypeOfEstablishment (name)")
    when 'Community school' then 'mainstream_la_maintained'
    when 'Voluntary aided school' then 'mainstream_la_maintained'
    when 'Voluntary controlled school' then 'mainstream_la_maintained'
    when 'Foundation school' then 'mainstream_la_maintained'
    when 'LA nursery school' then 'mainstream_la_maintained'
    when 'Academy converter' then 'mainstream_academy'
    when 'Academy sponsor led' then 'mainstream_academy'
    when 'City technology college' then 'mainstream_academy'
    when 'University technical college' then 'mainstream_academy'
    when 'Studio schools' then 'mainstream_academy'
    when 'Academy 16-19 converter' then 'mainstream_academy'
    when 'Academy 16 to 19 sponsor led' then 'mainstream_academy'
    when 'Free schools' then 'mainstream_free_school'
    when 'Free schools 16 to 19' then 'mainstream_free_school'
    when 'Other independent school' then 'mainstream_independent'
    when 'Community special school' then 'special_la_maintained'
    when 'Foundation special school' then 'special_la_maintained'
    when 'Academy special converter' then 'special_academy_free'
    when 'Academy special sponsor led' then 'special_academy_free'
    when 'Free schools special' then 'special_academy_free'
    when 'Other independent special school' then 'special_independent'
    when 'Non-maintained special school' then 'special_non_maintained'
    when 'Pupil referral unit' then 'ap_pru_la_maintained'
    when 'Academy alternative provision converter' then 'ap_pru_academy'
    when 'Academy alternative provision sponsor led' then 'ap_pru_academy'
    when 'Free schools alternative provision' then 'ap_pru_free_school'
    when 'Further education' then 'general_fe_tertiary_colleges'
    when 'Sixth form centres' then 'general_fe_tertiary_colleges'
    when 'Special post 16 institution' then 'specialist_post_16_institutions'
    when 'Welsh establishment' then 'w_settings'
    else 'other_schools'
  end as setting_type
from raw
qualify row_number() over (partition by trim("URN") order by list_position($files, filename) desc) = 1`,
  },
  {
    table: 'ref_census',
    files: 'census',
    sql: `
create or replace temp table ref_census as
with raw as (select * from ${READ('files')})
select
  ref_date(CensusDate) as census_date,
  trim(UPN) as upn,
  trim(LAEstab) as laestab,
  nullif(trim(URN), '') as urn,
  ref_date(DOB) as dob,
  trim(NCyearActual) as nc_year,
  trim(SENprovision) as sen_provision,
  nullif(trim(SENtype1), '') as sen_type1
from raw
qualify row_number() over (partition by ref_date(CensusDate), trim(UPN), trim(LAEstab) order by list_position($files, filename) desc) = 1`,
  },
  {
    table: 'ref_finance',
    files: 'finance',
    sql: `
create or replace temp table ref_finance as
with raw as (select * from ${READ('files')})
select
  trim(TransactionID) as transaction_id,
  trim(FinancialYear) as financial_year,
  try_cast(Period as integer) as period,
  trim(CostCentre) as cost_centre,
  trim(LedgerType) as ledger_type,
  ref_amount(Amount) as amount
from raw
qualify row_number() over (partition by trim(TransactionID) order by list_position($files, filename) desc) = 1`,
  },
  {
    table: 'ref_cost_centres',
    files: 'costCentres',
    sql: `
create or replace temp table ref_cost_centres as
with raw as (select * from ${READ('files')})
select trim(CostCentre) as cost_centre, trim(Line) as line, trim(Kind) as kind
from raw
qualify row_number() over (partition by trim(CostCentre) order by list_position($files, filename) desc) = 1`,
  },
  {
    table: 'ref_areas',
    files: 'areas',
    sql: `
create or replace temp table ref_areas as
select trim(District) as district, trim(AreaTeam) as area_team from ${READ('files')}`,
  },
  {
    table: 'ref_safety_valve_plan',
    files: 'safetyValvePlan',
    sql: `
create or replace temp table ref_safety_valve_plan as
with raw as (select * from ${READ('files')})
select trim(FinancialYear) as financial_year, trim(Item) as item, ref_amount(Amount) as amount
from raw
qualify row_number() over (partition by trim(FinancialYear), trim(Item) order by list_position($files, filename) desc) = 1`,
  },
];

/** Spring census days (third Thursday of January) from the first plan's year to the last extract. */
const CENSUS_DAYS_SQL = `
create or replace temp table ref_census_days as
with years as (
  select y from range(
    (select year(min(plan_start_date)) from ref_cases)::bigint,
    (select year(max(extract_date)) from ref_cases)::bigint + 1) as t(y)
), jan as (select make_date(y::integer, 1, 1) as d from years)
select (d + ((4 - dayofweek(d) + 7) % 7)::integer + 14) as census_day
from jan
where (d + ((4 - dayofweek(d) + 7) % 7)::integer + 14) <= (select max(extract_date) from ref_cases)`;

/** Loads the staging tables (and the census-day calendar) from the files. */
export async function loadReferenceTables(connection: DuckDBConnection, files: ReferenceFiles): Promise<void> {
  await connection.run(MACROS_SQL);
  for (const s of STAGING_SQL) {
    const list = files[s.files];
    if (list.length === 0) continue;
    await connection.run(s.sql, { files: listValue(list) });
  }
  if (files.cases.length > 0) await connection.run(CENSUS_DAYS_SQL);
}

/** The figures, each one SQL query over the staging tables. */
export const REFERENCE_QUERIES = {
  /** Requests received by month (YYYY-MM) and area team. */
  requestsByAreaMonth: `
select strftime(received_date, '%Y-%m') as month, area_team, count(*) as requests_received
from ref_cases
group by all
order by month, area_team`,

  /** Requests by calendar year received: received, decided not to assess, decisions within 6 weeks. */
  requestsByYear: `
select
  year(received_date) as year,
  count(*) as requests_received,
  count(*) filter (where request_outcome = 'Y') as decided_to_assess,
  count(*) filter (where request_outcome = 'N') as decided_not_to_assess,
  count(*) filter (where request_outcome in ('Y', 'N') and request_outcome_date - received_date <= 42) as decisions_within_6_weeks
from ref_cases
group by all
order by year`,

  /** Requests by financial year (April to March) received. */
  requestsByFinancialYear: `
select
  case when month(received_date) >= 4
    then year(received_date)::varchar || '-' || lpad(((year(received_date) + 1) % 100)::varchar, 2, '0')
    else (year(received_date) - 1)::varchar || '-' || lpad((year(received_date) % 100)::varchar, 2, '0')
  end as financial_year,
  count(*) as requests_received
from ref_cases
group by all
order by financial_year`,

  /** Plans issued and within 20 weeks by calendar year, with and without exceptions (and over a year). */
  timelinessByYear: `
select
  year(assessment_outcome_date) as year,
  count(*) as plans_issued,
  count(*) filter (where assessment_outcome_date - received_date <= 140) as issued_within_20_weeks,
  count(*) filter (where assessment_outcome_date - received_date > 365) as issued_over_1_year,
  count(*) filter (where coalesce(week20_exception, 0) <> 1) as plans_issued_ex,
  count(*) filter (where coalesce(week20_exception, 0) <> 1 and assessment_outcome_date - received_date <= 140) as issued_within_20_weeks_ex
from ref_cases
where assessment_outcome = 'Y'
group by all
order by year`,

  /** The same by month (YYYY-MM) of issue. */
  timelinessByMonth: `
select
  strftime(assessment_outcome_date, '%Y-%m') as month,
  count(*) as plans_issued,
  count(*) filter (where assessment_outcome_date - received_date <= 140) as issued_within_20_weeks,
  count(*) filter (where coalesce(week20_exception, 0) <> 1) as plans_issued_ex,
  count(*) filter (where coalesce(week20_exception, 0) <> 1 and assessment_outcome_date - received_date <= 140) as issued_within_20_weeks_ex
from ref_cases
where assessment_outcome = 'Y'
group by all
order by month`,

  /** Active plans on each spring census day by setting type and group (one per person; main placement active that day). */
  caseloadBySetting: `
with active as (
  select d.census_day, c.person_id,
    row_number() over (partition by d.census_day, c.person_id order by c.plan_start_date desc, c.request_id desc) as rn
  from ref_census_days d
  join ref_cases c on c.plan_start_date <= d.census_day and (c.cease_date is null or c.cease_date > d.census_day)
), people as (
  select census_day, person_id from active where rn = 1
), placed as (
  select d.census_day, p.*,
    row_number() over (partition by d.census_day, p.person_id order by p.entry_date desc, p.placement_id desc) as rn
  from ref_census_days d
  join ref_placements p on p.placement_rank = 1 and p.entry_date <= d.census_day and (p.leaving_date is null or p.leaving_date > d.census_day)
), typed as (
  select a.census_day, a.person_id, pl.sen_unit, pl.resourced_provision,
    case
      when pl.person_id is null then 'placement_unknown'
      when pl.urn is not null then coalesce(su.setting_type, 'other_schools')
      when pl.ukprn is not null then coalesce(sk.setting_type, 'ukrlp_provider')
      else case pl.sen_setting
        when 'EHE' then 'elective_home_education'
        when 'OLA' then 'other_arrangements_la'
        when 'OPA' then 'other_arrangements_parents'
        when 'EYP' then 'nm_early_years'
        when 'OTH' then 'other_placement_settings'
        when 'NEET' then 'neet'
        when 'NIEC' then 'neet_ntci'
        when 'NIEO' then 'neet_other'
        else 'placement_unknown' end
    end as base_type
  from people a
  left join placed pl on pl.census_day = a.census_day and pl.person_id = a.person_id and pl.rn = 1
  left join ref_schools su on su.urn = pl.urn
  left join (select ukprn, any_value(setting_type) as setting_type from ref_schools where ukprn is not null group by ukprn) sk on sk.ukprn = pl.ukprn
), final as (
  select census_day,
    case
      when base_type in ('mainstream_la_maintained', 'mainstream_academy', 'mainstream_free_school') and resourced_provision then base_type || '_resourced_provision'
      when base_type in ('mainstream_la_maintained', 'mainstream_academy', 'mainstream_free_school') and sen_unit then base_type || '_senunit'
      else base_type
    end as setting_type
  from typed
)
select
  census_day,
  setting_type,
  case
    when starts_with(setting_type, 'mainstream_') then 'mainstream'
    when starts_with(setting_type, 'special_') then 'special'
    when starts_with(setting_type, 'ap_pru_') then 'ap_pru'
    when setting_type in ('general_fe_tertiary_colleges', 'specialist_post_16_institutions', 'ukrlp_provider') then 'fe'
    when setting_type = 'nm_early_years' then 'nm_early_years'
    when setting_type = 'placement_unknown' then 'placement_unknown'
    else 'ed_elsewhere'
  end as setting_group,
  count(*) as plans
from final
group by all
order by census_day, setting_type`,

  /** Actual High Needs Block spend by financial year and line (spend-kind cost centres). */
  hnbSpendByLine: `
select f.financial_year, c.line, cast(sum(f.amount) as double) as amount
from ref_finance f
join ref_cost_centres c on c.cost_centre = f.cost_centre
where f.ledger_type = 'Actual' and c.kind = 'spend'
group by all
order by f.financial_year, c.line`,

  /** The DSG position by financial year (actuals by kind; accumulated from the first year). */
  dsgPosition: `
with by_kind as (
  select f.financial_year,
    coalesce(sum(f.amount) filter (where c.kind = 'spend'), 0) as hnb_spend,
    coalesce(sum(f.amount) filter (where c.kind = 'grant'), 0) as hnb_grant,
    coalesce(sum(f.amount) filter (where c.kind = 'transfer'), 0) as schools_block_transfer,
    coalesce(sum(f.amount) filter (where c.kind = 'other_variance'), 0) as other_variances,
    coalesce(sum(f.amount) filter (where c.kind = 'dfe_contribution'), 0) as dfe_contribution,
    coalesce(sum(f.amount) filter (where c.kind = 'council_contribution'), 0) as council_contribution
  from ref_finance f
  join ref_cost_centres c on c.cost_centre = f.cost_centre
  where f.ledger_type = 'Actual'
  group by all
)
select financial_year,
  cast(hnb_spend as double) as hnb_spend,
  cast(hnb_grant as double) as hnb_grant,
  cast(schools_block_transfer as double) as schools_block_transfer,
  cast(other_variances as double) as other_variances,
  cast(hnb_spend + hnb_grant + schools_block_transfer + other_variances as double) as in_year_position,
  cast(dfe_contribution as double) as dfe_contribution,
  cast(council_contribution as double) as council_contribution,
  cast(sum(hnb_spend + hnb_grant + schools_block_transfer + other_variances + dfe_contribution + council_contribution)
    over (order by financial_year) as double) as accumulated_position
from by_kind
order by financial_year`,

  /** Actual postings to cost centres missing from the map (the `Unmapped` line). */
  unmappedSpend: `
select f.financial_year, f.cost_centre, cast(sum(f.amount) as double) as amount
from ref_finance f
left join ref_cost_centres c on c.cost_centre = f.cost_centre
where c.cost_centre is null
group by all
order by all`,

  /** The Safety Valve plan as loaded (pounds). */
  safetyValvePlan: `
select financial_year, item, cast(amount as double) as amount
from ref_safety_valve_plan
order by financial_year, item`,

  /** Census pupils by census day and SEN provision, and SEN support in NC years 1 to 11. */
  censusSen: `
select census_date,
  count(*) as pupils,
  count(*) filter (where sen_provision = 'E') as ehc_plan,
  count(*) filter (where sen_provision = 'K') as sen_support,
  count(*) filter (where sen_provision = 'K' and nc_year in ('1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11')) as sen_support_school_age
from ref_census
group by all
order by census_date`,

  /**
   * Census against cases on each census day: people with an active plan whose main placement is
   * at an open Kent (LA 886) state-funded school, and the census's E pupils, matched by UPN.
   */
  censusAgainstCases: `
with active as (
  select distinct d.census_day, c.person_id
  from ref_census_days d
  join ref_cases c on c.plan_start_date <= d.census_day and (c.cease_date is null or c.cease_date > d.census_day)
), upns as (
  select person_id, any_value(upn) as upn from ref_cases where upn is not null group by person_id
), at_school as (
  select a.census_day, u.upn
  from active a
  join ref_placements p on p.person_id = a.person_id and p.placement_rank = 1
    and p.entry_date <= a.census_day and (p.leaving_date is null or p.leaving_date > a.census_day)
  join ref_schools s on s.urn = p.urn
  join upns u on u.person_id = a.person_id
  where s.la_code = '886' and s.status = 'Open'
    and (s.setting_type in ('mainstream_la_maintained', 'mainstream_academy', 'mainstream_free_school', 'special_la_maintained', 'special_academy_free')
      or starts_with(s.setting_type, 'ap_pru_'))
), e_rows as (
  select census_date as census_day, upn from ref_census where sen_provision = 'E'
)
select d.census_day,
  (select count(*) from at_school x where x.census_day = d.census_day) as placed_at_census_school,
  (select count(*) from e_rows e where e.census_day = d.census_day) as census_ehc,
  (select count(*) from e_rows e where e.census_day = d.census_day and e.upn not in (select x.upn from at_school x where x.census_day = d.census_day)) as census_ehc_not_in_cases
from ref_census_days d
order by d.census_day`,

  /** UPNs that fail the check letter, per source. */
  invalidUpns: `
select 'census' as source, count(*) filter (where not ref_upn_ok(upn)) as invalid, count(*) as total from ref_census
union all
select 'cases', count(*) filter (where upn is not null and not ref_upn_ok(upn)), count(upn) from ref_cases
order by source`,
} as const;

export type ReferenceQueryName = keyof typeof REFERENCE_QUERIES;

/** Runs one reference query; BIGINTs come back as numbers, dates as YYYY-MM-DD. */
export async function runReferenceQuery(
  connection: DuckDBConnection,
  name: ReferenceQueryName,
  params?: Record<string, DuckDBValue>,
): Promise<Array<Record<string, string | number | boolean | null>>> {
  const reader = await connection.runAndReadAll(REFERENCE_QUERIES[name], params);
  return reader.getRowObjects().map((row) => {
    const out: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of Object.entries(row)) {
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
      else if (typeof v === 'bigint') out[k] = Number(v);
      else out[k] = String(v);
    }
    return out;
  });
}
