// The shared staging merge: every staging model declares how its events fold
// into records, the templates are filled with the model's name and key only,
// and a declaration or template the merge cannot fill safely is refused.
import { describe, expect, it } from 'vitest';
import { readSqlFile } from '../../../transforms/duckdb/sqlFiles.js';
import { MERGE_SQL_FILES, renderMergeSql } from '../../../transforms/warehouse/merge.js';
import { column, defineModel, type WarehouseModel } from '../../../transforms/warehouse/model.js';
import { WAREHOUSE_MODELS } from '../../../transforms/warehouse/models/index.js';
import { stgLogQuarantinedRows } from '../../../transforms/warehouse/models/stgLogQuarantinedRows.js';

const staging = (overrides: Partial<WarehouseModel>): WarehouseModel =>
  defineModel({
    name: 'stg_areas__districts',
    layer: 'staging',
    grain: 'record_key',
    description: 'x',
    reads: ['AreaDistrictMapped'],
    sql: 'staging/stg_areas__districts.sql',
    refresh: 'merge',
    merge: { fold: 'newest-event', key: ['record_key'] },
    columns: [column('record_key', 'varchar', 'x'), column('last_seq', 'bigint', 'x')],
    ...overrides,
  });

describe('renderMergeSql', () => {
  it('fills {{model}} with the table and {{key}} with its key columns, comma-separated', () => {
    expect(renderMergeSql('delete from {{model}} where ({{key}}) in (select {{key}} from _touched);', stgLogQuarantinedRows)).toBe(
      'delete from stg_log__quarantined_rows where (source, sha256, line) in (select source, sha256, line from _touched);',
    );
  });

  it('fills every template for every staging model, leaving no placeholder', () => {
    const merged = WAREHOUSE_MODELS.filter((m) => m.refresh === 'merge');
    expect(merged.map((m) => m.name)).toEqual(WAREHOUSE_MODELS.filter((m) => m.layer === 'staging').map((m) => m.name));
    for (const model of merged) {
      for (const file of MERGE_SQL_FILES) {
        const sql = renderMergeSql(readSqlFile(file), model);
        expect(sql, `${file} for ${model.name}`).not.toMatch(/\{\{|\}\}/);
      }
    }
  });

  it('refuses a key that is not a column, an empty key, a name that is not a plain identifier, an unknown placeholder and a missing merge', () => {
    expect(() => renderMergeSql('{{key}}', staging({ merge: { fold: 'newest-event', key: ['district'] } }))).toThrowError(
      expect.objectContaining({ code: 'merge-bad-key', message: expect.stringContaining('stg_areas__districts') }),
    );
    expect(() => renderMergeSql('{{key}}', staging({ merge: { fold: 'own', key: [] } }))).toThrowError(expect.objectContaining({ code: 'merge-bad-key' }));
    expect(() => renderMergeSql('{{model}}', staging({ name: 'stg_x; drop table y' }))).toThrowError(expect.objectContaining({ code: 'merge-bad-identifier' }));
    expect(() =>
      renderMergeSql('{{key}}', staging({ merge: { fold: 'own', key: ['Record Key'] }, columns: [column('Record Key', 'varchar', 'x')] })),
    ).toThrowError(expect.objectContaining({ code: 'merge-bad-identifier' }));
    expect(() => renderMergeSql('select {{table}}', staging({}))).toThrowError(expect.objectContaining({ code: 'merge-bad-template' }));
    const { merge: _, ...undeclared } = staging({});
    expect(() => renderMergeSql('{{model}}', undeclared)).toThrowError(expect.objectContaining({ code: 'merge-undeclared' }));
  });
});

describe('merge templates', () => {
  it('start with a header comment, use lower-case keywords, and bind or paste no values', () => {
    for (const file of MERGE_SQL_FILES) {
      const sql = readSqlFile(file);
      expect(sql.trimStart().startsWith('--'), file).toBe(true);
      const code = sql.replace(/--.*$/gm, '').replace(/'[^']*'/g, "''");
      expect(code, file).not.toMatch(/\b(SELECT|FROM|WHERE|JOIN|GROUP BY|INSERT|DELETE|CREATE|WITH|AS)\b/);
      expect(code, file).not.toMatch(/\$|\?/);
      for (const placeholder of code.match(/\{\{\w+\}\}/g) ?? []) expect(['{{model}}', '{{key}}'], file).toContain(placeholder);
    }
  });
});
