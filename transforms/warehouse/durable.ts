// Durability for files the transforms publish by rename (the warehouse, the
// Parquet export): flush a file or a directory entry to disk.
import { closeSync, fsyncSync, openSync } from 'node:fs';

/** fsyncs a file (flags 'r+' for one just written) or a directory ('r'), so a rename after it survives a power cut. */
export function fsyncPath(path: string, flags: 'r' | 'r+'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
