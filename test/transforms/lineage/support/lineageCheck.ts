// Checks every table `why` explains, all cells at once: the units of its
// lineage SQL, summed per cell, must give exactly the warehouse's rows (cells
// of the warehouse with nothing to explain are all zeros).
import { openDatabase, runSqlFile } from '../../../../transforms/duckdb/database.js';
import { filterColumns, LINEAGE_TABLES } from '../../../../transforms/lineage/index.js';

/** Per table: cells in the warehouse, cells whose numbers the units do not give, cells of units the warehouse lacks. */
export async function lineageAgainstFacts(warehouse: string): Promise<Array<{ table: string; cells: number; notExplained: number; notInFacts: number }>> {
  const db = await openDatabase(warehouse, { readOnly: true });
  try {
    const out = [];
    for (const lineage of LINEAGE_TABLES) {
      await runSqlFile(db.connection, lineage.sql, { filters: '{}', table: lineage.table });
      const dims = filterColumns(lineage).map((d) => `"${d}"`).join(', ');
      const measures = lineage.measures.filter((m) => m !== 'fact_rows');
      const sums = measures.map((m) => `sum("${m}") as "${m}"`);
      const nonZero = measures.length === 0 ? 'true' : measures.map((m) => `coalesce("${m}", 0) <> 0`).join(' or ');
      const select = (from: string) => `select ${[dims, ...sums].join(', ')} from ${from} group by all`;
      const reader = await db.connection.runAndReadAll(`
        with f as (${select(lineage.table)}), u as (${select('_why_contributions')})
        select
          (select count(*) from f) as cells,
          (select count(*) from (select * from f except select * from u) where ${nonZero}) as not_explained,
          (select count(*) from (select * from u except select * from f)) as not_in_facts`);
      const [row] = reader.getRowObjectsJson();
      out.push({ table: lineage.table, cells: Number(row?.cells), notExplained: Number(row?.not_explained), notInFacts: Number(row?.not_in_facts) });
    }
    return out;
  } finally {
    db.close();
  }
}
