// fct_ehcp_caseload against every definition of CONTRACT §2: given these
// events, when the warehouse is built, then these caseload rows.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../models/index.js';
import { caseChange, caseRecord, placementRecord, school } from './support/events.js';
import { buildFrom, query } from './support/warehouse.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

async function given(events: readonly NewEvent[]): Promise<string> {
  const built = await buildFrom(events);
  cleanups.push(built.cleanup);
  return built.home;
}

/** The caseload rows on one date, as plain objects with numbers. */
async function caseloadOn(home: string, date: string) {
  const rows = await query(
    home,
    `select area_team, setting_type, setting_group, primary_need, age, plans
     from fct_ehcp_caseload where snapshot_date = date '${date}'
     order by area_team, setting_type, primary_need, age`,
  );
  return rows.map((r): Record<string, unknown> => ({ ...r, plans: Number(r.plans) }));
}

async function totalOn(home: string, date: string): Promise<number> {
  const [row] = await query(home, `select coalesce(sum(plans), 0)::integer as n from fct_ehcp_caseload where snapshot_date = date '${date}'`);
  return Number(row?.n);
}

describe('fct_ehcp_caseload: which plans are active on the snapshot date', () => {
  it('does not count a plan that ceases on the snapshot day, and counts one ceasing the day after', async () => {
    const home = await given([
      caseRecord({ requestId: '1', person: 'A', planStartDate: '2024-01-10', ceaseDate: '2024-02-29', ceaseReason: '1' }, { asAt: '2024-03-31' }),
      caseRecord({ requestId: '2', person: 'B', planStartDate: '2024-01-10', ceaseDate: '2024-03-01', ceaseReason: '1' }, { asAt: '2024-03-31' }),
    ]);
    expect(await totalOn(home, '2024-01-31')).toBe(2);
    expect(await totalOn(home, '2024-02-29')).toBe(1);
    expect(await totalOn(home, '2024-03-31')).toBe(0);
  });

  it('counts a plan from its PlanStartDate: active on the day it starts, not the day before', async () => {
    const home = await given([
      caseRecord({ requestId: '1', person: 'A', planStartDate: '2024-01-31' }, { asAt: '2024-02-15' }),
      caseRecord({ requestId: '2', person: 'B', planStartDate: '2024-02-01' }, { asAt: '2024-02-15' }),
    ]);
    expect(await totalOn(home, '2024-01-31')).toBe(1);
    expect(await totalOn(home, '2024-02-29')).toBe(2);
  });

  it('counts a person with two overlapping plans once, for the plan with the later PlanStartDate', async () => {
    const home = await given([
      caseRecord({ requestId: '7', person: 'A', planStartDate: '2023-05-01', primaryNeed: 'SEMH', areaTeam: 'East' }, { asAt: '2024-01-31' }),
      caseRecord({ requestId: '3', person: 'A', planStartDate: '2023-09-01', primaryNeed: 'ASD', areaTeam: 'West' }, { asAt: '2024-01-31' }),
    ]);
    expect(await caseloadOn(home, '2023-06-30')).toEqual([
      { area_team: 'East', setting_type: 'placement_unknown', setting_group: 'placement_unknown', primary_need: 'SEMH', age: 11, plans: 1 },
    ]);
    expect(await caseloadOn(home, '2023-12-31')).toEqual([
      { area_team: 'West', setting_type: 'placement_unknown', setting_group: 'placement_unknown', primary_need: 'ASD', age: 11, plans: 1 },
    ]);
  });

  it('breaks a tie of PlanStartDate by the greater RequestID, compared as numbers', async () => {
    const home = await given([
      caseRecord({ requestId: '9', person: 'A', planStartDate: '2023-09-01', primaryNeed: 'SEMH' }, { asAt: '2023-12-31' }),
      caseRecord({ requestId: '10', person: 'A', planStartDate: '2023-09-01', primaryNeed: 'SLCN' }, { asAt: '2023-12-31' }),
    ]);
    const rows = await caseloadOn(home, '2023-12-31');
    expect(rows.map((r) => [r.primary_need, r.plans])).toEqual([['SLCN', 1]]);
  });

  it("takes area_team and primary_need from the case, and age in completed years from the first day of the birth month", async () => {
    const home = await given([
      caseRecord({ requestId: '1', person: 'A', birthMonth: '2012-06', areaTeam: 'South', primaryNeed: 'HI', planStartDate: '2020-01-01' }, { asAt: '2024-07-01' }),
    ]);
    expect((await caseloadOn(home, '2024-05-31'))[0]).toMatchObject({ area_team: 'South', primary_need: 'HI', age: 11 });
    // Born in June 2012: 12 from 1 June 2024, whatever the day of birth was.
    expect((await caseloadOn(home, '2024-06-30'))[0]).toMatchObject({ age: 12 });
    expect((await caseloadOn(home, '2024-01-18'))[0]).toMatchObject({ age: 11 });
  });

  it('groups people into one row per area_team × setting_type × primary_need × age', async () => {
    const home = await given([
      caseRecord({ requestId: '1', person: 'A', birthMonth: '2012-01', primaryNeed: 'ASD', planStartDate: '2023-01-01' }, { asAt: '2023-01-31' }),
      caseRecord({ requestId: '2', person: 'B', birthMonth: '2012-01', primaryNeed: 'ASD', planStartDate: '2023-01-01' }, { asAt: '2023-01-31' }),
      caseRecord({ requestId: '3', person: 'C', birthMonth: '2012-01', primaryNeed: 'MLD', planStartDate: '2023-01-01' }, { asAt: '2023-01-31' }),
    ]);
    expect(await caseloadOn(home, '2023-01-31')).toEqual([
      { area_team: 'North', setting_type: 'placement_unknown', setting_group: 'placement_unknown', primary_need: 'ASD', age: 11, plans: 2 },
      { area_team: 'North', setting_type: 'placement_unknown', setting_group: 'placement_unknown', primary_need: 'MLD', age: 11, plans: 1 },
    ]);
  });
});

