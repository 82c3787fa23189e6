// Reads how far the published warehouse has been built, without taking a lock.
import { DuckDBInstance } from '@duckdb/node-api';

export async function warehouseFreshness(path: string): Promise<{ position: number }> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`select coalesce(max(log_position), 0) from build_checkpoint`);
    return { position: Number(reader.getRowsJS()[0]?.[0] ?? 0) };
  } catch {
    return { position: 0 };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
