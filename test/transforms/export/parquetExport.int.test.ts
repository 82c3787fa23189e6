// The Parquet export on a real warehouse (every table filled, corrections
// applied): read back by DuckDB it gives exactly the warehouse's rows, the
// manifest's counts and sha256 match the files, and a second export replaces
// the first whole.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { exportParquet, PARTITIONED, type ExportManifest } from '../../../transforms/export/index.js';
import { WAREHOUSE_MODELS, warehousePath } from '../../../transforms/warehouse/index.js';
import { buildWarehouse } from '../../../transforms/warehouse/build.js';
import { appendEvents } from '../warehouse/support/events.js';
import { logWith, tempHome } from '../warehouse/support/warehouse.js';
import { correctionExtracts, firstExtracts } from '../lineage/support/everyTable.js';

let home: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ home, cleanup } = tempHome());
  const log = await logWith(firstExtracts());
  await appendEvents(log, correctionExtracts());
  await buildWarehouse({ home, log });
});
afterAll(() => cleanup());

/** Runs queries on the warehouse (read-only) with the export readable by path. */
async function onWarehouse<T>(fn: (q: (sql: string) => Promise<Array<Record<string, unknown>>>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(warehousePath(home), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return await fn(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('sendwh export parquet', () => {
  it('writes every fact and dimension, and DuckDB reads back exactly the warehouse rows', async () => {
    const out = join(home, 'exports', 'parquet');
    const { manifest } = await exportParquet({ home, out });
    const expected = WAREHOUSE_MODELS.filter((m) => m.layer === 'fct' || m.layer === 'dim').map((m) => m.name);
    expect(manifest.tables.map((t) => t.table)).toEqual(expected);
    expect(manifest).toMatchObject({ format: 'sendwh-parquet-export', version: 1, logPosition: expect.any(Number) });
    await onWarehouse(async (q) => {
      const [checkpoint] = await q('select log_position from build_checkpoint');
      expect(manifest.logPosition).toBe(Number(checkpoint?.log_position));
      for (const table of manifest.tables) {
        const columns = table.columns.map((c) => `"${c.name}"`).join(', ');
        const parquet = table.partitionBy === null
          ? `read_parquet('${join(out, `${table.table}.parquet`)}')`
          : `read_parquet('${join(out, table.table)}/*/*.parquet', hive_partitioning = true)`;
        const [diff] = await q(`
          select
            (select count(*) from (select ${columns} from ${table.table} except all select ${columns} from ${parquet})) as missing,
            (select count(*) from (select ${columns} from ${parquet} except all select ${columns} from ${table.table})) as extra,
            (select count(*) from ${parquet}) as rows,
            (select count(*) from ${table.table}) as warehouse_rows`);
        expect({ table: table.table, ...diff }).toEqual({ table: table.table, missing: '0', extra: '0', rows: String(table.rows), warehouse_rows: String(table.rows) });
        const [types] = await q(`select string_agg(column_type, ', ' order by column_name) as t from (describe select ${columns} from ${parquet})`);
        const [own] = await q(`select string_agg(column_type, ', ' order by column_name) as t from (describe select ${columns} from ${table.table})`);
        expect([table.table, types?.t]).toEqual([table.table, own?.t]);
      }
    });
  });

  it('splits the big facts by period, hive style, and lists every file with its rows, size and sha256', async () => {
    const out = join(home, 'exports', 'listed');
    const { manifest } = await exportParquet({ home, out });
    const written = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(written).toEqual(manifest);
    for (const table of manifest.tables) {
      expect(table.partitionBy).toBe(PARTITIONED[table.table] ?? null);
      expect(table.files.reduce((s, f) => s + f.rows, 0)).toBe(table.rows);
      for (const f of table.files) {
        expect([f.path, f.sha256, f.bytes]).toEqual([f.path, sha256(join(out, f.path)), readFileSync(join(out, f.path)).length]);
      }
    }
    const spend = manifest.tables.find((t) => t.table === 'fct_hnb_spend');
    expect(spend?.files.map((f) => dirname(f.path))).toEqual(['fct_hnb_spend/financial_year=2023-24', 'fct_hnb_spend/financial_year=2024-25']);
    expect(manifest.tables.find((t) => t.table === 'fct_ehcp_caseload')?.columns.find((c) => c.name === 'plans')).toEqual({
      name: 'plans',
      type: 'BIGINT',
      description: 'Number of people with an active EHC plan.',
    });
  });

  it('replaces a previous export whole, leaves nothing half-written, and refuses a folder that is not an export', async () => {
    const out = join(home, 'exports', 'again');
    await exportParquet({ home, out });
    writeFileSync(join(out, 'fct_hnb_spend', 'stale.parquet'), 'left over from an older export');
    const { manifest } = await exportParquet({ home, out });
    expect(existsSync(join(out, 'fct_hnb_spend', 'stale.parquet'))).toBe(false);
    expect(readdirSync(join(home, 'exports')).filter((n) => n.includes('again')).sort()).toEqual(['again']);
    expect(manifest.tables.length).toBeGreaterThan(0);

    const other = join(home, 'exports', 'my-files');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'notes.txt'), 'keep me');
    await expect(exportParquet({ home, out: other })).rejects.toThrow(/not a sendwh Parquet export/);
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});