describe('fct_ehcp_caseload: snapshot dates', () => {
  it('has every month end from the month of the earliest PlanStartDate to the month of the latest ExtractDate', async () => {
    const home = await given([
      caseRecord({ requestId: '1', person: 'A', planStartDate: '2023-10-20' }, { asAt: '2023-12-05' }),
      placementRecord({ placementId: '5', person: 'A', senSetting: 'EHE', entryDate: '2023-01-01' }, { asAt: '2024-02-10' }),
    ]);
    const rows = await query(home, `select strftime(snapshot_date, '%Y-%m-%d') as d, snapshot_kind as k from int_snapshot_dates__spanned order by snapshot_date`);
    expect(rows).toEqual([
      { d: '2023-10-31', k: 'month_end' },
      { d: '2023-11-30', k: 'month_end' },
      { d: '2023-12-31', k: 'month_end' },
      { d: '2024-01-18', k: 'january_census' },
      { d: '2024-01-31', k: 'month_end' },
      { d: '2024-02-29', k: 'month_end' },
    ]);
    const facts = await query(home, `select distinct strftime(snapshot_date, '%Y-%m-%d') as d from fct_ehcp_caseload order by 1`);
    expect(facts.map((r) => r.d)).toEqual(['2023-10-31', '2023-11-30', '2023-12-31', '2024-01-18', '2024-01-31', '2024-02-29']);
  });

  it('has the January census day, the 3rd Thursday of January, of every January in the span', async () => {
    const home = await given([caseRecord({ requestId: '1', person: 'A', planStartDate: '2020-01-05' }, { asAt: '2025-01-20' })]);
    const rows = await query(
      home,
      `select strftime(snapshot_date, '%Y-%m-%d') as d, dayname(snapshot_date) as day from fct_ehcp_caseload where snapshot_kind = 'january_census' order by 1`,
    );
    expect(rows).toEqual([
      { d: '2020-01-16', day: 'Thursday' },
      { d: '2021-01-21', day: 'Thursday' },
      { d: '2022-01-20', day: 'Thursday' },
      { d: '2023-01-19', day: 'Thursday' },
      { d: '2024-01-18', day: 'Thursday' },
      { d: '2025-01-16', day: 'Thursday' },
    ]);
  });

  it('leaves out a January census day when that January is outside the span of months', async () => {
    const home = await given([caseRecord({ requestId: '1', person: 'A', planStartDate: '2023-02-01' }, { asAt: '2023-12-31' })]);
    const [row] = await query(home, `select count(*)::integer as n from int_snapshot_dates__spanned where snapshot_kind = 'january_census'`);
    expect(row?.n).toBe(0);
    const [months] = await query(home, `select count(*)::integer as n from int_snapshot_dates__spanned`);
    expect(months?.n).toBe(11);
  });

  it('counts the caseload on a January census day as on any snapshot date', async () => {
    const home = await given([
      caseRecord({ requestId: '1', person: 'A', planStartDate: '2024-01-18' }, { asAt: '2024-02-01' }),
      caseRecord({ requestId: '2', person: 'B', planStartDate: '2024-01-19' }, { asAt: '2024-02-01' }),
      caseRecord({ requestId: '3', person: 'C', planStartDate: '2023-12-01', ceaseDate: '2024-01-18', ceaseReason: '2' }, { asAt: '2024-02-01' }),
    ]);
    expect(await totalOn(home, '2024-01-18')).toBe(1);
    expect(await totalOn(home, '2024-01-31')).toBe(2);
  });
});

