// The model declarations: a valid DAG in a deterministic order, dbt-style
// names, SQL files that exist and follow the house style, and a definition for
// every table and column.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_NAMES } from '../../../models/index.js';
import { sqlDirectory } from '../../../transforms/duckdb/sqlFiles.js';
import { isEventType, orderModels } from '../../../transforms/warehouse/dag.js';
import { describeWarehouse } from '../../../transforms/warehouse/dictionary.js';
import { defineModel, type WarehouseModel } from '../../../transforms/warehouse/model.js';
import { WAREHOUSE_MODELS } from '../../../transforms/warehouse/models/index.js';

const model = (name: string, reads: string[]): WarehouseModel =>
  defineModel({ name, layer: 'fct', grain: 'x', description: 'x', reads, sql: `marts/${name}.sql`, refresh: 'full', columns: [] });

describe('orderModels', () => {
  it('runs every warehouse model after every model it reads', () => {
    const ordered = orderModels(WAREHOUSE_MODELS);
    expect(ordered).toHaveLength(WAREHOUSE_MODELS.length);
    const position = new Map(ordered.map((m, i) => [m.name, i]));
    for (const m of ordered) {
      for (const read of m.reads.filter((r) => !isEventType(r))) {
        expect(position.get(read), `${m.name} reads ${read}`).toBeLessThan(position.get(m.name) as number);
      }
    }
  });

  it('orders deterministically: among models ready together, declaration order', () => {
    expect(orderModels([model('c', ['a']), model('a', []), model('b', [])]).map((m) => m.name)).toEqual(['a', 'b', 'c']);
    expect(orderModels([model('b', []), model('c', ['a']), model('a', [])]).map((m) => m.name)).toEqual(['b', 'a', 'c']);
  });

  it('refuses a read that is neither a model nor an event type, a cycle, and a duplicate name', () => {
    expect(() => orderModels([model('a', ['nowhere'])])).toThrowError(expect.objectContaining({ code: 'dag-unknown-read' }));
    expect(() => orderModels([model('a', ['b']), model('b', ['a'])])).toThrowError(expect.objectContaining({ code: 'dag-cycle' }));
    expect(() => orderModels([model('a', ['a'])])).toThrowError(expect.objectContaining({ code: 'dag-cycle' }));
    expect(() => orderModels([model('a', []), model('a', [])])).toThrowError(expect.objectContaining({ code: 'dag-duplicate-model' }));
  });
});

describe('model declarations', () => {
  const sources = [...SOURCE_NAMES.map((s) => s.replaceAll('-', '_')), 'log'];

  it('name models dbt-style after their layer, with the SQL file named after the model', () => {
    for (const m of WAREHOUSE_MODELS) {
      const file = m.sql.split('/').pop();
      expect(file, m.name).toBe(`${m.name}.sql`);
      if (m.layer === 'staging') {
        const match = /^stg_([a-z_]+?)__([a-z_]+)$/.exec(m.name);
        expect(match, m.name).not.toBeNull();
        expect(sources, m.name).toContain(match?.[1]);
        expect(m.sql.startsWith('staging/'), m.name).toBe(true);
      } else if (m.layer === 'intermediate') {
        expect(m.name, m.name).toMatch(/^int_[a-z_]+__[a-z_]+ed$/);
        expect(m.sql.startsWith('intermediate/'), m.name).toBe(true);
      } else if (m.layer === 'dim') {
        expect(m.name).toMatch(/^dim_[a-z_]+s$/);
      } else {
        // The contract names two marts without the prefix.
        expect(m.name.startsWith('fct_') || ['benchmark_ehcp', 'quarantine'].includes(m.name), m.name).toBe(true);
      }
    }
  });

  it('have staging read only event types, and everything else only models', () => {
    for (const m of WAREHOUSE_MODELS) {
      const events = m.reads.filter(isEventType);
      if (m.layer === 'staging') expect(events, m.name).toEqual(m.reads);
      else expect(events, m.name).toEqual([]);
    }
  });

  it('have SQL files that exist, use lower-case keywords and named parameters, and paste no values', () => {
    for (const m of WAREHOUSE_MODELS) {
      const path = join(sqlDirectory(), m.sql);
      expect(existsSync(path), m.sql).toBe(true);
      const sql = readFileSync(path, 'utf8');
      const code = sql.replace(/--.*$/gm, '').replace(/'[^']*'/g, "''");
      expect(code, m.sql).not.toMatch(/\b(SELECT|FROM|WHERE|JOIN|GROUP BY|INSERT|DELETE|CREATE|WITH|AS)\b/);
      expect(code, m.sql).not.toMatch(/\$\{|\?/);
      for (const param of code.match(/\$[a-z_]+/g) ?? []) {
        const name = param.slice(1);
        expect(name === 'event_types' || Object.keys(m.params ?? {}).includes(name), `${m.sql} uses ${param}`).toBe(true);
      }
      expect(sql.trimStart().startsWith('--'), `${m.sql} starts with a header comment`).toBe(true);
    }
  });

  it('give every table and column a definition and a lower-case DuckDB type; counts BIGINT, money DECIMAL(18,2), dates DATE', () => {
    for (const table of describeWarehouse()) {
      expect(table.description.length, table.name).toBeGreaterThan(20);
      expect(new Set(table.columns.map((c) => c.name)).size, table.name).toBe(table.columns.length);
      for (const c of table.columns) {
        expect(c.description.length, `${table.name}.${c.name}`).toBeGreaterThan(2);
        expect(c.type, `${table.name}.${c.name}`).toMatch(/^(varchar|date|bigint|integer|boolean|double|json|timestamp|decimal\(18,2\))$/);
        if (/(_date|^month)$/.test(c.name)) expect(c.type, `${table.name}.${c.name}`).toBe('date');
        if (['amount', 'hnb_spend', 'accumulated_position'].includes(c.name)) expect(c.type).toBe('decimal(18,2)');
        if (['plans', 'pupils', 'requests_received', 'plans_issued'].includes(c.name)) expect(c.type).toBe('bigint');
      }
    }
  });
});
