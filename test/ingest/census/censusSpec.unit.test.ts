import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CENSUS_RULES, censusSpec } from '../../../ingest/census/censusSpec.js';
import { canonicalJson, CensusPupil } from '../../../models/index.js';
import { NC_YEARS, SEN_TYPES } from '../../../ingest/fields/codes.js';
import { diagnosticsOf, expectCatalogueValid, expectEachRuleAlone, patch, testContext, valueOf, type RuleCases } from '../fields/specHarness.js';

const ctx = testContext('census_2025_spring.csv');

const GOOD = {
  CensusDate: '2025-01-16',
  UPN: 'B801200005001',
  LAEstab: '8862001',
  URN: '118000',
  DOB: '2014-03-05',
  Sex: 'F',
  NCyearActual: '5',
  SENprovision: 'K',
  SENtype1: 'ASD',
  SENtype2: 'SLCN',
};

const CASES: RuleCases = [
  ['census.census-date.required', { CensusDate: undefined }],
  ['census.census-date.format', { CensusDate: '2025-02-30' }],
  ['census.census-date.not-census-day', { CensusDate: '2025-01-15' }],
  ['census.upn.required', { UPN: undefined }],
  ['census.upn.format', { UPN: 'B80120000500' }],
  ['census.upn.check-letter', { UPN: 'A801200005001' }],
  ['census.la-estab.required', { LAEstab: undefined }],
  ['census.la-estab.format', { LAEstab: '886200' }],
  ['census.urn.format', { URN: '11800A' }],
  ['census.dob.required', { DOB: undefined }],
  ['census.dob.format', { DOB: '31/02/2014' }],
  ['census.dob.after-census-date', { DOB: '2025-01-17' }],
  ['census.sex.required', { Sex: undefined }],
  ['census.sex.code', { Sex: 'X' }],
  ['census.nc-year-actual.required', { NCyearActual: undefined }],
  ['census.nc-year-actual.code', { NCyearActual: '15' }],
  ['census.sen-provision.required', { SENprovision: undefined }],
  ['census.sen-provision.code', { SENprovision: 'S' }],
  ['census.sen-type1.required', { SENtype1: undefined }],
  ['census.sen-type1.code', { SENtype1: 'ADHD' }],
  ['census.sen-type1.nsa-without-k', { SENprovision: 'E', SENtype1: 'NSA' }],
  ['census.sen-type2.code', { SENtype2: 'ADHD' }],
  ['census.sen-type2.nsa-without-k', { SENprovision: 'E', SENtype2: 'NSA' }],
  ['census.sen-type2.same-as-type1', { SENtype2: 'ASD' }],
];

describe('census rows', () => {
  it('map a good row to a CensusPupil with a pseudonym and a birth month', () => {
    const value = valueOf(censusSpec, GOOD, ctx);
    expect(value).toEqual({
      censusDate: '2025-01-16',
      pupil: ctx.pseudonymise('B801200005001'),
      laEstab: '8862001',
      urn: '118000',
      birthMonth: '2014-03',
      sex: 'F',
      ncYear: '5',
      senProvision: 'K',
      senType1: 'ASD',
      senType2: 'SLCN',
    });
    expect(CensusPupil.parse(value)).toEqual(value);
    expect(censusSpec.key(value)).toBe(`2025-01-16|${ctx.pseudonymise('B801200005001')}|8862001`);
    expect(censusSpec.asAt(value)).toBe('2025-01-16');
  });

  it('read DD/MM/YYYY dates, codes in any case, blanks as null and a temporary UPN', () => {
    const value = valueOf(
      censusSpec,
      patch(GOOD, { CensusDate: '03/10/2024', DOB: '05/03/2014', Sex: 'm', NCyearActual: 'r', SENprovision: 'n', SENtype1: undefined, SENtype2: undefined, URN: undefined, UPN: ' g80120000101a ' }),
      ctx,
    );
    expect(value).toMatchObject({ censusDate: '2024-10-03', birthMonth: '2014-03', sex: 'M', ncYear: 'R', senProvision: 'N', senType1: null, senType2: null, urn: null });
    expect(value.pupil).toBe(ctx.pseudonymise('G80120000101A'));
  });

  it('accept every NC year and NSA with SEN support', () => {
    for (const year of ['N1', 'N2', 'R', '1', '14', 'X']) expect(valueOf(censusSpec, patch(GOOD, { NCyearActual: year })).ncYear).toBe(year);
    expect(valueOf(censusSpec, patch(GOOD, { SENtype1: 'NSA', SENtype2: undefined })).senType1).toBe('NSA');
    expect(valueOf(censusSpec, patch(GOOD, { DOB: '2025-01-16' })).birthMonth).toBe('2025-01');
  });

  it('break each rule alone, and the cases cover every census rule', () => {
    expect(CENSUS_RULES).toHaveLength(24);
    expectEachRuleAlone(censusSpec, GOOD, CASES, CENSUS_RULES);
  });

  it('report every broken rule of a row, in column order, never echoing the UPN or the date of birth', () => {
    const diagnostics = diagnosticsOf(censusSpec, patch(GOOD, { UPN: 'A801200005001', DOB: '2026-04-01', Sex: undefined, SENtype2: 'ASD' }));
    expect(diagnostics.map((d) => d.rule)).toEqual(['census.upn.check-letter', 'census.sex.required', 'census.dob.after-census-date', 'census.sen-type2.same-as-type1']);
    expect(diagnostics.map((d) => d.column)).toEqual(['UPN', 'Sex', 'DOB', 'SENtype2']);
    for (const { message } of diagnostics) {
      expect(message).not.toContain('A801200005001');
      expect(message).not.toContain('2026');
    }
  });

  it('declare Gender as the older name of Sex and the required columns', () => {
    expect(censusSpec.columns.find((c) => c.name === 'Sex')?.aliases).toEqual(['Gender']);
    expect(censusSpec.columns.filter((c) => c.required).map((c) => c.name)).toEqual(['CensusDate', 'UPN', 'LAEstab', 'DOB', 'Sex', 'NCyearActual', 'SENprovision']);
  });
});

