// The Kent-scale sample against Kent's published figures, checked independently:
// DuckDB SQL straight over the generated CSVs (ingest/sample/referenceQueries.ts)
// implementing CONTRACT §2. Expected numbers are typed in from the sources:
// Scrutiny Committee 18 March 2025 (tables 3.8, 3.11, 3.14, 4.1, para 3.9) and
// the DfE "Education, health and care plans" 2025 release (Kent, 886).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { generateSample, type SampleManifest } from '../../../ingest/sample/generateSample.js';
import { loadReferenceTables, referenceFilesOf, runReferenceQuery } from '../../../ingest/sample/referenceQueries.js';

let dir: string;
let manifest: SampleManifest;
let generateSeconds: number;
let progress: string[];
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sendwh-sample-'));
  progress = [];
  const started = performance.now();
  manifest = await generateSample(join(dir, 'a'), { seed: 2025, onProgress: (m) => progress.push(m) });
  generateSeconds = (performance.now() - started) / 1000;
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run("set TimeZone = 'UTC'");
  await loadReferenceTables(db, referenceFilesOf(manifest.files));
}, 180_000);

afterAll(async () => {
  db?.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const rowsOf = (name: Parameters<typeof runReferenceQuery>[1]) => runReferenceQuery(db, name);

describe('the Kent sample: files', () => {
  it('writes every extract, reference data first and snapshots oldest first, quickly', () => {
    const sources = manifest.files.map((f) => f.source);
    expect(sources.slice(0, 3)).toEqual(['schools', 'areas', 'cost-centres']);
    expect(sources.at(-1)).toBe('safety-valve-plan');
    const order = ['schools', 'areas', 'cost-centres', 'census', 'cases', 'placements', 'finance', 'safety-valve-plan'];
    expect([...sources].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(sources);
    expect(sources.filter((s) => s === 'census')).toHaveLength(8);
    expect(sources.filter((s) => s === 'cases')).toHaveLength(7);
    expect(sources.filter((s) => s === 'placements')).toHaveLength(7);
    expect(sources.filter((s) => s === 'finance')).toHaveLength(8);
    const caseFiles = manifest.files.filter((f) => f.source === 'cases').map((f) => f.file);
    expect(caseFiles).toEqual([...caseFiles].sort());
    expect(caseFiles.at(-1)).toBe('synergy_cases_2025-03-31.csv');
    expect(progress.length).toBeGreaterThan(20);
    expect(generateSeconds).toBeLessThan(20);
  });

  it('records each file with its true sha256, size and row count', async () => {
    for (const f of manifest.files.filter((x) => x.source !== 'census')) {
      const bytes = await readFile(f.path);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(bytes.length).toBe(f.bytes);
      const lines = bytes.toString('utf8').split(/\r?\n/).filter((l) => l.length > 0).length;
      expect(lines - 1).toBe(f.rows);
    }
  });

  it('puts name and postcode columns in the person-level extracts, to be dropped at the door', async () => {
    const header = async (source: string): Promise<string[]> => {
      const f = manifest.files.find((x) => x.source === source)!;
      return (await readFile(f.path, 'utf8')).replace(/^\ufeff/, '').split(/\r?\n/)[0]!.split(',');
    };
    expect(await header('census')).toEqual(expect.arrayContaining(['Surname', 'Forename', 'HomePostcode']));
    expect(await header('cases')).toEqual(expect.arrayContaining(['Surname', 'Forename', 'HomePostcode']));
    expect(await header('placements')).toEqual(expect.arrayContaining(['Surname', 'Forename', 'EstablishmentName']));
  });

  it('uses the formats councils produce: DD/MM/YYYY dates, £ and bracketed amounts, quoted commas, BOM, Gender', async () => {
    const text = async (file: string): Promise<string> => readFile(manifest.files.find((f) => f.file === file)!.path, 'utf8');
    expect((await text('synergy_cases_2019-03-31.csv')).split('\n')[1]).toMatch(/^31\/03\/2019,/);
    expect((await text('synergy_cases_2025-03-31.csv')).split('\n')[1]).toMatch(/^2025-03-31,/);
    const ledger = await text('finance_ledger_2022-23.csv');
    expect(ledger).toMatch(/"£\d{1,3}(,\d{3})+\.\d{2}"/);
    expect(ledger).toMatch(/,"?\(\d[\d,]*\.\d{2}\)"?,/);
    const schools = await text('gias_edubase_kent.csv');
    expect(schools.startsWith('\ufeff')).toBe(true);
    expect(schools).toMatch(/\r\n/);
    expect(schools).toMatch(/,"[^"]+, [A-Z][^"]+",/);
    expect((await text('census_spring_2019.csv')).split('\n')[0]).toContain('Gender');
  });

  it('lists establishments of every GIAS type in the CONTRACT §2 mapping table, Kent ones and out of county', async () => {
    const reader = await db.runAndReadAll(`select distinct establishment_type from ref_schools`);
    const types = new Set(reader.getRows().map((r) => String(r[0])));
    const table = [
      'Community school', 'Voluntary aided school', 'Voluntary controlled school', 'Foundation school', 'LA nursery school',
      'Academy converter', 'Academy sponsor led', 'City technology college', 'University technical college', 'Studio schools',
      'Academy 16-19 converter', 'Academy 16 to 19 sponsor led', 'Free schools', 'Free schools 16 to 19', 'Other independent school',
      'Community special school', 'Foundation special school', 'Academy special converter', 'Academy special sponsor led',
      'Free schools special', 'Other independent special school', 'Non-maintained special school', 'Pupil referral unit',
      'Academy alternative provision converter', 'Academy alternative provision sponsor led', 'Free schools alternative provision',
      'Further education', 'Sixth form centres', 'Special post 16 institution', 'Welsh establishment',
    ];
    for (const t of table) expect(types.has(t), t).toBe(true);
    expect(types.has('Secure units')).toBe(true);
    const la = await db.runAndReadAll(`select count(*) filter (where la_code = '886'), count(*) filter (where la_code <> '886') from ref_schools`);
    const [kent, outside] = la.getRows()[0]!.map(Number) as [number, number];
    expect(kent).toBeGreaterThan(700);
    expect(outside).toBeGreaterThan(80);
  });

  it('gives every pupil a UPN with a valid check letter (in the final state of census and cases)', async () => {
    const rows = await rowsOf('invalidUpns');
    expect(rows).toEqual([
      { source: 'cases', invalid: 0, total: expect.any(Number) },
      { source: 'census', invalid: 0, total: expect.any(Number) },
    ]);
    expect(rows[1]!.total as number).toBeGreaterThan(300_000);
  });

  it('keeps every CONTRACT §1 rule in every row, bar a few keying errors in early snapshots that later ones correct', async () => {
    const files = (source: string): string[] => manifest.files.filter((f) => f.source === source).map((f) => f.path);
    const check = async (source: string, sql: string): Promise<Record<string, unknown>> =>
      (await db.runAndReadAll(`select ${sql} from read_csv($files, all_varchar = true, union_by_name = true)`, { files: listValue(files(source)) })).getRowObjectsJson()[0]!;
    const needs = `('ASD','SLCN','SEMH','SPLD','MLD','SLD','PMLD','HI','VI','MSI','PD','DS','OTH')`;
    expect(
      await check(
        'cases',
        `count(*) filter (where UPN is not null and not ref_upn_ok(UPN)) as bad_upn,
         count(*) filter (where RequestOutcome in ('Y', 'N') and ref_date(RequestOutcomeDate) is null) as no_decision_date,
         count(*) filter (where ref_date(ExtractDate) is null or RequestID is null or PersonID is null or ref_date(DOB) is null or ref_date(ReceivedDate) is null) as missing,
         count(*) filter (where AreaTeam not in ('North', 'East', 'South', 'West', 'Not Kent Address') or coalesce(Sex, 'M') not in ('M', 'F')
           or coalesce(RequestSource, '1') not in ('1', '2', '3', '4', '5') or coalesce(Week20Exception, '0') not in ('0', '1')
           or coalesce(RequestOutcome, 'A') not in ('Y', 'N', 'A', 'W', 'H') or coalesce(AssessmentOutcome, 'A') not in ('Y', 'N', 'A', 'W', 'H')) as bad_code,
         count(*) filter (where ref_date(RequestOutcomeDate) < ref_date(ReceivedDate) or ref_date(AssessmentOutcomeDate) < ref_date(ReceivedDate)) as before_received,
         count(*) filter (where AssessmentOutcome in ('Y', 'N') and ref_date(AssessmentOutcomeDate) is null) as no_assessment_date,
         count(*) filter (where AssessmentOutcome = 'Y' and PlanStartDate is null) as plan_without_start,
         count(*) filter (where PlanStartDate is not null and coalesce(PrimaryNeed, 'NSA') not in ${needs}) as plan_without_need,
         count(*) filter (where ref_date(CeaseDate) <= ref_date(PlanStartDate) or (CeaseDate is not null and coalesce(CeaseReason, '0') not in ('1', '2', '3', '4', '5', '6', '7', '8', '9'))) as bad_cease`,
      ),
    ).toEqual({ bad_upn: '7', no_decision_date: '4', missing: '0', bad_code: '0', before_received: '0', no_assessment_date: '0', plan_without_start: '0', plan_without_need: '0', bad_cease: '0' });
    expect(
      await check(
        'placements',
        `count(*) filter (where (URN is not null)::int + (UKPRN is not null)::int + (SENSetting is not null)::int <> 1) as not_one_place,
         count(*) filter (where not regexp_full_match(coalesce(URN, '000000'), '\\d{6}') or not regexp_full_match(coalesce(UKPRN, '00000000'), '\\d{8}')
           or coalesce(SENSetting, 'OLA') not in ('OLA', 'OPA', 'EHE', 'EYP', 'OTH', 'NEET', 'NIEC', 'NIEO')) as bad_code,
         count(*) filter (where ref_date(EntryDate) is null) as no_entry,
         count(*) filter (where ref_date(LeavingDate) < ref_date(EntryDate)) as leaving_before_entry`,
      ),
    ).toEqual({ not_one_place: '0', bad_code: '0', no_entry: '0', leaving_before_entry: '3' });
    expect(
      await check(
        'census',
        `count(*) filter (where not ref_upn_ok(UPN) or not regexp_full_match(LAEstab, '\\d{7}') or not regexp_full_match(coalesce(URN, '000000'), '\\d{6}')) as bad_id,
         count(*) filter (where ref_date(DOB) is null or ref_date(DOB) > ref_date(CensusDate)) as bad_dob,
         count(*) filter (where coalesce(Sex, Gender) not in ('M', 'F')) as bad_sex,
         count(*) filter (where NCyearActual not in ('N1', 'N2', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', 'X')) as bad_nc,
         count(*) filter (where SENprovision not in ('N', 'K', 'E') or (SENprovision = 'N' and SENtype1 is not null)) as bad_provision,
         count(*) filter (where SENprovision in ('K', 'E') and coalesce(SENtype1, '-') not in ${needs.replace(')', ", 'NSA')")}) as bad_type,
         count(*) filter (where SENprovision = 'E' and SENtype1 = 'NSA') as nsa_with_plan,
         count(*) filter (where SENtype2 = SENtype1) as same_types`,
      ),
    ).toEqual({ bad_id: '0', bad_dob: '0', bad_sex: '0', bad_nc: '0', bad_provision: '0', bad_type: '0', nsa_with_plan: '0', same_types: '0' });
    expect(
      await check(
        'finance',
        `count(*) filter (where not regexp_full_match(FinancialYear, '\\d{4}-\\d{2}') or try_cast(Period as integer) not between 1 and 16) as bad_period,
         count(*) filter (where ref_date(PostingDate) is null or CostCentre is null or TransactionID is null) as missing,
         count(*) filter (where LedgerType not in ('Actual', 'Budget', 'Forecast')) as bad_ledger,
         count(*) filter (where ref_amount(Amount) is null or regexp_matches(Amount, '\\.\\d{3}')) as bad_amount`,
      ),
    ).toEqual({ bad_period: '0', missing: '0', bad_ledger: '0', bad_amount: '0' });
  });

  it('never gives a person two main placements at once, and gives a few two plans at once (counted once)', async () => {
    const one = async (sql: string): Promise<number> => Number((await db.runAndReadAll(sql)).getRows()[0]![0]);
    expect(
      await one(`select count(*) from ref_placements a join ref_placements b on a.person_id = b.person_id and a.placement_id < b.placement_id
        and a.placement_rank = 1 and b.placement_rank = 1
        and a.entry_date < coalesce(b.leaving_date, date '9999-12-31') and b.entry_date < coalesce(a.leaving_date, date '9999-12-31')`),
    ).toBe(0);
    expect(
      await one(`select count(distinct c.person_id) from ref_cases c join ref_cases d on c.person_id = d.person_id and c.request_id < d.request_id
        where d.plan_start_date >= c.plan_start_date and (c.cease_date is null or c.cease_date > d.plan_start_date)`),
    ).toBeGreaterThan(5);
  });

  it('moves cases on between snapshots, corrects values and leaves some records out of later extracts', async () => {
    const cases = manifest.files.filter((f) => f.source === 'cases').map((f) => f.path);
    const placements = manifest.files.filter((f) => f.source === 'placements').map((f) => f.path);
    const one = async (sql: string, files: string[]): Promise<number> =>
      Number((await db.runAndReadAll(sql, { files: listValue(files) })).getRows()[0]![0]);
    const raw = `select *, ref_date(ExtractDate) as ed from read_csv($files, all_varchar = true, union_by_name = true)`;
    const areaChanges = await one(`with r as (${raw}) select count(*) from (select RequestID from r group by RequestID having count(distinct AreaTeam) > 1)`, cases);
    const receivedChanges = await one(`with r as (${raw}) select count(*) from (select RequestID from r group by RequestID having count(distinct ref_date(ReceivedDate)) > 1)`, cases);
    const decided = await one(`with r as (${raw}) select count(*) from (select RequestID from r group by RequestID having bool_or(AssessmentOutcome = 'A') and bool_or(AssessmentOutcome = 'Y'))`, cases);
    const dropped = await one(`with r as (${raw}) select count(*) from (select RequestID from r group by RequestID having max(ed) < date '2025-03-31' and min(ed) <= date '2024-03-31' and max(ref_date(ReceivedDate)) < date '2024-01-01')`, cases);
    const urnChanges = await one(`with r as (${raw}) select count(*) from (select PlacementID from r group by PlacementID having count(distinct URN) > 1)`, placements);
    expect(areaChanges).toBeGreaterThan(100);
    expect(receivedChanges).toBeGreaterThan(30);
    expect(decided).toBeGreaterThan(5000);
    expect(dropped).toBeGreaterThan(10);
    expect(urnChanges).toBeGreaterThan(10);
  });
});

describe('the Kent sample: (a) requests for assessment', () => {
  const table38: Record<string, [number, number, number, number, number]> = {
    '2024-03': [96, 128, 105, 83, 7],
    '2024-04': [57, 83, 69, 69, 3],
    '2024-05': [61, 94, 76, 68, 3],
    '2024-06': [71, 101, 74, 56, 2],
    '2024-07': [89, 118, 64, 71, 4],
    '2024-08': [26, 29, 26, 30, 4],
    '2024-09': [54, 86, 47, 60, 1],
    '2024-10': [86, 127, 83, 79, 1],
    '2024-11': [74, 148, 98, 95, 5],
    '2024-12': [70, 112, 82, 76, 6],
    '2025-01': [94, 124, 88, 70, 0],
    '2025-02': [80, 116, 81, 62, 2],
  };

  it('match table 3.8 by area team and month, March 2024 to February 2025', async () => {
    const rows = await rowsOf('requestsByAreaMonth');
    const got = (month: string, area: string): number => (rows.find((r) => r.month === month && r.area_team === area)?.requests_received as number | undefined) ?? 0;
    for (const [month, counts] of Object.entries(table38)) {
      expect(['North', 'East', 'South', 'West', 'Not Kent Address'].map((a) => got(month, a)), month).toEqual(counts);
    }
    // the paper's monthly totals
    expect(Object.keys(table38).map((m) => ['North', 'East', 'South', 'West', 'Not Kent Address'].reduce((s, a) => s + got(m, a), 0))).toEqual([419, 281, 302, 304, 346, 115, 248, 376, 420, 346, 376, 341]);
  });

  it('match the DfE calendar years 2019-2024 (received, and decided not to assess)', async () => {
    const rows = await rowsOf('requestsByYear');
    const byYear = new Map(rows.map((r) => [r.year, r]));
    expect([2019, 2020, 2021, 2022, 2023, 2024].map((y) => byYear.get(y)!.requests_received)).toEqual([2992, 3255, 4047, 3669, 3988, 4001]);
    expect([2019, 2020, 2021, 2022, 2023, 2024].map((y) => byYear.get(y)!.decided_not_to_assess)).toEqual([827, 822, 1230, 985, 1244, 2200]);
    // Decisions speed up as in the DfE series (69% within 6 weeks in 2023, 90.8% in 2024).
    const pct = (y: number): number => (byYear.get(y)!.decisions_within_6_weeks as number) / ((byYear.get(y)!.decided_to_assess as number) + (byYear.get(y)!.decided_not_to_assess as number));
    expect(pct(2024)).toBeGreaterThan(0.85);
    expect(pct(2023)).toBeLessThan(0.8);
  });

  it('match table 3.11 (4,302 and 3,991) as financial years, a 7% fall', async () => {
    const rows = await rowsOf('requestsByFinancialYear');
    const fy = new Map(rows.map((r) => [r.financial_year, r.requests_received as number]));
    expect(fy.get('2023-24')).toBe(4302);
    expect(fy.get('2024-25')).toBe(3991);
    expect(Math.round((1 - 3991 / 4302) * 100)).toBe(7);
  });
});

describe('the Kent sample: (b) High Needs Block and the DSG', () => {
  const table314: Record<string, Record<string, number>> = {
    '2020-21': { 'Maintained Special Schools': 106, 'Independent Special Schools': 49, 'Mainstream School Support (incl. SRPs)': 46, 'Post 16': 17, 'Other SEN Support & Alternative Provision Services': 49 },
    '2021-22': { 'Maintained Special Schools': 123, 'Independent Special Schools': 60, 'Mainstream School Support (incl. SRPs)': 54, 'Post 16': 19, 'Other SEN Support & Alternative Provision Services': 43 },
    '2022-23': { 'Maintained Special Schools': 137, 'Independent Special Schools': 68, 'Mainstream School Support (incl. SRPs)': 61, 'Post 16': 21, 'Other SEN Support & Alternative Provision Services': 48 },
    '2023-24': { 'Maintained Special Schools': 151, 'Independent Special Schools': 76, 'Mainstream School Support (incl. SRPs)': 65, 'Post 16': 24, 'Other SEN Support & Alternative Provision Services': 49 },
    '2024-25': { 'Maintained Special Schools': 163, 'Independent Special Schools': 81, 'Mainstream School Support (incl. SRPs)': 75, 'Post 16': 24, 'Other SEN Support & Alternative Provision Services': 48 },
  };

  it('match table 3.14 by line and year, to the £m and within £0.2m', async () => {
    const rows = await rowsOf('hnbSpendByLine');
    for (const [year, lines] of Object.entries(table314)) {
      for (const [line, millions] of Object.entries(lines)) {
        const amount = rows.find((r) => r.financial_year === year && r.line === line)?.amount as number;
        expect(Math.round(amount / 1e6), `${year} ${line}`).toBe(millions);
        expect(Math.abs(amount - millions * 1e6), `${year} ${line}`).toBeLessThan(200_000);
      }
    }
  });

  it('gives a DSG position telling the papers’ story', async () => {
    const rows = await rowsOf('dsgPosition');
    const m = (year: string, col: string): number => Math.round((rows.find((r) => r.financial_year === year)![col] as number) / 1e6);
    expect(rows.map((r) => r.financial_year)).toEqual(['2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25']);
    expect(['2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25'].map((y) => m(y, 'in_year_position'))).toEqual([30, 35, 47, 28, 33, 52]);
    expect(['2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25'].map((y) => m(y, 'accumulated_position'))).toEqual([30, 65, 112, 73, 66, 94]);
    // About £140m of deficit by March 2023 before the Safety Valve contributions (DfE £56m, Council £12m that year).
    expect(m('2022-23', 'accumulated_position') - m('2022-23', 'dfe_contribution') - m('2022-23', 'council_contribution')).toBe(141);
    // The plan's opening balance for 2024-25 (table 4.1: 97 - 54 + 9 + 15 = 67) within £1m.
    expect(Math.abs((rows.find((r) => r.financial_year === '2023-24')!.accumulated_position as number) - 67e6)).toBeLessThan(1e6);
    expect(m('2024-25', 'hnb_grant')).toBe(-323);
    expect(m('2024-25', 'schools_block_transfer')).toBe(-15);
  });

  it('posts a little to a cost centre missing from the map', async () => {
    expect(await rowsOf('unmappedSpend')).toEqual([{ financial_year: '2024-25', cost_centre: 'C14599', amount: 12480 }]);
  });

  it('writes the Safety Valve plan of table 4.1 in pounds, with its inconsistencies', async () => {
    const rows = await rowsOf('safetyValvePlan');
    const plan = (year: string, item: string): number => rows.find((r) => r.financial_year === year && r.item === item)!.amount as number;
    expect(rows).toHaveLength(48);
    expect(plan('2024-25', 'Maintained Special Schools')).toBe(163e6);
    expect(plan('2024-25', 'Savings')).toBe(0);
    expect(plan('2025-26', 'High Needs Grant')).toBe(-351e6);
    expect(plan('2026-27', 'Transfer from Schools Block')).toBe(-16e6);
    expect(plan('2024-25', 'Other Variances')).toBe(-1e6);
    expect(plan('2027-28', 'DfE Contribution')).toBe(-28e6);
    expect(plan('2027-28', 'Council Contribution')).toBe(10e6);
    expect(plan('2027-28', 'Accumulated Position')).toBe(30e6);
    expect(plan('2024-25', 'Accumulated Position')).toBe(97e6);
  });
});

describe('the Kent sample: (c) January caseload by setting', () => {
  // DfE caseload.csv, Kent, "All EHC plans". Groups and totals as published; placement_unknown takes up the rest.
  const groups: Record<string, [number, number, number, number, number, number, number, number]> = {
    //            ehcplans mainstream special ap_pru  fe  ed_elsewhere nm_early_years placement_unknown
    '2019-01-17': [11763, 3805, 4999, 3, 2012, 295, 37, 612],
    '2020-01-16': [13499, 4211, 5810, 3, 2467, 402, 36, 570],
    '2021-01-21': [15281, 4750, 6385, 3, 2942, 555, 43, 603],
    '2022-01-20': [17733, 5947, 7041, 1, 3311, 862, 61, 510],
    '2023-01-19': [18931, 6439, 7577, 4, 3488, 894, 63, 466],
    '2024-01-18': [19407, 6754, 7869, 9, 2634, 1694, 67, 380],
    '2025-01-16': [20635, 7452, 8050, 19, 2952, 1782, 66, 314],
  };
  // The published setting columns that are not suppressed (x) and not part of the break in series.
  const columns: Record<string, Record<string, number>> = {
    '2019-01-17': { mainstream_la_maintained: 1085, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 556, mainstream_academy: 1534, mainstream_academy_resourced_provision: 1, mainstream_academy_senunit: 441, mainstream_free_school: 94, mainstream_free_school_resourced_provision: 0, mainstream_free_school_senunit: 0, mainstream_independent: 94, special_la_maintained: 4064, special_academy_free: 44, special_independent: 782, special_non_maintained: 109, ap_pru_academy: 0, ap_pru_free_school: 0, ap_pru_la_maintained: 3, general_fe_tertiary_colleges: 1823, specialist_post_16_institutions: 189, other_arrangements_la: 134, other_arrangements_parents: 96, neet: 65, nm_early_years: 37 },
    '2020-01-16': { mainstream_la_maintained: 1420, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 630, mainstream_academy: 1515, mainstream_academy_resourced_provision: 7, mainstream_academy_senunit: 432, mainstream_free_school: 113, mainstream_free_school_resourced_provision: 0, mainstream_free_school_senunit: 0, mainstream_independent: 94, special_la_maintained: 4329, special_academy_free: 380, special_independent: 981, special_non_maintained: 120, ap_pru_academy: 0, ap_pru_free_school: 0, ap_pru_la_maintained: 3, general_fe_tertiary_colleges: 2041, specialist_post_16_institutions: 426, elective_home_education: 113, other_arrangements_la: 227, other_arrangements_parents: 3, other_placement_settings: 0, neet: 59, nm_early_years: 36 },
    '2021-01-21': { mainstream_la_maintained: 1433, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 732, mainstream_academy: 1880, mainstream_academy_resourced_provision: 7, mainstream_academy_senunit: 458, mainstream_free_school: 129, mainstream_free_school_resourced_provision: 1, mainstream_free_school_senunit: 0, mainstream_independent: 110, special_la_maintained: 4616, special_academy_free: 483, special_independent: 1156, special_non_maintained: 130, ap_pru_academy: 0, ap_pru_free_school: 0, ap_pru_la_maintained: 3, general_fe_tertiary_colleges: 2314, specialist_post_16_institutions: 628, elective_home_education: 146, other_arrangements_la: 322, other_arrangements_parents: 1, other_placement_settings: 0, neet: 86, nm_early_years: 43 },
    '2022-01-20': { mainstream_la_maintained: 1780, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 775, mainstream_academy: 2510, mainstream_academy_resourced_provision: 25, mainstream_academy_senunit: 499, mainstream_free_school: 190, mainstream_free_school_resourced_provision: 4, mainstream_free_school_senunit: 0, mainstream_independent: 164, special_la_maintained: 4947, special_academy_free: 587, special_independent: 1338, special_non_maintained: 169, ap_pru_academy: 0, ap_pru_free_school: 0, ap_pru_la_maintained: 1, general_fe_tertiary_colleges: 2556, specialist_post_16_institutions: 755, elective_home_education: 156, other_arrangements_la: 405, other_arrangements_parents: 16, neet: 285, nm_early_years: 61 },
    '2023-01-19': { mainstream_la_maintained: 1728, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 553, mainstream_academy: 2943, mainstream_academy_resourced_provision: 28, mainstream_academy_senunit: 695, mainstream_free_school: 273, mainstream_free_school_resourced_provision: 9, mainstream_free_school_senunit: 0, mainstream_independent: 210, special_la_maintained: 5231, special_academy_free: 787, special_independent: 1400, special_non_maintained: 159, ap_pru_academy: 1, ap_pru_free_school: 0, ap_pru_la_maintained: 3, general_fe_tertiary_colleges: 2644, specialist_post_16_institutions: 844, ukrlp_provider: 0, elective_home_education: 174, other_arrangements_la: 491, other_arrangements_parents: 20, neet: 176, neet_ntci: 0, nm_early_years: 63 },
    '2024-01-18': { mainstream_la_maintained: 1765, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 540, mainstream_academy: 3310, mainstream_academy_resourced_provision: 32, mainstream_academy_senunit: 608, mainstream_free_school: 342, mainstream_free_school_resourced_provision: 9, mainstream_free_school_senunit: 0, mainstream_independent: 148, special_la_maintained: 5336, special_academy_free: 886, special_independent: 1500, special_non_maintained: 147, ap_pru_academy: 3, ap_pru_free_school: 0, ap_pru_la_maintained: 6, general_fe_tertiary_colleges: 1805, specialist_post_16_institutions: 829, ukrlp_provider: 0, elective_home_education: 237, other_arrangements_la: 390, other_arrangements_parents: 20, other_placement_settings: 321, neet: 553, neet_ntci: 173, neet_other: 0, nm_early_years: 67 },
    '2025-01-16': { mainstream_la_maintained: 1961, mainstream_la_maintained_resourced_provision: 1, mainstream_la_maintained_senunit: 480, mainstream_academy: 3827, mainstream_academy_resourced_provision: 50, mainstream_academy_senunit: 535, mainstream_free_school: 436, mainstream_free_school_resourced_provision: 9, mainstream_free_school_senunit: 0, mainstream_independent: 153, special_la_maintained: 5428, special_academy_free: 999, special_independent: 1487, special_non_maintained: 136, ap_pru_academy: 16, ap_pru_free_school: 0, ap_pru_la_maintained: 3, general_fe_tertiary_colleges: 2024, specialist_post_16_institutions: 928, ukrlp_provider: 0, elective_home_education: 355, other_arrangements_la: 399, other_arrangements_parents: 59, w_settings: 0, other_schools: 3, other_placement_settings: 416, neet: 221, neet_ntci: 0, nm_early_years: 66 },
  };

  it('match the DfE total and every group on each January census day 2019-2025', async () => {
    const rows = await rowsOf('caseloadBySetting');
    for (const [censusDay, expected] of Object.entries(groups)) {
      const on = rows.filter((r) => r.census_day === censusDay);
      const group = (g: string): number => on.filter((r) => r.setting_group === g).reduce((s, r) => s + (r.plans as number), 0);
      const total = on.reduce((s, r) => s + (r.plans as number), 0);
      expect([total, ...['mainstream', 'special', 'ap_pru', 'fe', 'ed_elsewhere', 'nm_early_years', 'placement_unknown'].map(group)], censusDay).toEqual(expected);
    }
  });

  it('match every published setting column', async () => {
    const rows = await rowsOf('caseloadBySetting');
    for (const [censusDay, cols] of Object.entries(columns)) {
      for (const [setting, plans] of Object.entries(cols)) {
        expect((rows.find((r) => r.census_day === censusDay && r.setting_type === setting)?.plans as number | undefined) ?? 0, `${censusDay} ${setting}`).toBe(plans);
      }
    }
    // neet_other holds the DfE's neet_other and neet_other_csa (80 + 249 in January 2025).
    expect(rows.find((r) => r.census_day === '2025-01-16' && r.setting_type === 'neet_other')?.plans).toBe(329);
  });

  it('puts 19,407 (January 2024, table 3.11) and 20,635 (January 2025) plans on the census days', async () => {
    const rows = await rowsOf('caseloadBySetting');
    const total = (d: string): number => rows.filter((r) => r.census_day === d).reduce((s, r) => s + (r.plans as number), 0);
    expect(total('2024-01-18')).toBe(19407);
    expect(total('2025-01-16')).toBe(20635);
  });

  it('agrees with the census: every E pupil is a person with an active plan placed at that Kent school', async () => {
    const rows = (await rowsOf('censusAgainstCases')).filter((r) => (r.census_day as string) >= '2019-01-01');
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      expect(r.census_ehc, r.census_day as string).toBe(r.placed_at_census_school);
      expect(r.census_ehc_not_in_cases).toBe(0);
      expect(r.census_ehc as number).toBeGreaterThan(7000);
    }
  });
});

describe('the Kent sample: (d) 20-week timeliness', () => {
  it('matches the DfE calendar years 2019-2024, with and without exceptions', async () => {
    const rows = await rowsOf('timelinessByYear');
    const y = (year: number): number[] => {
      const r = rows.find((x) => x.year === year)!;
      return [r.plans_issued, r.plans_issued_ex, r.issued_within_20_weeks, r.issued_within_20_weeks_ex] as number[];
    };
    expect(y(2019)).toEqual([1998, 1903, 577, 546]);
    expect(y(2020)).toEqual([1976, 1904, 615, 601]);
    expect(y(2021)).toEqual([2882, 2852, 1189, 1181]);
    expect(y(2022)).toEqual([2216, 2198, 907, 904]);
    expect(y(2023)).toEqual([1804, 1796, 324, 324]);
    expect(y(2024)).toEqual([2424, 2354, 784, 783]);
    // and the plans that took over a year (published from 2023): 212 and 343
    expect(rows.find((x) => x.year === 2023)!.issued_over_1_year).toBe(212);
    expect(rows.find((x) => x.year === 2024)!.issued_over_1_year).toBe(343);
    // Table 3.11: 18.0% in 2023 (the DfE's 32.3% / 33.3% for 2024 are what the paper rounds to 33.4).
    expect(Math.round((324 / 1804) * 1000) / 10).toBe(18.0);
  });

  it('matches paragraph 3.9: 51.5% in August 2024, 76% in October 2024, 89.9% in February 2025', async () => {
    const rows = await rowsOf('timelinessByMonth');
    const pct = (month: string, ex: boolean): number => {
      const r = rows.find((x) => x.month === month)!;
      const issued = (ex ? r.plans_issued_ex : r.plans_issued) as number;
      const within = (ex ? r.issued_within_20_weeks_ex : r.issued_within_20_weeks) as number;
      return Math.round((within / issued) * 1000) / 10;
    };
    for (const ex of [false, true]) {
      expect(pct('2024-08', ex)).toBe(51.5);
      expect(pct('2024-10', ex)).toBe(76.0);
      expect(pct('2025-02', ex)).toBe(89.9);
    }
  });
});

describe('the Kent sample: the census', () => {
  it('has 27,968 (January 2024) and 29,782 (January 2025) school-age pupils on SEN support (table 3.11)', async () => {
    const rows = await rowsOf('censusSen');
    const byDay = new Map(rows.map((r) => [r.census_date, r]));
    expect(byDay.get('2024-01-18')!.sen_support_school_age).toBe(27968);
    expect(byDay.get('2025-01-16')!.sen_support_school_age).toBe(29782);
    expect(rows.map((r) => r.census_date)).toEqual(['2019-01-17', '2020-01-16', '2021-01-21', '2022-01-20', '2023-01-19', '2024-01-18', '2025-01-16']);
  });
});

describe('the Kent sample: determinism', () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const again = await generateSample(join(dir, 'b'), { seed: 2025 });
    expect(again.files.map((f) => [f.file, f.sha256, f.rows])).toEqual(manifest.files.map((f) => [f.file, f.sha256, f.rows]));
    const other = await generateSample(join(dir, 'c'), { seed: 7 });
    const changed = other.files.filter((f, i) => f.sha256 !== manifest.files[i]!.sha256).map((f) => f.source);
    expect(new Set(changed)).toEqual(new Set(['schools', 'census', 'cases', 'placements', 'finance']));
  }, 120_000);
});