describe('fct_ehcp_caseload: setting_type from the rank-1 placement active on the day', () => {
  const planFor = (person: string, requestId: string) =>
    caseRecord({ requestId, person, planStartDate: '2022-01-01' }, { asAt: '2024-03-31' });

  async function settingsOn(events: NewEvent[], date = '2024-03-31'): Promise<Record<string, number>> {
    const home = await given(events);
    const rows = await query(home, `select setting_type, sum(plans)::integer as n from fct_ehcp_caseload where snapshot_date = date '${date}' group by 1 order by 1`);
    return Object.fromEntries(rows.map((r) => [String(r.setting_type), Number(r.n)]));
  }

  it('ignores a rank-2 placement', async () => {
    expect(
      await settingsOn([
        planFor('A', '1'),
        school({ urn: '100001', type: 'Community special school' }),
        school({ urn: '100002', type: 'Academy converter' }),
        placementRecord({ placementId: '1', person: 'A', urn: '100001', entryDate: '2022-09-01', rank: 2 }),
        placementRecord({ placementId: '2', person: 'A', urn: '100002', entryDate: '2021-09-01', rank: 1 }),
        planFor('B', '2'),
        placementRecord({ placementId: '3', person: 'B', urn: '100001', entryDate: '2022-09-01', rank: 2 }),
      ]),
    ).toEqual({ mainstream_academy: 1, placement_unknown: 1 });
  });

  it('uses only a placement active on the day: LeavingDate on the day ends it, EntryDate on the day starts it', async () => {
    expect(
      await settingsOn([
        school({ urn: '100001', type: 'Community school' }),
        planFor('A', '1'),
        placementRecord({ placementId: '1', person: 'A', urn: '100001', entryDate: '2022-09-01', leavingDate: '2024-03-31' }),
        planFor('B', '2'),
        placementRecord({ placementId: '2', person: 'B', urn: '100001', entryDate: '2024-03-31' }),
        planFor('C', '3'),
        placementRecord({ placementId: '3', person: 'C', urn: '100001', entryDate: '2024-04-01' }),
      ]),
    ).toEqual({ mainstream_la_maintained: 1, placement_unknown: 2 });
  });

  it('picks among several active rank-1 placements the latest EntryDate, then the greatest PlacementID', async () => {
    expect(
      await settingsOn([
        school({ urn: '100001', type: 'Community school' }),
        school({ urn: '100002', type: 'Foundation special school' }),
        school({ urn: '100003', type: 'Pupil referral unit' }),
        planFor('A', '1'),
        placementRecord({ placementId: '50', person: 'A', urn: '100001', entryDate: '2021-09-01' }),
        placementRecord({ placementId: '51', person: 'A', urn: '100002', entryDate: '2023-09-01' }),
        planFor('B', '2'),
        placementRecord({ placementId: '9', person: 'B', urn: '100001', entryDate: '2023-09-01' }),
        placementRecord({ placementId: '10', person: 'B', urn: '100003', entryDate: '2023-09-01' }),
      ]),
    ).toEqual({ special_la_maintained: 1, ap_pru_la_maintained: 1 });
  });

  it('names a UKPRN that is not a school ukrlp_provider, and a UKPRN of a school by its type', async () => {
    expect(
      await settingsOn([
        school({ urn: '130001', type: 'Further education', ukprn: '10001111' }),
        planFor('A', '1'),
        placementRecord({ placementId: '1', person: 'A', ukprn: '10009999' }),
        planFor('B', '2'),
        placementRecord({ placementId: '2', person: 'B', ukprn: '10001111' }),
      ]),
    ).toEqual({ general_fe_tertiary_colleges: 1, ukrlp_provider: 1 });
  });

  it('names a URN that is not in schools other_schools, and flags it for the checks', async () => {
    const home = await given([
      school({ urn: '100001', type: 'Community school' }),
      planFor('A', '1'),
      placementRecord({ placementId: '1', person: 'A', urn: '999999' }),
    ]);
    const rows = await query(home, `select setting_type, setting_group, plans::integer as n from fct_ehcp_caseload where snapshot_date = date '2024-03-31'`);
    expect(rows).toEqual([{ setting_type: 'other_schools', setting_group: 'ed_elsewhere', n: 1 }]);
    const [flag] = await query(home, `select urn_not_in_schools as f from int_placements__classified where placement_id = '1'`);
    expect(flag?.f).toBe(true);
  });

  it('adds _resourced_provision or _senunit to mainstream LA maintained, academy and free school types, never to independent', async () => {
    expect(
      await settingsOn([
        school({ urn: '100001', type: 'Community school' }),
        school({ urn: '100002', type: 'Academy sponsor led' }),
        school({ urn: '100003', type: 'Free schools' }),
        school({ urn: '100004', type: 'Other independent school' }),
        school({ urn: '100005', type: 'Community special school' }),
        planFor('A', '1'),
        placementRecord({ placementId: '1', person: 'A', urn: '100001', resourcedProvision: 1 }),
        planFor('B', '2'),
        placementRecord({ placementId: '2', person: 'B', urn: '100002', senUnit: 1 }),
        planFor('C', '3'),
        placementRecord({ placementId: '3', person: 'C', urn: '100003', senUnit: 1, resourcedProvision: 0 }),
        planFor('D', '4'),
        placementRecord({ placementId: '4', person: 'D', urn: '100004', senUnit: 1, resourcedProvision: 1 }),
        planFor('E', '5'),
        placementRecord({ placementId: '5', person: 'E', urn: '100005', senUnit: 1 }),
        planFor('F', '6'),
        placementRecord({ placementId: '6', person: 'F', urn: '100002', senUnit: 0, resourcedProvision: 0 }),
      ]),
    ).toEqual({
      mainstream_la_maintained_resourced_provision: 1,
      mainstream_academy_senunit: 1,
      mainstream_free_school_senunit: 1,
      mainstream_independent: 1,
      special_la_maintained: 1,
      mainstream_academy: 1,
    });
  });

  it('maps every GIAS establishment type of the contract table, and any other type to other_schools', async () => {
    const table: Array<[string, string]> = [
      ['Community school', 'mainstream_la_maintained'],
      ['Voluntary aided school', 'mainstream_la_maintained'],
      ['Voluntary controlled school', 'mainstream_la_maintained'],
      ['Foundation school', 'mainstream_la_maintained'],
      ['LA nursery school', 'mainstream_la_maintained'],
      ['Academy converter', 'mainstream_academy'],
      ['Academy sponsor led', 'mainstream_academy'],
      ['City technology college', 'mainstream_academy'],
      ['University technical college', 'mainstream_academy'],
      ['Studio schools', 'mainstream_academy'],
      ['Academy 16-19 converter', 'mainstream_academy'],
      ['Academy 16 to 19 sponsor led', 'mainstream_academy'],
      ['Free schools', 'mainstream_free_school'],
      ['Free schools 16 to 19', 'mainstream_free_school'],
      ['Other independent school', 'mainstream_independent'],
      ['Community special school', 'special_la_maintained'],
      ['Foundation special school', 'special_la_maintained'],
      ['Academy special converter', 'special_academy_free'],
      ['Academy special sponsor led', 'special_academy_free'],
      ['Free schools special', 'special_academy_free'],
      ['Other independent special school', 'special_independent'],
      ['Non-maintained special school', 'special_non_maintained'],
      ['Pupil referral unit', 'ap_pru_la_maintained'],
      ['Academy alternative provision converter', 'ap_pru_academy'],
      ['Academy alternative provision sponsor led', 'ap_pru_academy'],
      ['Free schools alternative provision', 'ap_pru_free_school'],
      ['Further education', 'general_fe_tertiary_colleges'],
      ['Sixth form centres', 'general_fe_tertiary_colleges'],
      ['Special post 16 institution', 'specialist_post_16_institutions'],
      ['Welsh establishment', 'w_settings'],
      ['Service children\'s education', 'other_schools'],
      ['Secure units', 'other_schools'],
    ];
    const events: NewEvent[] = [];
    table.forEach(([type], i) => {
      const urn = String(200000 + i);
      events.push(school({ urn, type }), planFor(`P${i}`, String(i + 1)), placementRecord({ placementId: String(i + 1), person: `P${i}`, urn }));
    });
    const home = await given(events);
    const rows = await query(
      home,
      `select s.establishment_type as type, c.setting_type as setting
       from int_placements__classified as c
       join stg_placements__placements as p using (placement_id)
       join dim_schools as s on s.urn = p.urn
       order by cast(c.placement_id as integer)`,
    );
    expect(rows.map((r) => [r.type, r.setting])).toEqual(table);
  });

  it('maps SENSetting codes, and counts a person with no active placement as placement_unknown', async () => {
    const codes: Array<[string, string]> = [
      ['EHE', 'elective_home_education'],
      ['OLA', 'other_arrangements_la'],
      ['OPA', 'other_arrangements_parents'],
      ['EYP', 'nm_early_years'],
      ['OTH', 'other_placement_settings'],
      ['NEET', 'neet'],
      ['NIEC', 'neet_ntci'],
      ['NIEO', 'neet_other'],
    ];
    const events: NewEvent[] = [planFor('nobody', '100')];
    codes.forEach(([code], i) => events.push(planFor(`P${i}`, String(i + 1)), placementRecord({ placementId: String(i + 1), person: `P${i}`, senSetting: code })));
    expect(await settingsOn(events)).toEqual({
      ...Object.fromEntries(codes.map(([, setting]) => [setting, 1])),
      placement_unknown: 1,
    });
  });
});

