import { describe, expect, it } from 'vitest';
import { EES_RULES, eesDataset, eesSpec } from '../../../ingest/ees/eesSpec.js';
import { EesRow } from '../../../models/index.js';
import { expectCatalogueValid, expectEachRuleAlone, testContext, valueOf, type RuleCases } from '../fields/specHarness.js';
import { parseCsv, rawRows } from './eesRows.js';

const ctx = testContext('requests.csv');

const CSV = [
  '\uFEFFtime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,breakdown_topic,breakdown,requests_received_in_year,request_assess_pc,Low_flag,conf',
  '2024,Calendar year,Local authority,E92000001,England,E12000008,South East,E06000058,839,"Bournemouth, Christchurch and Poole",All requests,All requests,1203,x,low,c',
  '2024,Calendar year,National,E92000001,England,,,,,,All requests,All requests,97000,z,,',
].join('\r\n');

const [header, ...records] = parseCsv(CSV);
const [LA, NATIONAL] = rawRows(eesSpec, header!, records);

describe('ees rows', () => {
  it('keep dimensions typed and every other column as a published string', () => {
    const value = valueOf(eesSpec, LA!, ctx);
    expect(value).toEqual({
      dataset: 'requests',
      timePeriod: '2024',
      timeIdentifier: 'Calendar year',
      geographicLevel: 'Local authority',
      countryCode: 'E92000001',
      regionCode: 'E12000008',
      regionName: 'South East',
      laCode: 'E06000058',
      oldLaCode: '839',
      laName: 'Bournemouth, Christchurch and Poole',
      breakdownTopic: 'All requests',
      breakdown: 'All requests',
      measures: { requests_received_in_year: '1203', request_assess_pc: 'x', Low_flag: 'low', conf: 'c' },
    });
    expect(EesRow.parse(value)).toEqual(value);
    expect(eesSpec.key(value)).toBe('requests|2024|Local authority|E92000001|E12000008|E06000058|839|All requests|All requests');
    expect(eesSpec.asAt(value)).toBeNull();
  });

  it('leave blank geography null and blank measures out', () => {
    const value = valueOf(eesSpec, NATIONAL!, ctx);
    expect(value).toMatchObject({ regionCode: null, regionName: null, laCode: null, oldLaCode: null, laName: null, measures: { requests_received_in_year: '97000', request_assess_pc: 'z' } });
    expect(eesSpec.key(value)).toBe('requests|2024|National|E92000001||||All requests|All requests');
  });

  it('fold the filters of releases before 2023 into the breakdown', () => {
    const row = { time_period: '2022', geographic_level: 'National', establishment_group: 'Mainstream', establishment_type: 'Mainstream - Academy', Total_ehc: '5' };
    expect(valueOf(eesSpec, row, testContext('sen2_estab_caseload.csv'))).toMatchObject({
      dataset: 'sen2_estab_caseload',
      breakdownTopic: 'establishment_group / establishment_type',
      breakdown: 'Mainstream / Mainstream - Academy',
      measures: { Total_ehc: '5' },
    });
  });

  it('name the dataset after the file', () => {
    expect(['caseload.csv', 'data/caseload.csv', 'C:\\x\\Caseload.CSV', 'annual_reviews'].map(eesDataset)).toEqual(['caseload', 'caseload', 'Caseload', 'annual_reviews']);
  });

  it('break each rule alone, and the cases cover every ees rule', () => {
    const cases: RuleCases = [
      ['ees.time-period.required', { time_period: undefined }],
      ['ees.time-period.format', { time_period: '2024/25' }],
      ['ees.geographic-level.required', { geographic_level: undefined }],
    ];
    expectEachRuleAlone(eesSpec, LA!, cases, EES_RULES);
  });

  it('publish new statistics and revise changed ones; quarantine keeps the row as read', () => {
    const value = valueOf(eesSpec, LA!, ctx);
    const events = [...eesSpec.diff(undefined, value).events, ...eesSpec.diff('changed', { ...value, measures: { requests_received_in_year: '1210' } }).events];
    expect(events.map((e) => e.type)).toEqual(['EesStatisticsPublished', 'EesStatisticsRevised']);
    expectCatalogueValid(events);
    expect(eesSpec.minimise(LA!, ctx)).toMatchObject({ la_name: 'Bournemouth, Christchurch and Poole', conf: 'c', breakdown: 'All requests', characteristic_age: null });
  });
});
