// The return's SQL files (sql/returns/rpt_*.sql) follow the house style: a
// header comment, lower-case keywords, no pasted values, and only the named
// parameters the return binds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlDirectory } from '../../../transforms/duckdb/sqlFiles.js';
import { parseQuarter } from '../../../transforms/returns/quarter.js';
import { TABLE_SPECS, tableParams } from '../../../transforms/returns/tables.js';

describe('sql/returns', () => {
  const params = tableParams({ quarter: parseQuarter('2024-25-Q3'), logPosition: 1, laCode: '886', hasQualityTables: true });

  it('writes every file in the house style and binds every parameter it uses', () => {
    for (const [file, given] of [...TABLE_SPECS.map((s) => [s.sql, params[s.key]] as const), ['returns/rpt_return_context.sql', {}] as const]) {
      const path = join(sqlDirectory(), file);
      expect(existsSync(path), file).toBe(true);
      const sql = readFileSync(path, 'utf8');
      expect(sql.trimStart().startsWith('--'), `${file} starts with a header comment`).toBe(true);
      const code = sql.replace(/--.*$/gm, '').replace(/'[^']*'/g, "''");
      expect(code, file).not.toMatch(/\b(SELECT|FROM|WHERE|JOIN|GROUP BY|UNION|WITH|AS|CAST)\b/);
      expect(code, file).not.toMatch(/\$\{|\?/);
      const used = [...new Set((code.match(/\$[a-z_]+/g) ?? []).map((p) => p.slice(1)))];
      for (const name of used) expect(Object.keys(given), `${file} uses $${name}`).toContain(name);
    }
  });
});
