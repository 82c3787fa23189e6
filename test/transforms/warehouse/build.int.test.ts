// The build runner: incremental builds, rebuilds and verification, readers
// during builds, the build lock, and the comments every table carries.
import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../../ingest/log/memoryEventLog.js';
import { SendwhError } from '../../../models/index.js';
import { openDatabase } from '../../../transforms/duckdb/database.js';
import { buildWarehouse, hashTables, rebuildWarehouse } from '../../../transforms/warehouse/build.js';
import { describeWarehouse, readWarehouseComments } from '../../../transforms/warehouse/dictionary.js';
import { buildingPath, buildLockPath, warehousePath } from '../../../transforms/warehouse/paths.js';
import { openWarehouseReadOnly, readWarehouseStatus } from '../../../transforms/warehouse/readOnly.js';
import { appendEvents, caseChange, caseRecord, costCentre, placementRecord, posting, school } from './support/events.js';
import { gate } from './support/gatedLog.js';
import { logWith, query, tempHomes } from './support/warehouse.js';

const home = tempHomes();

const FIRST = [
  caseRecord({ requestId: '1', person: 'A', receivedDate: '2023-06-01', planStartDate: '2023-11-01', primaryNeed: 'ASD' }, { asAt: '2024-01-31' }),
  caseRecord({ requestId: '2', person: 'B', receivedDate: '2023-07-01', planStartDate: '2023-12-01', primaryNeed: 'SEMH' }, { asAt: '2024-01-31' }),
  school({ urn: '100001', type: 'Community school' }),
  placementRecord({ placementId: '1', person: 'A', urn: '100001', entryDate: '2022-09-01' }, { asAt: '2024-01-31' }),
  costCentre('CC1', 'Post 16', 'spend'),
  posting({ transactionId: 'T1', financialYear: '2023-24', costCentre: 'CC1', amount: '10.00' }),
];

async function countOn(home: string, date: string, where = 'true'): Promise<number> {
  const [row] = await query(home, `select coalesce(sum(plans), 0)::integer as n from fct_ehcp_caseload where snapshot_date = date '${date}' and ${where}`);
  return Number(row?.n);
}

describe('buildWarehouse', () => {
  it('reflects a correction that arrives after the first build, reading only the new events', async () => {
    const h = home();
    const log = await logWith(FIRST);
    const first = await buildWarehouse({ home: h, log });
    expect(first).toMatchObject({ mode: 'full', reason: 'no warehouse yet', fromSeq: 0, toSeq: 6, events: 6, upToDate: false });
    expect(await countOn(h, '2023-12-31', `primary_need = 'SEMH'`)).toBe(1);

    await appendEvents(log, [caseChange('2', { primaryNeed: 'SLCN', planStartDate: '2024-01-05' }, { asAt: '2024-02-29' })]);
    const second = await buildWarehouse({ home: h, log });
    expect(second).toMatchObject({ mode: 'incremental', fromSeq: 6, toSeq: 7, events: 1 });
    expect(await countOn(h, '2023-12-31')).toBe(1);
    expect(await countOn(h, '2024-01-31', `primary_need = 'SLCN'`)).toBe(1);
    expect(await countOn(h, '2024-01-31', `primary_need = 'SEMH'`)).toBe(0);
    // The new ExtractDate extends the span by a month.
    expect(await countOn(h, '2024-02-29')).toBe(2);
    const [checkpoint] = await query(h, `select log_position::integer as p from build_checkpoint`);
    expect(checkpoint?.p).toBe(7);
  });

  it('does nothing when the warehouse already reflects the whole log', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    const again = await buildWarehouse({ home: h, log });
    expect(again).toMatchObject({ upToDate: true, events: 0, fromSeq: 6, toSeq: 6 });
    const status = await readWarehouseStatus(h);
    expect(status).toMatchObject({ exists: true, logPosition: 6, definitionsCurrent: true, lastRun: { runId: 1, mode: 'full', fromSeq: 0, toSeq: 6, events: 6 } });
  });

  it('builds in full when the model definitions that built the live warehouse differ', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    const db = await openDatabase(warehousePath(h), { readOnly: false });
    await db.connection.run(`update build_checkpoint set definitions_hash = 'older definitions'`);
    db.close();
    await appendEvents(log, [caseChange('1', { primaryNeed: 'HI' })]);
    const result = await buildWarehouse({ home: h, log });
    expect(result).toMatchObject({ mode: 'full', reason: 'the model definitions changed since the live warehouse was built', fromSeq: 0, toSeq: 7 });
    expect(await countOn(h, '2023-12-31', `primary_need = 'HI'`)).toBe(1);
  });

  it('refuses to build from a log that ends before the position the warehouse has read', async () => {
    const h = home();
    await buildWarehouse({ home: h, log: await logWith(FIRST) });
    const shorter = await logWith(FIRST.slice(0, 3));
    await expect(buildWarehouse({ home: h, log: shorter })).rejects.toMatchObject({ code: 'log-behind-warehouse' });
    const [checkpoint] = await query(h, `select log_position::integer as p from build_checkpoint`);
    expect(checkpoint?.p).toBe(6);
  });

  it('refuses a second build while one holds the lock, and takes over a lock left by a dead process', async () => {
    const h = home();
    const log = await logWith(FIRST);
    writeFileSync(buildLockPath(h), JSON.stringify({ pid: process.pid }));
    await expect(buildWarehouse({ home: h, log })).rejects.toMatchObject({ code: 'build-in-progress' });
    expect(existsSync(warehousePath(h))).toBe(false);
    // A pid that cannot be alive: the lock of a killed build.
    writeFileSync(buildLockPath(h), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const result = await buildWarehouse({ home: h, log });
    expect(result.events).toBe(6);
    expect(existsSync(buildLockPath(h))).toBe(false);
  });

  it('removes a building file left by an interrupted build', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    writeFileSync(buildingPath(h), 'half a database');
    writeFileSync(`${buildingPath(h)}.wal`, 'half a log');
    await appendEvents(log, [caseChange('1', { primaryNeed: 'HI' })]);
    const result = await buildWarehouse({ home: h, log });
    expect(result).toMatchObject({ mode: 'incremental', events: 1 });
    expect(existsSync(buildingPath(h))).toBe(false);
    expect(existsSync(`${buildingPath(h)}.wal`)).toBe(false);
  });

  it('fails with the SQL file name when a model fails, and leaves the live warehouse as it was', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    const before = await hashesOf(h);
    const db = await openDatabase(warehousePath(h), { readOnly: false });
    // Sabotage the live file (the next build's copy source) so that a model's SQL fails.
    await db.connection.run(
      `create or replace table fct_plan_timeliness (month date, area_team varchar, plans_issued bigint check (plans_issued < 0),
        issued_within_20_weeks bigint, plans_issued_ex bigint, issued_within_20_weeks_ex bigint)`,
    );
    db.close();
    const sabotaged = await hashesOf(h);
    await appendEvents(log, [caseChange('1', { primaryNeed: 'HI' })]);
    const error = await buildWarehouse({ home: h, log }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendwhError);
    expect((error as SendwhError).message).toContain('sql/marts/fct_plan_timeliness.sql');
    expect(await hashesOf(h)).toEqual(sabotaged);
    expect(sabotaged).not.toEqual(before);
    expect(existsSync(buildingPath(h))).toBe(false);
  });
});

