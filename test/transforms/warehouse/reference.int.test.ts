// dim_schools, the Safety Valve plan, benchmark_ehcp, quarantine and
// fct_census_sen against CONTRACT §2.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../models/index.js';
import { area, censusPupil, eesRow, fileSha, quarantined, safetyValvePlan, school } from './support/events.js';
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

describe('dim_schools', () => {
  it('has one row per URN with its LAEstab and the area team of its district', async () => {
    const home = await given([
      area('Dartford', 'North'),
      area('Canterbury', 'East'),
      school({ urn: '118000', type: 'Community school', district: 'Dartford', laCode: '886', establishmentNumber: '2001', phase: 'Primary' }),
      school({ urn: '118001', type: 'Academy converter', district: 'canterbury ', laCode: '886', establishmentNumber: '4002', ukprn: '10012345' }),
      school({ urn: '118002', type: 'Other independent school', district: 'Croydon', laCode: '306', establishmentNumber: '6000' }),
      school({ urn: '118001', type: 'Academy converter', district: 'Canterbury', laCode: '886', establishmentNumber: '4003', ukprn: '10012345' }, 'SchoolRecordRevised'),
    ]);
    const rows = await query(home, `select urn, laestab, establishment_type, phase, district, area_team, ukprn, setting_type from dim_schools order by urn`);
    expect(rows).toEqual([
      { urn: '118000', laestab: '8862001', establishment_type: 'Community school', phase: 'Primary', district: 'Dartford', area_team: 'North', ukprn: null, setting_type: 'mainstream_la_maintained' },
      { urn: '118001', laestab: '8864003', establishment_type: 'Academy converter', phase: null, district: 'Canterbury', area_team: 'East', ukprn: '10012345', setting_type: 'mainstream_academy' },
      { urn: '118002', laestab: '3066000', establishment_type: 'Other independent school', phase: null, district: 'Croydon', area_team: null, ukprn: null, setting_type: 'mainstream_independent' },
    ]);
  });
});

describe('fct_safety_valve_plan', () => {
  it('replaces a whole year when the plan for that year is revised, and keeps the other years', async () => {
    const home = await given([
      safetyValvePlan('2024-25', [['Maintained Special Schools', '163000000.00'], ['Savings', '-10000000.00'], ['Accumulated Position', '100.00']]),
      safetyValvePlan('2025-26', [['Maintained Special Schools', '170000000.00']]),
      safetyValvePlan('2024-25', [['Maintained Special Schools', '165000000.00'], ['Accumulated Position', '-5.50']], 'SafetyValvePlanRevised'),
    ]);
    const rows = await query(home, `select financial_year, item_position, item, amount::varchar as amount from fct_safety_valve_plan order by financial_year, item_position`);
    expect(rows).toEqual([
      { financial_year: '2024-25', item_position: 1, item: 'Maintained Special Schools', amount: '165000000.00' },
      { financial_year: '2024-25', item_position: 2, item: 'Accumulated Position', amount: '-5.50' },
      { financial_year: '2025-26', item_position: 1, item: 'Maintained Special Schools', amount: '170000000.00' },
    ]);
  });
});

describe('benchmark_ehcp', () => {
  it('turns each measure into a row, NULL where the file says x, z, c, low or anything non-numeric', async () => {
    const home = await given([
      eesRow({
        dataset: 'caseload',
        timePeriod: '202425',
        measures: { ehcplans: '20635', mainstream_total_pc: '39.2', neet_other: 'x', online_provider: 'z', w_settings: 'c', ap_pru_total: 'low', other: 'n/a', blank: null },
      }),
    ]);
    const rows = await query(home, `select measure, value, published_value from benchmark_ehcp order by measure`);
    expect(rows).toEqual([
      { measure: 'caseload.ap_pru_total', value: null, published_value: 'low' },
      { measure: 'caseload.blank', value: null, published_value: null },
      { measure: 'caseload.ehcplans', value: 20635, published_value: '20635' },
      { measure: 'caseload.mainstream_total_pc', value: 39.2, published_value: '39.2' },
      { measure: 'caseload.neet_other', value: null, published_value: 'x' },
      { measure: 'caseload.online_provider', value: null, published_value: 'z' },
      { measure: 'caseload.other', value: null, published_value: 'n/a' },
      { measure: 'caseload.w_settings', value: null, published_value: 'c' },
    ]);
    const [geo] = await query(home, `select distinct time_period, geographic_level, la_code, old_la_code, la_name, region_name, dataset, breakdown_topic, time_identifier, typeof(value) as t from benchmark_ehcp`);
    expect(geo).toEqual({
      time_period: '202425',
      geographic_level: 'Local authority',
      la_code: 'E10000016',
      old_la_code: '886',
      la_name: 'Kent',
      region_name: 'South East',
      dataset: 'caseload',
      breakdown_topic: 'All EHC plans',
      time_identifier: 'January',
      t: 'DOUBLE',
    });
  });
});

