// The DuckDB adapter on a real database file: named parameters, the error
// choke point, generated DDL and comments, read-only opens and table hashes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendwhError } from '../../../models/index.js';
import { openDatabase, querySqlFile, runGenerated, runSqlFile, type Database } from '../../../transforms/duckdb/database.js';
import { commentStatements, createTableStatement, quoteIdentifier, quoteLiteral } from '../../../transforms/duckdb/ddl.js';
import { hashTable, listTables } from '../../../transforms/duckdb/tableHash.js';

process.env.TZ = 'UTC';

let dir: string;
let db: Database;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sendwh-duckdb-'));
  db = await openDatabase(join(dir, 'test.duckdb'), { readOnly: false });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runSqlFile and querySqlFile', () => {
  it('bind the named parameters each statement uses', async () => {
    await runGenerated(db.connection, 'create table t (a integer, "odd name" varchar)', 'test');
    const rows = await querySqlFile(db.connection, 'build/column_signature.sql', { table_name: 't' });
    expect(rows).toEqual([{ signature: 'a INTEGER, odd name VARCHAR' }]);
  });

  it('fail with the SQL file name when a parameter has no value', async () => {
    const error = await querySqlFile(db.connection, 'build/column_signature.sql', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendwhError);
    expect(error).toMatchObject({ code: 'sql-parameter-missing' });
    expect((error as Error).message).toBe('sql/build/column_signature.sql (statement 1): parameter $table_name has no value');
  });

  it('wrap a DuckDB failure with the SQL file name, the statement and a hint', async () => {
    const error = await runSqlFile(db.connection, 'build/read_checkpoint.sql').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendwhError);
    expect(error).toMatchObject({ code: 'sql-failed' });
    expect((error as Error).message).toMatch(/^sql\/build\/read_checkpoint\.sql \(statement 1\): Catalog Error: Table with name build_checkpoint does not exist/);
    expect((error as SendwhError).hint).toContain('sql/build/read_checkpoint.sql');
  });

  it('fail with sql-file-missing for a file that is not there', async () => {
    await expect(runSqlFile(db.connection, 'nowhere/missing.sql')).rejects.toMatchObject({ code: 'sql-file-missing' });
  });
});

describe('generated DDL and comments', () => {
  it('quote identifiers and literals so any declared text round-trips', async () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
    const spec = { name: 'odd "table"', description: "It's a table; -- not a comment", columns: [{ name: 'x y', type: 'decimal(18,2)', description: "the 'x' column" }] };
    await runGenerated(db.connection, createTableStatement(spec), 'create');
    await runGenerated(db.connection, commentStatements(spec).join(';\n'), 'comments');
    const reader = await db.connection.runAndReadAll(
      `select t.comment as tc, c.column_name as name, c.data_type as type, c.comment as cc from duckdb_tables() t join duckdb_columns() c using (table_name) where t.table_name = 'odd "table"'`,
    );
    expect(reader.getRowObjectsJson()).toEqual([{ tc: "It's a table; -- not a comment", name: 'x y', type: 'DECIMAL(18,2)', cc: "the 'x' column" }]);
  });
});

describe('openDatabase read-only', () => {
  it('reads, and refuses writes', async () => {
    await runGenerated(db.connection, 'create table t (a integer); insert into t values (1)', 'setup');
    db.close();
    const reader = await openDatabase(join(dir, 'test.duckdb'), { readOnly: true });
    try {
      const rows = await reader.connection.runAndReadAll('select count(*)::integer as n from t');
      expect(rows.getRowObjectsJson()).toEqual([{ n: 1 }]);
      await expect(runGenerated(reader.connection, 'insert into t values (2)', 'write')).rejects.toThrow(/read-only/);
    } finally {
      reader.close();
    }
    db = await openDatabase(join(dir, 'test.duckdb'), { readOnly: false });
  });

  it('fails with duckdb-open-failed for a file that is not a database', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'junk.duckdb'), 'not a database at all, just text'.repeat(200));
    await expect(openDatabase(join(dir, 'junk.duckdb'), { readOnly: true })).rejects.toMatchObject({ code: 'duckdb-open-failed' });
  });
});

describe('hashTable', () => {
  it('is the same for the same rows in any order, and differs for any change, duplicates included', async () => {
    await runGenerated(
      db.connection,
      `create table a (k integer, v varchar); insert into a values (1, 'x'), (2, null), (3, 'z');
       create table b (k integer, v varchar); insert into b values (3, 'z'), (1, 'x'), (2, null);
       create table c (k integer, v varchar); insert into c values (1, 'x'), (2, null), (3, 'y');
       create table d (k integer, v varchar); insert into d values (1, 'x'), (2, null), (3, 'z'), (1, 'x'), (1, 'x');
       create table e (k bigint, v varchar); insert into e values (1, 'x'), (2, null), (3, 'z');`,
      'setup',
    );
    const hashes = [];
    for (const t of ['a', 'b', 'c', 'd', 'e']) hashes.push(await hashTable(db.connection, t));
    const [a, b, c, d, e] = hashes;
    expect(await listTables(db.connection)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect({ ...b, table: 'a' }).toEqual(a);
    expect(a?.rows).toBe(3);
    expect(c?.hash).not.toBe(a?.hash);
    expect(d?.rows).toBe(5);
    expect(d?.hash).not.toBe(a?.hash);
    expect(e?.columns).not.toBe(a?.columns);
  });
});