async function hashesOf(h: string) {
  const db = await openWarehouseReadOnly(h);
  try {
    return await hashTables(db.connection);
  } finally {
    db.close();
  }
}

describe('rebuildWarehouse', () => {
  it('verifies an incrementally built warehouse against a rebuild from the whole log', async () => {
    const h = home();
    const log = await logWith(FIRST.slice(0, 3));
    await buildWarehouse({ home: h, log });
    await appendEvents(log, FIRST.slice(3));
    await buildWarehouse({ home: h, log });
    const result = await rebuildWarehouse({ home: h, log, verify: true });
    expect(result).toMatchObject({ verified: true, toSeq: 6, events: 6 });
    expect(result.tables.map((t) => t.table)).toContain('fct_ehcp_caseload');
    expect(result.tables.find((t) => t.table === 'fct_hnb_spend')?.rows).toBe(1);
  });

  it('verifies up to the live position, ignoring events the live warehouse has not read yet', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    await appendEvents(log, [caseChange('1', { primaryNeed: 'HI' })]);
    const result = await rebuildWarehouse({ home: h, log, verify: true });
    expect(result).toMatchObject({ verified: true, toSeq: 6 });
  });

  it('fails with rebuild-mismatch naming the tables that differ, without replacing the live warehouse', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    const db = await openDatabase(warehousePath(h), { readOnly: false });
    await db.connection.run(`update fct_hnb_spend set amount = amount + 1; delete from dim_schools`);
    db.close();
    const tampered = await hashesOf(h);
    const error = await rebuildWarehouse({ home: h, log, verify: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendwhError);
    expect((error as SendwhError).code).toBe('rebuild-mismatch');
    expect((error as SendwhError).message).toBe('the rebuilt warehouse differs from the live one in: dim_schools, fct_hnb_spend');
    expect(await hashesOf(h)).toEqual(tampered);
    expect(existsSync(buildingPath(h))).toBe(false);
  });

  it('without verify, publishes a warehouse built from the whole log', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    const db = await openDatabase(warehousePath(h), { readOnly: false });
    await db.connection.run(`delete from fct_hnb_spend`);
    db.close();
    const result = await rebuildWarehouse({ home: h, log, verify: false });
    expect(result).toMatchObject({ verified: false, mode: 'full', toSeq: 6 });
    const [row] = await query(h, `select amount::varchar as a from fct_hnb_spend`);
    expect(row?.a).toBe('10.00');
  });

  it('fails with no-warehouse when there is nothing to verify against', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await expect(rebuildWarehouse({ home: h, log, verify: true })).rejects.toMatchObject({ code: 'no-warehouse' });
  });
});

