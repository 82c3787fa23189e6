import { afterEach, describe, expect, it } from 'vitest';
import { caseRecord, placementRecord, school } from './support/events.js';
import { buildFrom, query } from './support/warehouse.js';

let cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups) c(); cleanups = []; });

describe('smoke', () => {
  it('builds', async () => {
    const { home, result, cleanup } = await buildFrom([
      caseRecord({ requestId: '1', person: 'A', planStartDate: '2024-01-15' }, { asAt: '2024-03-31' }),
      placementRecord({ placementId: '10', person: 'A', urn: '100001', entryDate: '2023-09-01' }),
      school({ urn: '100001', type: 'Community school' }),
    ]);
    cleanups.push(cleanup);
    console.log(result);
    console.log(await query(home, 'select * from fct_ehcp_caseload order by snapshot_date'));
    expect(result.events).toBe(3);
  });
});
