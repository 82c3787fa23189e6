// What a build tells its run record about tables: rows out of every table of
// the published warehouse, and for the staging tables rows in (the events of
// their source the build read) and rows quarantined (the rejected rows of
// their source among those events). A staging table's source is named by
// its dbt-style name: stg_<source>__<entity> (underscores for hyphens).
import type { CommittedFile } from '../../models/index.js';
import { openDatabase, querySqlFile } from '../duckdb/database.js';
import type { RunRecorder } from './runRecord.js';

/** The part of a build result the record needs. */
export interface BuiltRange {
  warehouse: string;
  fromSeq: number;
  toSeq: number;
  upToDate: boolean;
}

/** Adds rows in/out/quarantined per table of a published build to its run record. */
export async function recordBuildTables(run: RunRecorder | undefined, built: BuiltRange, files: () => Promise<CommittedFile[]>): Promise<void> {
  if (run === undefined) return;
  const eventsIn = new Map<string, number>();
  for (const f of await files()) {
    const first = Math.max(f.firstSeq, built.fromSeq + 1);
    const last = Math.min(f.lastSeq, built.toSeq);
    if (f.count > 0 && last >= first) eventsIn.set(f.source, (eventsIn.get(f.source) ?? 0) + (last - first + 1));
  }
  const db = await openDatabase(built.warehouse, { readOnly: true });
  try {
    const quarantined = new Map<string, number>();
    for (const row of await querySqlFile(db.connection, 'runs/quarantined_between.sql', { from_seq: BigInt(built.fromSeq), to_seq: BigInt(built.toSeq) })) {
      quarantined.set(String(row.source), Number(row.quarantined));
    }
    for (const row of await querySqlFile(db.connection, 'build/list_tables.sql')) {
      const table = String(row.table_name);
      const [count] = await querySqlFile(db.connection, 'runs/table_rows.sql', { table });
      const source = stagingSource(table);
      run.table({
        table,
        rowsIn: source === undefined ? null : (eventsIn.get(source) ?? 0),
        rowsOut: Number(count?.table_rows ?? 0),
        rowsQuarantined: source === undefined ? null : (quarantined.get(source) ?? 0),
      });
    }
  } finally {
    db.close();
  }
}

/** The source a staging table folds (stg_cost_centres__cost_centres -> cost-centres), or undefined. */
export function stagingSource(table: string): string | undefined {
  const m = /^stg_([a-z0-9_]+?)__/.exec(table);
  if (m === null || m[1] === 'log') return undefined;
  return (m[1] as string).replaceAll('_', '-');
}
