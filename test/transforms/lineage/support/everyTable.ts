// A small event log that fills every table of the warehouse: schools, areas,
// cost centres, cases (with corrections from a later extract), placements,
// ledger postings (one corrected by an adjustments file), census records (one
// corrected), a Safety Valve plan (revised), DfE statistics and rejected rows.
// Each extract is its own file, with real line numbers, so lineage can be
// checked down to the file and line.
import type { NewEvent } from '../../../../models/index.js';
import {
  area,
  caseChange,
  caseRecord,
  censusPupil,
  costCentre,
  eesRow,
  event,
  placementChange,
  placementRecord,
  posting,
  quarantined,
  safetyValvePlan,
  school,
} from '../../warehouse/support/events.js';

/** The event as read from `file` at `line`. */
export function inFile(e: NewEvent, file: string, line: number, asAt: string | null = e.asAt): NewEvent {
  return event(e.type, e.source, e.key, e.data, { asAt, file, line });
}

/** Gives the events of one file consecutive lines from 2 (line 1 is the header). */
function file(name: string, events: NewEvent[], asAt?: string | null): NewEvent[] {
  return events.map((e, i) => inFile(e, name, i + 2, asAt === undefined ? e.asAt : asAt));
}

/** The first part of the log: every source once. */
export function firstExtracts(): NewEvent[] {
  return [
    ...file('gias.csv', [
      school({ urn: '100001', type: 'Community school', district: 'Dover', ukprn: '10000001' }),
      school({ urn: '100002', type: 'Other independent special school', district: 'Thanet' }),
      school({ urn: '100003', type: 'Further education', district: 'Maidstone', ukprn: '10000003' }),
    ]),
    ...file('areas.csv', [area('Dover', 'South'), area('Thanet', 'East'), area('Maidstone', 'West')]),
    ...file('cost_centres.csv', [
      costCentre('CC-MSS', 'Maintained Special Schools', 'spend'),
      costCentre('CC-ISS', 'Independent Special Schools', 'spend'),
      costCentre('CC-GRANT', 'High Needs Grant', 'grant'),
      costCentre('CC-XFER', 'Transfer from Schools Block', 'transfer'),
      costCentre('CC-DFE', 'DfE Contribution', 'dfe_contribution'),
      costCentre('CC-KCC', 'Council Contribution', 'council_contribution'),
    ]),
    ...file(
      'cases_2024-03-31.csv',
      [
        caseRecord({ requestId: '1', person: 'A', areaTeam: 'East', receivedDate: '2023-01-05', requestOutcome: 'Y', requestOutcomeDate: '2023-02-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2023-05-10', week20Exception: 0, primaryNeed: 'ASD', planStartDate: '2023-05-10', birthMonth: '2012-04' }),
        caseRecord({ requestId: '2', person: 'B', areaTeam: 'East', receivedDate: '2023-01-20', requestOutcome: 'Y', requestOutcomeDate: '2023-04-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2023-07-20', week20Exception: 1, primaryNeed: 'SEMH', planStartDate: '2023-07-20', birthMonth: '2010-11' }),
        caseRecord({ requestId: '3', person: 'C', areaTeam: 'South', receivedDate: '2023-02-02', requestOutcome: 'N', requestOutcomeDate: '2023-03-01' }),
        caseRecord({ requestId: '4', person: 'D', areaTeam: 'East', receivedDate: '2022-10-03', requestOutcome: 'Y', requestOutcomeDate: '2022-11-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2023-01-30', week20Exception: 0, primaryNeed: 'ASD', planStartDate: '2023-01-30', ceaseDate: '2024-01-31', ceaseReason: '1', birthMonth: '2008-01' }),
        caseRecord({ requestId: '5', person: 'A', areaTeam: 'East', receivedDate: '2021-03-01', requestOutcome: 'Y', requestOutcomeDate: '2021-04-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2021-07-01', week20Exception: 0, primaryNeed: 'SLCN', planStartDate: '2021-07-01', birthMonth: '2012-04' }),
      ],
      '2024-03-31',
    ),
    quarantined('cases', 'cases_2024-03-31.csv', 7, [{ rule: 'cases.received-date.format', message: 'ReceivedDate is not a real date.' }], { RequestID: '99', ReceivedDate: '2023-02-30' }),
    ...file(
      'placements_2024-03-31.csv',
      [
        placementRecord({ placementId: '11', person: 'A', urn: '100002', entryDate: '2023-09-01' }),
        placementRecord({ placementId: '12', person: 'B', urn: '100001', entryDate: '2022-09-01', senUnit: 1 }),
        placementRecord({ placementId: '13', person: 'D', ukprn: '10000003', entryDate: '2023-09-01' }),
        placementRecord({ placementId: '14', person: 'A', senSetting: 'EHE', entryDate: '2021-09-01', rank: 2 }),
      ],
      '2024-03-31',
    ),
    ...file('ledger_2023-24.csv', [
      posting({ transactionId: 'T1', financialYear: '2023-24', period: 1, costCentre: 'CC-MSS', amount: '1000.50' }),
      posting({ transactionId: 'T2', financialYear: '2023-24', period: 1, costCentre: 'CC-MSS', amount: '250.00' }),
      posting({ transactionId: 'T3', financialYear: '2023-24', period: 2, costCentre: 'CC-ISS', amount: '400.00' }),
      posting({ transactionId: 'T4', financialYear: '2023-24', period: 2, costCentre: 'CC-GRANT', amount: '-2000.00' }),
      posting({ transactionId: 'T5', financialYear: '2023-24', period: 3, costCentre: 'CC-NEW', amount: '77.70' }),
      posting({ transactionId: 'T6', financialYear: '2023-24', period: 12, costCentre: 'CC-DFE', amount: '-300.00' }),
      posting({ transactionId: 'T7', financialYear: '2023-24', period: 1, costCentre: 'CC-MSS', ledgerType: 'Budget', amount: '5000.00' }),
    ]),
    ...file('ledger_2024-25.csv', [
      posting({ transactionId: 'T8', financialYear: '2024-25', period: 1, costCentre: 'CC-MSS', amount: '1200.00' }),
      posting({ transactionId: 'T9', financialYear: '2024-25', period: 4, costCentre: 'CC-XFER', amount: '-100.00' }),
      posting({ transactionId: 'T10', financialYear: '2024-25', period: 4, costCentre: 'CC-KCC', amount: '-50.00' }),
    ]),
    ...file('census_spring_2024.csv', [
      censusPupil({ censusDate: '2024-01-18', pupil: 'P1', laEstab: '8861001', senProvision: 'E', senType1: 'ASD' }),
      censusPupil({ censusDate: '2024-01-18', pupil: 'P2', laEstab: '8861001', senProvision: 'K', senType1: 'SEMH' }),
      censusPupil({ censusDate: '2024-01-18', pupil: 'P3', laEstab: '8861001', senProvision: 'N' }),
      censusPupil({ censusDate: '2024-01-18', pupil: 'P4', laEstab: '8861002', senProvision: 'N' }),
    ]),
    ...file('safety_valve_plan_2024.csv', [safetyValvePlan('2024-25', [['Savings', '-100.00'], ['Accumulated Position', '5000.00']])]),
    ...file('ehcp_caseload.csv', [
      eesRow({ dataset: 'caseload', timePeriod: '202324', measures: { ehcplans: '1234', mainstream: 'x' } }),
      eesRow({ dataset: 'caseload', timePeriod: '202425', measures: { ehcplans: '1300', mainstream: '600' } }),
    ]),
  ];
}