describe('census record JSON', () => {
  it('property: the hand-written JSON of every record a row gives is exactly its canonical JSON', () => {
    const blankOr = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: undefined });
    const row = fc.record({
      CensusDate: fc.constantFrom('2025-01-16', '03/10/2024', '2024-05-16'),
      UPN: fc.constantFrom('B801200005001', 'g80120000101a', ' A950000178301 '),
      LAEstab: fc.stringMatching(/^\d{7}$/),
      URN: blankOr(fc.stringMatching(/^\d{6}$/)),
      DOB: fc.constantFrom('2010-01-31', '29/02/2012', '2019-09-01'),
      Sex: fc.constantFrom('M', 'F', 'm', 'f'),
      NCyearActual: fc.constantFrom(...NC_YEARS, 'r', 'n1'),
      SENprovision: fc.constantFrom('N', 'K', 'E', 'k'),
      SENtype1: blankOr(fc.constantFrom(...SEN_TYPES)),
      SENtype2: blankOr(fc.constantFrom(...SEN_TYPES)),
    });
    let records = 0;
    fc.assert(
      fc.property(row, (r) => {
        const result = censusSpec.parse(r, ctx);
        if (!result.ok) return;
        records++;
        expect(censusSpec.json?.(result.value)).toBe(canonicalJson(result.value));
      }),
      { numRuns: 2000 },
    );
    // Most generated rows are valid records (the rest break a cross-column rule): the property was tested.
    expect(records).toBeGreaterThan(500);
  });
});

describe('census events', () => {
  it('record a new pupil and correct a changed one, with the record as payload', () => {
    const value = valueOf(censusSpec, GOOD, ctx);
    const created = censusSpec.diff(undefined, value);
    expect(created).toEqual({ change: 'new', events: [{ type: 'CensusPupilRecorded', v: 1, data: value }] });
    const corrected = censusSpec.diff('changed', { ...value, senType2: null });
    expect(corrected).toEqual({ change: 'correction', events: [{ type: 'CensusPupilRecordCorrected', v: 1, data: { ...value, senType2: null } }] });
    expectCatalogueValid([...created.events, ...corrected.events]);
  });
});

describe('census minimise', () => {
  it('pseudonymises the UPN (valid or not) and keeps the DOB to the month', () => {
    const raw = patch(GOOD, { UPN: 'a801200005001', DOB: '05/03/2014' });
    expect(censusSpec.minimise(raw, ctx)).toEqual({
      ...GOOD,
      UPN: ctx.pseudonymise('A801200005001'),
      DOB: '2014-03',
    });
    expect(censusSpec.minimise(patch(GOOD, { DOB: 'not a date', URN: undefined }), ctx)).toMatchObject({ DOB: null, URN: null });
    expect(censusSpec.minimise({ ...GOOD, Surname: 'Smith', HomePostcode: 'CT1 1AA' } as never, ctx)).not.toHaveProperty('Surname');
  });

  it('never contains the raw UPN or the day of birth', () => {
    const upns = fc.stringMatching(/^[A-Z][0-9]{11}[0-9A-Z]$/);
    const dates = fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(upns, dates, fc.boolean(), (upn, dob, slashes) => {
        const iso = dob.toISOString().slice(0, 10);
        const written = slashes ? `${iso.slice(8)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso;
        const out = censusSpec.minimise(patch(GOOD, { UPN: upn, DOB: written }), ctx);
        const text = JSON.stringify(out);
        expect(text).not.toContain(upn);
        expect(text).not.toContain(iso);
        expect(text).not.toContain(written);
        expect(out.UPN).toBe(ctx.pseudonymise(upn));
        expect(out.DOB).toBe(iso.slice(0, 7));
      }),
      { numRuns: 300 },
    );
  });
});
