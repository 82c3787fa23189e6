// Property: building the warehouse in any number of increments gives the same
// tables (by content hash) as building once from the whole log.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../models/index.js';
import { buildWarehouse, rebuildWarehouse } from '../../../transforms/warehouse/build.js';
import { createMemoryEventLog } from '../../../ingest/log/memoryEventLog.js';
import {
  appendEvents,
  area,
  caseChange,
  censusPupil,
  costCentre,
  eesRow,
  placementChange,
  placementRecord,
  posting,
  quarantined,
  safetyValvePlan,
  school,
  type CaseSpec,
} from './support/events.js';
import { tempHome } from './support/warehouse.js';

const day = fc.integer({ min: 0, max: 6 * 365 }).map((n) => new Date(Date.UTC(2019, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const CASE_TYPES = ['AssessmentRequestReceived', 'AssessmentRequestDecided', 'EhcPlanIssued', 'EhcPlanStarted', 'EhcPlanCeased', 'CaseRecordCorrected'] as const;
const SCHOOL_TYPES = ['Community school', 'Academy converter', 'Free schools', 'Other independent school', 'Foundation special school', 'Further education', 'Welsh establishment', 'Secure units'];

const caseEvent: fc.Arbitrary<NewEvent> = fc
  .record({
    requestId: fc.constantFrom('1', '2', '3', '10', '11'),
    type: fc.constantFrom(...CASE_TYPES),
    asAt: day,
    fields: fc.record(
      {
        person: maybe(fc.constantFrom('A', 'B', 'C')),
        birthMonth: maybe(fc.constantFrom('2008-02', '2012-06', '2016-11')),
        areaTeam: maybe(fc.constantFrom('North', 'East', 'South', 'West', 'Not Kent Address') as fc.Arbitrary<NonNullable<CaseSpec['areaTeam']>>),
        receivedDate: maybe(day),
        requestOutcome: maybe(nullable(fc.constantFrom('Y', 'N', 'A') as fc.Arbitrary<'Y' | 'N' | 'A'>)),
        requestOutcomeDate: maybe(nullable(day)),
        assessmentOutcome: maybe(nullable(fc.constantFrom('Y', 'N') as fc.Arbitrary<'Y' | 'N'>)),
        assessmentOutcomeDate: maybe(nullable(day)),
        week20Exception: maybe(nullable(fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>)),
        primaryNeed: maybe(nullable(fc.constantFrom('ASD', 'SEMH', 'SLCN'))),
        planStartDate: maybe(nullable(day)),
        ceaseDate: maybe(nullable(day)),
      },
      { requiredKeys: [] },
    ),
  })
  .map(({ requestId, type, asAt, fields }) => caseChange(requestId, fields, { asAt, type }));

const placementEvent: fc.Arbitrary<NewEvent> = fc.oneof(
  fc
    .record({
      placementId: fc.constantFrom('1', '2', '3', '4'),
      person: fc.constantFrom('A', 'B', 'C'),
      urn: nullable(fc.constantFrom('100001', '100002', '100003', '999999')),
      ukprn: nullable(fc.constantFrom('10000001', '10000002')),
      senSetting: nullable(fc.constantFrom('EHE', 'NEET', 'OTH')),
      entryDate: day,
      leavingDate: nullable(day),
      rank: fc.constantFrom(1, 1, 2),
      senUnit: nullable(fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>),
      resourcedProvision: nullable(fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>),
      asAt: day,
    })
    .map(({ asAt, ...spec }) => placementRecord(spec, { asAt })),
  fc
    .record({ placementId: fc.constantFrom('1', '2', '3', '4'), leavingDate: nullable(day), urn: maybe(nullable(fc.constantFrom('100001', '100003'))), asAt: day })
    .map(({ placementId, asAt, ...fields }) => placementChange(placementId, fields, { asAt })),
);

const costCentreEvent: fc.Arbitrary<NewEvent> = fc
  .record({ code: fc.constantFrom('CC1', 'CC2', 'CC3'), kind: fc.constantFrom('spend', 'grant', 'council_contribution'), line: fc.constantFrom('Post 16', 'Maintained Special Schools') })
  .map(({ code, line, kind }) => costCentre(code, line, kind));

const postingEvent: fc.Arbitrary<NewEvent> = fc
  .record({
    transactionId: fc.constantFrom('T1', 'T2', 'T3', 'T4', 'T5'),
    financialYear: fc.constantFrom('2021-22', '2022-23', '2024-25'),
    period: fc.integer({ min: 1, max: 14 }),
    costCentre: fc.constantFrom('CC1', 'CC2', 'CC3', 'CC9'),
    ledgerType: fc.constantFrom('Actual', 'Actual', 'Budget') as fc.Arbitrary<'Actual' | 'Budget'>,
    amount: fc.integer({ min: -100_000, max: 100_000 }).map((p) => (p / 100).toFixed(2)),
  })
  .map((spec) => posting(spec));

const referenceEvent: fc.Arbitrary<NewEvent> = fc.oneof(
  fc
    .record({ urn: fc.constantFrom('100001', '100002', '100003'), type: fc.constantFrom(...SCHOOL_TYPES), ukprn: nullable(fc.constantFrom('10000001', '10000002')), district: fc.constantFrom('Dartford', 'Thanet') })
    .map((spec) => school(spec)),
  fc.record({ district: fc.constantFrom('Dartford', 'Thanet'), team: fc.constantFrom('North', 'East') as fc.Arbitrary<'North' | 'East'> }).map(({ district, team }) => area(district, team)),
  costCentreEvent,
  postingEvent,
  fc
    .record({ censusDate: fc.constantFrom('2024-01-18', '2024-05-16'), pupil: fc.constantFrom('U1', 'U2', 'U3'), laEstab: fc.constantFrom('8862001', '8864000'), senProvision: fc.constantFrom('N', 'K', 'E') as fc.Arbitrary<'N' | 'K' | 'E'> })
    .map((spec) => censusPupil({ ...spec, senType1: spec.senProvision === 'N' ? null : 'ASD' })),
  fc
    .record({ year: fc.constantFrom('2024-25', '2025-26'), amount: fc.integer({ min: -1000, max: 1000 }).map((n) => `${n}.00`), two: fc.boolean() })
    .map(({ year, amount, two }) => safetyValvePlan(year, two ? [['Savings', amount], ['Post 16', '1.00']] : [['Savings', amount]])),
  fc
    .record({ period: fc.constantFrom('202324', '202425'), value: fc.constantFrom('12', '3.5', 'x', 'c', 'low') })
    .map(({ period, value }) => eesRow({ dataset: 'caseload', timePeriod: period, measures: { ehcplans: value, special_total: '7' } })),
  fc
    .record({ line: fc.integer({ min: 2, max: 4 }), rule: fc.constantFrom('bad-date', 'bad-upn') })
    .map(({ line, rule }) => quarantined('cases', 'cases.csv', line, [{ rule, message: `broke ${rule}` }], { RequestID: String(line) })),
);

// Mixes, so that a change's reach is not always hidden behind one that dirties everything (a schools change).
const events = fc.oneof(
  fc.array(caseEvent, { minLength: 3, maxLength: 30 }),
  fc.array(fc.oneof(costCentreEvent, postingEvent), { minLength: 3, maxLength: 25 }),
  fc.array(fc.oneof({ arbitrary: caseEvent, weight: 2 }, { arbitrary: placementEvent, weight: 1 }), { minLength: 3, maxLength: 40 }),
  fc.array(fc.oneof({ arbitrary: caseEvent, weight: 4 }, { arbitrary: placementEvent, weight: 3 }, { arbitrary: referenceEvent, weight: 3 }), { minLength: 5, maxLength: 45 }),
);

describe('incremental builds', () => {
  it('give the same tables as one build from the whole log, whatever the increments', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        events.chain((evs) => fc.tuple(fc.constant(evs), fc.uniqueArray(fc.integer({ min: 1, max: evs.length - 1 }), { minLength: 1, maxLength: 3 }))),
        async ([events, cutPoints]) => {
          const { home, cleanup } = tempHome();
          try {
            const log = createMemoryEventLog();
            let done = 0;
            for (const cut of [...[...cutPoints].sort((a, b) => a - b), events.length]) {
              await appendEvents(log, events.slice(done, cut));
              done = cut;
              await buildWarehouse({ home, log });
            }
            const result = await rebuildWarehouse({ home, log, verify: true });
            expect(result.verified).toBe(true);
            expect(result.toSeq).toBe(events.length);
          } finally {
            cleanup();
          }
        },
      ),
      { numRuns: 20, seed: 20250101, endOnFailure: true },
    );
  });
});
