// Where the warehouse lives in an installation's home directory.
import { join } from 'node:path';

/** The live warehouse analysts open read-only: `<home>/warehouse.duckdb`. */
export function warehousePath(home: string): string {
  return join(home, 'warehouse.duckdb');
}

/** The file a build writes before it is renamed over the live warehouse. */
export function buildingPath(home: string): string {
  return join(home, 'warehouse.building.duckdb');
}

/** The lock file that keeps builds from running at the same time (holds the builder's pid). */
export function buildLockPath(home: string): string {
  return join(home, 'warehouse.build.lock');
}

/** Files DuckDB may leave next to a database file (write-ahead log, spill directory). */
export function companionPaths(databasePath: string): string[] {
  return [`${databasePath}.wal`, `${databasePath}.tmp`];
}
