// fct_assessment_requests and fct_plan_timeliness against CONTRACT §2.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../models/index.js';
import { caseRecord } from './support/events.js';
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

const numbers = (row: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]));

describe('fct_assessment_requests', () => {
  it('counts requests in the month of ReceivedDate, and decisions Y / N by that month', async () => {
    const home = await given([
      caseRecord({ requestId: '1', receivedDate: '2024-03-01', requestOutcome: 'Y', requestOutcomeDate: '2024-04-20' }, { asAt: '2024-05-31' }),
      caseRecord({ requestId: '2', receivedDate: '2024-03-31', requestOutcome: 'N', requestOutcomeDate: '2024-04-05' }, { asAt: '2024-05-31' }),
      caseRecord({ requestId: '3', receivedDate: '2024-03-15', requestOutcome: 'A' }, { asAt: '2024-05-31' }),
      caseRecord({ requestId: '4', receivedDate: '2024-03-15', requestOutcome: 'W' }, { asAt: '2024-05-31' }),
      caseRecord({ requestId: '5', receivedDate: '2024-04-01' }, { asAt: '2024-05-31' }),
      caseRecord({ requestId: '6', receivedDate: '2024-03-02', areaTeam: 'East', requestOutcome: 'Y', requestOutcomeDate: '2024-03-20' }, { asAt: '2024-05-31' }),
    ]);
    const rows = await query(
      home,
      `select strftime(month, '%Y-%m-%d') as month, area_team, requests_received, decided_to_assess, decided_not_to_assess, decisions_within_6_weeks
       from fct_assessment_requests where area_team in ('North', 'East') order by month, area_team`,
    );
    expect(rows.map(numbers)).toEqual([
      { month: '2024-03-01', area_team: 'East', requests_received: 1, decided_to_assess: 1, decided_not_to_assess: 0, decisions_within_6_weeks: 1 },
      { month: '2024-03-01', area_team: 'North', requests_received: 4, decided_to_assess: 1, decided_not_to_assess: 1, decisions_within_6_weeks: 1 },
      { month: '2024-04-01', area_team: 'East', requests_received: 0, decided_to_assess: 0, decided_not_to_assess: 0, decisions_within_6_weeks: 0 },
      { month: '2024-04-01', area_team: 'North', requests_received: 1, decided_to_assess: 0, decided_not_to_assess: 0, decisions_within_6_weeks: 0 },
      { month: '2024-05-01', area_team: 'East', requests_received: 0, decided_to_assess: 0, decided_not_to_assess: 0, decisions_within_6_weeks: 0 },
      { month: '2024-05-01', area_team: 'North', requests_received: 0, decided_to_assess: 0, decided_not_to_assess: 0, decisions_within_6_weeks: 0 },
    ]);
  });

  it('counts a decision within 6 weeks at 42 days, not at 43', async () => {
    const home = await given([
      caseRecord({ requestId: '1', receivedDate: '2024-01-01', requestOutcome: 'Y', requestOutcomeDate: '2024-02-12' }, { asAt: '2024-03-31' }),
      caseRecord({ requestId: '2', receivedDate: '2024-01-01', requestOutcome: 'N', requestOutcomeDate: '2024-02-12' }, { asAt: '2024-03-31' }),
      caseRecord({ requestId: '3', receivedDate: '2024-01-01', requestOutcome: 'Y', requestOutcomeDate: '2024-02-13' }, { asAt: '2024-03-31' }),
      caseRecord({ requestId: '4', receivedDate: '2024-01-01', requestOutcome: 'W', requestOutcomeDate: '2024-01-05' }, { asAt: '2024-03-31' }),
    ]);
    const [row] = await query(
      home,
      `select requests_received, decided_to_assess, decided_not_to_assess, decisions_within_6_weeks from fct_assessment_requests where month = date '2024-01-01' and area_team = 'North'`,
    );
    expect(numbers(row)).toEqual({ requests_received: 4, decided_to_assess: 2, decided_not_to_assess: 1, decisions_within_6_weeks: 2 });
  });

  it('has a row for every area team in every month of the span, zeros included', async () => {
    const home = await given([
      caseRecord({ requestId: '1', receivedDate: '2024-01-10', areaTeam: 'West' }, { asAt: '2024-03-05' }),
    ]);
    const rows = await query(home, `select strftime(month, '%Y-%m') as m, count(*)::integer as teams, sum(requests_received)::integer as n from fct_assessment_requests group by 1 order by 1`);
    expect(rows).toEqual([
      { m: '2024-01', teams: 5, n: 1 },
      { m: '2024-02', teams: 5, n: 0 },
      { m: '2024-03', teams: 5, n: 0 },
    ]);
    const teams = await query(home, `select list(area_team order by area_team) as t from fct_assessment_requests where month = date '2024-02-01'`);
    expect(teams[0]?.t).toEqual(['East', 'North', 'Not Kent Address', 'South', 'West']);
  });
});

describe('fct_plan_timeliness', () => {
  it('counts plans issued in the month of AssessmentOutcomeDate, within 20 weeks at 140 days, not 141, and the _ex columns without exceptions', async () => {
    const home = await given([
      // 140 days: within.
      caseRecord({ requestId: '1', receivedDate: '2024-01-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2024-05-20' }, { asAt: '2024-06-30' }),
      // 141 days: late.
      caseRecord({ requestId: '2', receivedDate: '2024-01-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2024-05-21' }, { asAt: '2024-06-30' }),
      // Late, but a 20-week exception applies: left out of the _ex columns.
      caseRecord({ requestId: '3', receivedDate: '2023-11-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2024-05-02', week20Exception: 1 }, { asAt: '2024-06-30' }),
      // Within 20 weeks with an exception: counted in plain columns only.
      caseRecord({ requestId: '4', receivedDate: '2024-04-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2024-05-03', week20Exception: 1 }, { asAt: '2024-06-30' }),
      // Exception flag 0: counted everywhere.
      caseRecord({ requestId: '5', receivedDate: '2024-04-01', assessmentOutcome: 'Y', assessmentOutcomeDate: '2024-05-31', week20Exception: 0 }, { asAt: '2024-06-30' }),
      // Not issued: N, and Y without a date.
      caseRecord({ requestId: '6', receivedDate: '2024-01-01', assessmentOutcome: 'N', assessmentOutcomeDate: '2024-05-10' }, { asAt: '2024-06-30' }),
    ]);
    const [row] = await query(
      home,
      `select plans_issued, issued_within_20_weeks, plans_issued_ex, issued_within_20_weeks_ex from fct_plan_timeliness where month = date '2024-05-01' and area_team = 'North'`,
    );
    expect(numbers(row)).toEqual({ plans_issued: 5, issued_within_20_weeks: 3, plans_issued_ex: 3, issued_within_20_weeks_ex: 2 });
    const [june] = await query(home, `select sum(plans_issued)::integer as n from fct_plan_timeliness where month = date '2024-06-01'`);
    expect(june?.n).toBe(0);
  });
});
