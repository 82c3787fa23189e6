// The data-quality checks inside builds: every publishing build records them
// at its log position, incremental builds keep the earlier results, full
// builds and rebuilds carry them over (replacing any at their own position),
// a verify compares everything but this history, and the status reads them.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../transforms/duckdb/database.js';
import { readLatestQuality } from '../../../transforms/quality/runChecks.js';
import { buildWarehouse, rebuildWarehouse } from '../../../transforms/warehouse/build.js';
import { warehousePath } from '../../../transforms/warehouse/paths.js';
import { openWarehouseReadOnly, readWarehouseStatus } from '../../../transforms/warehouse/readOnly.js';
import { appendEvents, costCentre, posting, safetyValvePlan } from '../warehouse/support/events.js';
import { logWith, query, tempHomes } from '../warehouse/support/warehouse.js';

const home = tempHomes();

// A plan whose 2025-26 accumulated position is £1m short of its arithmetic, and a posting to an unmapped cost centre.
const FIRST = [
  costCentre('CC1', 'Post 16', 'spend'),
  posting({ transactionId: 'T1', financialYear: '2024-25', costCentre: 'CC1', amount: '10.00' }),
  posting({ transactionId: 'T2', financialYear: '2024-25', costCentre: 'C14599', amount: '12480.00' }),
  safetyValvePlan('2024-25', [['Post 16', '25000000.00'], ['Accumulated Position', '97000000.00']]),
  safetyValvePlan('2025-26', [['Post 16', '33000000.00'], ['High Needs Grant', '-35000000.00'], ['Accumulated Position', '94000000.00']]),
];

async function results(h: string): Promise<Array<Record<string, unknown>>> {
  return query(h, `select log_position::integer as p, check_name, status, finding_count::integer as n from dq_check_results where status = 'fail' order by p, check_name`);
}

describe('data-quality checks in builds', () => {
  it('records every check at the build position, and an incremental build appends its own results to the history', async () => {
    const h = home();
    const log = await logWith(FIRST);
    const first = await buildWarehouse({ home: h, log });
    expect(first.quality?.logPosition).toBe(5);
    expect(first.quality?.results.filter((r) => r.status === 'fail').map((r) => [r.checkName, r.findingCount])).toEqual([
      ['safety_valve_plan_arithmetic', 1],
      ['unmapped_cost_centres', 1],
    ]);
    const [all] = await query(h, `select count(*)::integer as n, count(distinct check_name)::integer as checks from dq_check_results`);
    expect(all).toEqual({ n: 8, checks: 8 });
    const [finding] = await query(h, `select log_position::integer as p, subject, expected, actual, difference from dq_findings where check_name = 'safety_valve_plan_arithmetic'`);
    expect(finding).toEqual({ p: 5, subject: '2025-26', expected: 95_000_000, actual: 94_000_000, difference: -1_000_000 });

    // The plan is revised (2025-26 now adds up) and the cost centre is mapped.
    await appendEvents(log, [
      safetyValvePlan('2025-26', [['Post 16', '33000000.00'], ['High Needs Grant', '-35000000.00'], ['Accumulated Position', '95000000.00']], 'SafetyValvePlanRevised'),
      costCentre('C14599', 'Mainstream School Support (incl. SRPs)', 'spend'),
    ]);
    const second = await buildWarehouse({ home: h, log });
    expect(second).toMatchObject({ mode: 'incremental', toSeq: 7 });
    expect(second.quality?.results.every((r) => r.status === 'pass')).toBe(true);
    expect(await results(h)).toEqual([
      { p: 5, check_name: 'safety_valve_plan_arithmetic', status: 'fail', n: 1 },
      { p: 5, check_name: 'unmapped_cost_centres', status: 'fail', n: 1 },
    ]);
    const [counts] = await query(h, `select count(*) filter (where log_position = 7)::integer as now, count(*)::integer as all from dq_check_results`);
    expect(counts).toEqual({ now: 8, all: 16 });
    const db = await openWarehouseReadOnly(h);
    const latest = await readLatestQuality(db.connection);
    db.close();
    expect(latest).toMatchObject({ logPosition: 7, findings: [] });
    expect(latest?.results.map((r) => r.status)).toEqual(Array(8).fill('pass'));
  });

  it('a rebuild carries the history over from the live file and replaces the results at its own position', async () => {
    const h = home();
    const log = await logWith(FIRST.slice(0, 3));
    await buildWarehouse({ home: h, log });
    await appendEvents(log, FIRST.slice(3));
    await buildWarehouse({ home: h, log });
    const rebuilt = await rebuildWarehouse({ home: h, log, verify: false });
    expect(rebuilt.quality?.logPosition).toBe(5);
    const positions = await query(h, `select log_position::integer as p, count(*)::integer as n from dq_check_results group by all order by p`);
    expect(positions).toEqual([
      { p: 3, n: 8 },
      { p: 5, n: 8 },
    ]);
    const findings = await query(h, `select log_position::integer as p, check_name, subject from dq_findings order by p, check_name`);
    expect(findings).toEqual([
      { p: 3, check_name: 'unmapped_cost_centres', subject: 'C14599' },
      { p: 5, check_name: 'safety_valve_plan_arithmetic', subject: '2025-26' },
      { p: 5, check_name: 'unmapped_cost_centres', subject: 'C14599' },
    ]);
  });

  it('a full build after the definitions changed carries the history over too', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    const db = await openDatabase(warehousePath(h), { readOnly: false });
    await db.connection.run(`update build_checkpoint set definitions_hash = 'older definitions'`);
    db.close();
    await appendEvents(log, [costCentre('C14599', 'Post 16', 'spend')]);
    const result = await buildWarehouse({ home: h, log });
    expect(result.mode).toBe('full');
    expect(await results(h)).toEqual([
      { p: 5, check_name: 'safety_valve_plan_arithmetic', status: 'fail', n: 1 },
      { p: 5, check_name: 'unmapped_cost_centres', status: 'fail', n: 1 },
      { p: 6, check_name: 'safety_valve_plan_arithmetic', status: 'fail', n: 1 },
    ]);
  });

  it('rebuild --verify does not compare the quality history (it is not content), and runs no checks', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    const db = await openDatabase(warehousePath(h), { readOnly: false });
    await db.connection.run(`insert into dq_findings values (1, 'made_up', 'x', 1, 2, 1, 'an older finding')`);
    db.close();
    const verified = await rebuildWarehouse({ home: h, log, verify: true });
    expect(verified.verified).toBe(true);
    expect(verified.quality).toBeUndefined();
    expect(verified.tables.map((t) => t.table)).not.toContain('dq_findings');
    expect(verified.tables.map((t) => t.table)).not.toContain('dq_check_results');
  });

  it("the warehouse status reports the current checks' failures", async () => {
    const h = home();
    await buildWarehouse({ home: h, log: await logWith(FIRST) });
    const status = await readWarehouseStatus(h);
    expect(status.quality).toEqual({
      logPosition: 5,
      checks: 8,
      failing: [
        { checkName: 'safety_valve_plan_arithmetic', severity: 'error', findingCount: 1 },
        { checkName: 'unmapped_cost_centres', severity: 'warning', findingCount: 1 },
      ],
      findings: 2,
    });
  });
});
