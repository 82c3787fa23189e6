// Order-independent content hashes of tables, used to prove that a rebuild from
// the whole log gives the same warehouse as the incremental builds did.
import type { DuckDBConnection } from '@duckdb/node-api';
import { querySqlFile, runGenerated } from './database.js';
import { quoteIdentifier } from './ddl.js';

/** A table's content fingerprint: row count, column signature, and sum and xor of row hashes. */
export interface TableHash {
  table: string;
  rows: number;
  columns: string;
  hash: string;
}

/** The base tables of the main schema, by name. */
export async function listTables(connection: DuckDBConnection): Promise<string[]> {
  const rows = await querySqlFile(connection, 'build/list_tables.sql');
  return rows.map((r) => String(r.table_name));
}

/** Fingerprints one table: equal content (in any row order) gives an equal hash. */
export async function hashTable(connection: DuckDBConnection, table: string): Promise<TableHash> {
  const [signature] = await querySqlFile(connection, 'build/column_signature.sql', { table_name: table });
  // The table name cannot be a parameter; it comes from the catalogue, quoted.
  const [content] = await runGenerated(
    connection,
    `select count(*) as row_count, coalesce(sum(hash(t)::hugeint), 0)::varchar as hash_sum, coalesce(bit_xor(hash(t)), 0)::varchar as hash_xor from ${quoteIdentifier(table)} as t`,
    `content hash of ${table}`,
  );
  return {
    table,
    rows: Number(content?.row_count ?? 0),
    columns: String(signature?.signature ?? ''),
    hash: `${String(content?.hash_sum)}:${String(content?.hash_xor)}`,
  };
}