/** Later extracts that correct earlier records. */
export function correctionExtracts(): NewEvent[] {
  return [
    ...file(
      'cases_2025-03-31.csv',
      [
        caseChange('1', { primaryNeed: 'SEMH' }, { type: 'CaseRecordCorrected', asAt: '2025-03-31' }),
        caseChange('3', { areaTeam: 'West' }, { type: 'CaseRecordCorrected', asAt: '2025-03-31' }),
      ],
      '2025-03-31',
    ),
    ...file('placements_2025-03-31.csv', [placementChange('12', { senUnit: 0 }, { asAt: '2025-03-31' })], '2025-03-31'),
    ...file('ledger_2023-24_adjustments.csv', [posting({ transactionId: 'T2', financialYear: '2023-24', period: 1, costCentre: 'CC-MSS', amount: '275.25' }, 'LedgerPostingCorrected')]),
    ...file('census_spring_2024_resubmitted.csv', [censusPupil({ censusDate: '2024-01-18', pupil: 'P2', laEstab: '8861001', senProvision: 'E', senType1: 'SEMH' }, 'CensusPupilRecordCorrected')]),
    ...file('safety_valve_plan_2024_revised.csv', [safetyValvePlan('2024-25', [['Savings', '-150.00'], ['Accumulated Position', '4900.00']], 'SafetyValvePlanRevised')]),
  ];
}
