import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffPlacement, foldPlacement } from '../../../ingest/placements/placementEvents.js';
import { PLACEMENTS_RULES, placementsSpec } from '../../../ingest/placements/placementsSpec.js';
import type { EventDraft } from '../../../ingest/sourceSpec.js';
import { PlacementFields } from '../../../models/index.js';
import { expectCatalogueValid, expectEachRuleAlone, patch, testContext, valueOf, type RuleCases } from '../fields/specHarness.js';

const ctx = testContext('placements_2025-03-31.csv');

const GOOD = {
  ExtractDate: '2025-03-31',
  PlacementID: 'PL-9',
  PersonID: 'P-77',
  URN: '118000',
  EntryDate: '2024-09-01',
  PlacementRank: '1',
  SENunitIndicator: '0',
  ResourcedProvisionIndicator: '1',
};

const CASES: RuleCases = [
  ['placements.extract-date.required', { ExtractDate: undefined }],
  ['placements.extract-date.format', { ExtractDate: '31-03-2025' }],
  ['placements.placement-id.required', { PlacementID: undefined }],
  ['placements.person-id.required', { PersonID: undefined }],
  ['placements.urn.format', { URN: '1180001' }],
  ['placements.ukprn.format', { UKPRN: '1000123' }],
  ['placements.sen-setting.code', { SENSetting: 'HOME' }],
  ['placements.entry-date.required', { EntryDate: undefined }],
  ['placements.entry-date.format', { EntryDate: '2024-02-30' }],
  ['placements.leaving-date.format', { LeavingDate: 'ongoing' }],
  ['placements.placement-rank.range', { PlacementRank: '0' }],
  ['placements.sen-unit-indicator.code', { SENunitIndicator: 'Y' }],
  ['placements.resourced-provision-indicator.code', { ResourcedProvisionIndicator: '2' }],
  ['placements.setting.required-one-of', { URN: undefined }],
  ['placements.leaving-date.before-entry-date', { LeavingDate: '2024-08-31' }],
];

describe('placements rows', () => {
  it('map a good row to PlacementFields plus its extract date', () => {
    const { extractDate, ...fields } = valueOf(placementsSpec, GOOD, ctx);
    expect(extractDate).toBe('2025-03-31');
    expect(fields).toEqual({
      placementId: 'PL-9', person: ctx.pseudonymise('P-77'), urn: '118000', ukprn: null, senSetting: null,
      entryDate: '2024-09-01', leavingDate: null, rank: 1, senUnit: 0, resourcedProvision: 1,
    });
    expect(PlacementFields.strict().parse(fields)).toEqual(fields);
  });

  it('default the rank to 1 and accept a UKPRN or a setting instead of a URN', () => {
    const provider = valueOf(placementsSpec, patch(GOOD, { URN: undefined, UKPRN: '10001234', PlacementRank: undefined, SENunitIndicator: undefined, ResourcedProvisionIndicator: undefined }));
    expect(provider).toMatchObject({ urn: null, ukprn: '10001234', rank: 1, senUnit: null, resourcedProvision: null });
    expect(valueOf(placementsSpec, patch(GOOD, { URN: undefined, SENSetting: 'neet', PlacementRank: '2', LeavingDate: '01/09/2024' }))).toMatchObject({ senSetting: 'NEET', rank: 2, leavingDate: '2024-09-01' });
  });

  it('break each rule alone, and the cases cover every placements rule', () => {
    expect(PLACEMENTS_RULES).toHaveLength(15);
    expectEachRuleAlone(placementsSpec, GOOD, CASES, PLACEMENTS_RULES);
  });

  it('minimise pseudonymises PersonID and never keeps it raw', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2}[0-9]{5,9}$/), (person) => {
        const out = placementsSpec.minimise(patch(GOOD, { PersonID: person }), ctx);
        expect(out.PersonID).toBe(ctx.pseudonymise(person));
        expect(JSON.stringify(out)).not.toContain(person);
      }),
      { numRuns: 100 },
    );
  });
});

const START: PlacementFields = {
  placementId: 'PL-9', person: 'a'.repeat(64), urn: '118000', ukprn: null, senSetting: null,
  entryDate: '2024-09-01', leavingDate: null, rank: 1, senUnit: 0, resourcedProvision: null,
};

describe('placement events', () => {
  it('start a placement, end it, and correct anything else', () => {
    expect(diffPlacement(undefined, START)).toEqual({
      change: 'new',
      events: [{ type: 'PlacementStarted', v: 1, data: { placementId: 'PL-9', person: 'a'.repeat(64), urn: '118000', ukprn: null, senSetting: null, entryDate: '2024-09-01', rank: 1, senUnit: 0, resourcedProvision: null } }],
    });
    const ended = { ...START, leavingDate: '2025-02-01' };
    expect(diffPlacement(START, ended)).toEqual({ change: 'progress', events: [{ type: 'PlacementEnded', v: 1, data: { placementId: 'PL-9', leavingDate: '2025-02-01' } }] });
    expect(diffPlacement(undefined, ended).events.map((e) => e.type)).toEqual(['PlacementStarted', 'PlacementEnded']);
    expect(diffPlacement(ended, { ...ended, leavingDate: '2025-02-02', rank: 2 })).toEqual({
      change: 'correction',
      events: [{ type: 'PlacementRecordCorrected', v: 1, data: { placementId: 'PL-9', rank: 2, leavingDate: '2025-02-02' } }],
    });
    expect(diffPlacement(ended, { ...ended })).toEqual({ change: 'unchanged', events: [] });
    expect(() => placementsSpec.diff('changed', { ...START, extractDate: '2025-01-01' })).toThrow(/snapshot source/);
  });

  it('fold back to the latest snapshot over any sequence', () => {
    const nullable = <T>(...values: T[]) => fc.constantFrom<T | null>(null, ...values);
    const snapshot: fc.Arbitrary<PlacementFields> = fc.record({
      placementId: fc.constant('PL-9'),
      person: fc.constantFrom('a'.repeat(64), 'b'.repeat(64)),
      urn: nullable('118000', '118001'),
      ukprn: nullable('10001234'),
      senSetting: nullable('OLA' as const, 'EHE' as const),
      entryDate: fc.constantFrom('2024-09-01', '2024-09-02'),
      leavingDate: nullable('2025-02-01', '2025-03-01'),
      rank: fc.constantFrom(1, 2),
      senUnit: nullable(0 as const, 1 as const),
      resourcedProvision: nullable(0 as const, 1 as const),
    });
    fc.assert(
      fc.property(fc.array(snapshot, { minLength: 1, maxLength: 8 }), (snapshots) => {
        const log: EventDraft[] = [];
        let prev: PlacementFields | undefined;
        for (const next of snapshots) {
          const diff = diffPlacement(prev, next);
          expectCatalogueValid(diff.events);
          log.push(...diff.events);
          expect(foldPlacement(log)).toEqual(next);
          prev = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});
