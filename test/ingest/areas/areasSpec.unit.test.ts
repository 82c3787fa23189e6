import { describe, expect, it } from 'vitest';
import { AREAS_RULES, areasSpec } from '../../../ingest/areas/areasSpec.js';
import { expectCatalogueValid, expectEachRuleAlone, valueOf, type RuleCases } from '../fields/specHarness.js';

const GOOD = { District: 'Tunbridge Wells', AreaTeam: 'West' };

const CASES: RuleCases = [
  ['areas.district.required', { District: undefined }],
  ['areas.area-team.required', { AreaTeam: undefined }],
  ['areas.area-team.code', { AreaTeam: 'Central' }],
];

describe('areas rows', () => {
  it('map rows to AreaDistrict', () => {
    expect(valueOf(areasSpec, GOOD)).toEqual({ district: 'Tunbridge Wells', areaTeam: 'West' });
    expect(valueOf(areasSpec, { District: 'Folkestone and Hythe', AreaTeam: 'south' })).toEqual({ district: 'Folkestone and Hythe', areaTeam: 'South' });
  });

  it('break each rule alone, and the cases cover every areas rule', () => {
    expectEachRuleAlone(areasSpec, GOOD, CASES, AREAS_RULES);
  });

  it('map a new district and remap a changed one', () => {
    const value = valueOf(areasSpec, GOOD);
    const events = [...areasSpec.diff(undefined, value).events, ...areasSpec.diff('changed', { ...value, areaTeam: 'North' }).events];
    expect(events.map((e) => e.type)).toEqual(['AreaDistrictMapped', 'AreaDistrictRemapped']);
    expectCatalogueValid(events);
    expect([areasSpec.key(value), areasSpec.asAt(value)]).toEqual(['Tunbridge Wells', null]);
  });
});