describe('readers during a build', () => {
  it('serves a read-only reader opened while a build runs, with the previous warehouse, and the next open sees the new one', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    await appendEvents(log, [caseRecord({ requestId: '3', person: 'C', planStartDate: '2023-12-15' }, { asAt: '2024-01-31' }), caseChange('1', { primaryNeed: 'HI' })]);
    const gated = gate(log);
    const building = buildWarehouse({ home: h, log: gated });
    await gated.paused;
    expect(existsSync(buildingPath(h))).toBe(true);
    const reader = await openWarehouseReadOnly(h);
    const during = await reader.connection.runAndReadAll(`select sum(plans)::integer as n from fct_ehcp_caseload where snapshot_date = date '2023-12-31'`);
    expect(during.getRowObjectsJson()).toEqual([{ n: 2 }]);
    gated.open();
    await building;
    // The reader opened before the publish keeps its file.
    const after = await reader.connection.runAndReadAll(`select sum(plans)::integer as n from fct_ehcp_caseload where snapshot_date = date '2023-12-31'`);
    expect(after.getRowObjectsJson()).toEqual([{ n: 2 }]);
    reader.close();
    expect(await countOn(h, '2023-12-31')).toBe(3);
  });

  it('serves a read-only reader opened while a rebuild runs', async () => {
    const h = home();
    const log = await logWith(FIRST);
    await buildWarehouse({ home: h, log });
    const gated = gate(log);
    const rebuilding = rebuildWarehouse({ home: h, log: gated, verify: true });
    await gated.paused;
    const reader = await openWarehouseReadOnly(h);
    const rows = await reader.connection.runAndReadAll(`select log_position::integer as p from build_checkpoint`);
    expect(rows.getRowObjectsJson()).toEqual([{ p: 6 }]);
    gated.open();
    expect(await rebuilding).toMatchObject({ verified: true });
    reader.close();
  });
});

describe('comments', () => {
  it('puts a COMMENT ON every table and every column, matching the declarations', async () => {
    const h = home();
    await buildWarehouse({ home: h, log: createMemoryEventLog() });
    const db = await openWarehouseReadOnly(h);
    const tables = await readWarehouseComments(db.connection);
    db.close();
    const declared = describeWarehouse();
    expect(tables.map((t) => t.name).sort()).toEqual(declared.map((t) => t.name).sort());
    for (const table of tables) {
      const doc = declared.find((d) => d.name === table.name);
      expect(table.comment, table.name).toBe(doc?.description);
      expect(table.columns.map((c) => c.name), table.name).toEqual(doc?.columns.map((c) => c.name));
      for (const column of table.columns) {
        expect(column.comment, `${table.name}.${column.name}`).toBeTruthy();
        expect(column.comment).toBe(doc?.columns.find((c) => c.name === column.name)?.description);
      }
    }
    const contract: Record<string, string[]> = {
      fct_ehcp_caseload: ['snapshot_date', 'area_team', 'setting_type', 'setting_group', 'primary_need', 'age', 'plans'],
      fct_assessment_requests: ['month', 'area_team', 'requests_received', 'decided_to_assess', 'decided_not_to_assess', 'decisions_within_6_weeks'],
      fct_plan_timeliness: ['month', 'area_team', 'plans_issued', 'issued_within_20_weeks', 'plans_issued_ex', 'issued_within_20_weeks_ex'],
      fct_hnb_spend: ['financial_year', 'period', 'line', 'ledger_type', 'amount'],
      fct_dsg_position: ['financial_year', 'hnb_spend', 'hnb_grant', 'schools_block_transfer', 'other_variances', 'in_year_position', 'dfe_contribution', 'council_contribution', 'accumulated_position'],
      fct_census_sen: ['census_date', 'laestab', 'nc_year', 'sen_provision', 'primary_need', 'pupils'],
      dim_settings: ['setting_type', 'setting_group', 'label'],
      dim_schools: ['urn', 'laestab', 'name', 'establishment_type', 'phase', 'district', 'area_team', 'ukprn'],
      benchmark_ehcp: ['time_period', 'geographic_level', 'la_code', 'la_name', 'region_name', 'measure', 'value'],
      quarantine: ['source', 'file', 'line', 'rule', 'reason', 'raw'],
    };
    for (const [name, columns] of Object.entries(contract)) {
      const table = tables.find((t) => t.name === name);
      expect(table, name).toBeDefined();
      expect(table?.columns.map((c) => c.name)).toEqual(expect.arrayContaining(columns));
    }
    const types = Object.fromEntries(tables.flatMap((t) => t.columns.map((c) => [`${t.name}.${c.name}`, c.type])));
    for (const count of ['fct_ehcp_caseload.plans', 'fct_assessment_requests.requests_received', 'fct_plan_timeliness.plans_issued', 'fct_census_sen.pupils']) {
      expect(types[count], count).toBe('BIGINT');
    }
    for (const money of ['fct_hnb_spend.amount', 'fct_dsg_position.accumulated_position', 'fct_dsg_position.hnb_spend']) {
      expect(types[money], money).toBe('DECIMAL(18,2)');
    }
    for (const date of ['fct_ehcp_caseload.snapshot_date', 'fct_assessment_requests.month', 'fct_plan_timeliness.month', 'fct_census_sen.census_date']) {
      expect(types[date], date).toBe('DATE');
    }
  });
});
