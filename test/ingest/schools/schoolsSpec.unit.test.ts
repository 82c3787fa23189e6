import { describe, expect, it } from 'vitest';
import { SCHOOLS_RULES, schoolsSpec } from '../../../ingest/schools/schoolsSpec.js';
import { School } from '../../../models/index.js';
import { expectCatalogueValid, expectEachRuleAlone, patch, valueOf, type RuleCases } from '../fields/specHarness.js';

const GOOD = {
  URN: '118950',
  'LA (code)': '886',
  EstablishmentNumber: '7001',
  EstablishmentName: 'Five Acre Wood School',
  'TypeOfEstablishment (name)': 'Community special school',
  'PhaseOfEducation (name)': 'Not applicable',
  'DistrictAdministrative (name)': 'Maidstone',
  UKPRN: '10079211',
  'EstablishmentStatus (name)': 'Open',
};

const CASES: RuleCases = [
  ['schools.urn.required', { URN: undefined }],
  ['schools.urn.format', { URN: '11895' }],
  ['schools.establishment-name.required', { EstablishmentName: undefined }],
  ['schools.type-of-establishment.required', { 'TypeOfEstablishment (name)': undefined }],
  ['schools.ukprn.format', { UKPRN: '1007921' }],
];

describe('schools rows', () => {
  it('map a GIAS row to a School, names kept', () => {
    const value = valueOf(schoolsSpec, GOOD);
    expect(value).toEqual({
      urn: '118950', laCode: '886', establishmentNumber: '7001', name: 'Five Acre Wood School', type: 'Community special school',
      phase: 'Not applicable', district: 'Maidstone', ukprn: '10079211', status: 'Open',
    });
    expect(School.parse(value)).toEqual(value);
    expect([schoolsSpec.key(value), schoolsSpec.asAt(value)]).toEqual(['118950', null]);
    expect(valueOf(schoolsSpec, patch(GOOD, { UKPRN: undefined, 'PhaseOfEducation (name)': undefined }))).toMatchObject({ ukprn: null, phase: null });
  });

  it('break each rule alone, and the cases cover every schools rule', () => {
    expectEachRuleAlone(schoolsSpec, GOOD, CASES, SCHOOLS_RULES);
  });

  it('publish a new school and revise a changed one', () => {
    const value = valueOf(schoolsSpec, GOOD);
    const events = [...schoolsSpec.diff(undefined, value).events, ...schoolsSpec.diff('changed', { ...value, status: 'Closed' }).events];
    expect(events.map((e) => e.type)).toEqual(['SchoolPublished', 'SchoolRecordRevised']);
    expectCatalogueValid(events);
    expect(schoolsSpec.minimise(GOOD, { pseudonymise: () => 'x', file: 'f' })).toEqual(GOOD);
  });
});