describe('dim_settings', () => {
  it('groups the setting types as the DfE totals do', async () => {
    const home = await given([]);
    const rows = await query(home, `select setting_group, list(setting_type order by sort_order) as types from dim_settings group by 1 order by min(sort_order)`);
    expect(Object.fromEntries(rows.map((r) => [r.setting_group, r.types]))).toEqual({
      mainstream: [
        'mainstream_la_maintained',
        'mainstream_la_maintained_resourced_provision',
        'mainstream_la_maintained_senunit',
        'mainstream_academy',
        'mainstream_academy_resourced_provision',
        'mainstream_academy_senunit',
        'mainstream_free_school',
        'mainstream_free_school_resourced_provision',
        'mainstream_free_school_senunit',
        'mainstream_independent',
      ],
      special: ['special_la_maintained', 'special_academy_free', 'special_independent', 'special_non_maintained'],
      ap_pru: ['ap_pru_la_maintained', 'ap_pru_academy', 'ap_pru_free_school'],
      fe: ['general_fe_tertiary_colleges', 'specialist_post_16_institutions', 'ukrlp_provider'],
      ed_elsewhere: [
        'elective_home_education',
        'other_arrangements_la',
        'other_arrangements_parents',
        'other_placement_settings',
        'neet',
        'neet_ntci',
        'neet_other',
        'w_settings',
        'other_schools',
      ],
      nm_early_years: ['nm_early_years'],
      placement_unknown: ['placement_unknown'],
    });
  });
});

describe('fct_ehcp_caseload: corrections', () => {
  it('uses the newest value of every field: a later correction of PlanStartDate and a cleared CeaseDate', async () => {
    const home = await given([
      caseRecord({ requestId: '1', person: 'A', planStartDate: '2024-02-15', ceaseDate: '2024-03-10', ceaseReason: '1' }, { asAt: '2024-03-31' }),
      caseChange('1', { planStartDate: '2024-01-15', ceaseDate: null, ceaseReason: null }, { asAt: '2024-03-31' }),
    ]);
    expect(await totalOn(home, '2024-01-31')).toBe(1);
    expect(await totalOn(home, '2024-03-31')).toBe(1);
  });
});