describe('quarantine', () => {
  it('has one row per rejected row with the rule codes and reasons joined and the raw fields as JSON text', async () => {
    const home = await given([
      quarantined('census', 'census_2024.csv', 7, [
        { rule: 'upn-check-letter', message: 'UPN check letter is wrong' },
        { rule: 'dob-after-census', message: 'DOB is after CensusDate' },
      ], { UPN: 'abc123', DOB: '2030-01' }),
      quarantined('finance', 'ledger.csv', 3, [{ rule: 'amount-format', message: 'Amount is not a number' }], { Amount: 'twelve' }),
    ]);
    const rows = await query(home, `select source, file, sha256, line, rule, reason, raw from quarantine order by source`);
    expect(rows).toEqual([
      {
        source: 'census',
        file: 'census_2024.csv',
        sha256: fileSha('census_2024.csv'),
        line: '7',
        rule: 'upn-check-letter, dob-after-census',
        reason: 'UPN check letter is wrong; DOB is after CensusDate',
        raw: '{"DOB":"2030-01","UPN":"abc123"}',
      },
      { source: 'finance', file: 'ledger.csv', sha256: fileSha('ledger.csv'), line: '3', rule: 'amount-format', reason: 'Amount is not a number', raw: '{"Amount":"twelve"}' },
    ]);
  });
});

describe('fct_census_sen', () => {
  it('counts pupils by census day, school, NC year, SEN provision and primary need, newest record of each pupil', async () => {
    const home = await given([
      censusPupil({ censusDate: '2024-01-18', pupil: 'U1', laEstab: '8862001', senProvision: 'E', senType1: 'ASD' }),
      censusPupil({ censusDate: '2024-01-18', pupil: 'U2', laEstab: '8862001', senProvision: 'E', senType1: 'ASD' }),
      censusPupil({ censusDate: '2024-01-18', pupil: 'U3', laEstab: '8862001', senProvision: 'K', senType1: 'NSA' }),
      censusPupil({ censusDate: '2024-01-18', pupil: 'U4', laEstab: '8862001', senProvision: 'N' }),
      censusPupil({ censusDate: '2024-05-16', pupil: 'U1', laEstab: '8862001', senProvision: 'E', senType1: 'ASD' }),
      censusPupil({ censusDate: '2024-01-18', pupil: 'U2', laEstab: '8862001', senProvision: 'K', senType1: 'SLCN' }, 'CensusPupilRecordCorrected'),
    ]);
    const rows = await query(
      home,
      `select strftime(census_date, '%Y-%m-%d') as d, laestab, nc_year, sen_provision, primary_need, pupils::integer as pupils, typeof(pupils) as t
       from fct_census_sen order by d, sen_provision, primary_need`,
    );
    expect(rows).toEqual([
      { d: '2024-01-18', laestab: '8862001', nc_year: '5', sen_provision: 'E', primary_need: 'ASD', pupils: 1, t: 'BIGINT' },
      { d: '2024-01-18', laestab: '8862001', nc_year: '5', sen_provision: 'K', primary_need: 'NSA', pupils: 1, t: 'BIGINT' },
      { d: '2024-01-18', laestab: '8862001', nc_year: '5', sen_provision: 'K', primary_need: 'SLCN', pupils: 1, t: 'BIGINT' },
      { d: '2024-01-18', laestab: '8862001', nc_year: '5', sen_provision: 'N', primary_need: null, pupils: 1, t: 'BIGINT' },
      { d: '2024-05-16', laestab: '8862001', nc_year: '5', sen_provision: 'E', primary_need: 'ASD', pupils: 1, t: 'BIGINT' },
    ]);
  });
});
