// Reads the data CSVs of a DfE Explore Education Statistics release zip as
// published (the `ees` source, CONTRACT §1.5), so a user need not unzip it: the
// zip's data/*.csv entries are listed and each one streams through the same CSV
// reader as a file on disk (no temporary copy). data-guidance/ and
// supporting-files/ are documentation, not data, and are left out.
import { basename } from 'node:path';
import yauzl from 'yauzl';
import type { ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';
import { BadInputError } from '../../models/errors.js';
import { readCsvStream, type CsvFile, type CsvReadOptions } from './csvReader.js';

/** One data CSV inside a release zip. */
export interface ZipCsvEntry {
  /** Path inside the zip, e.g. "data/caseload.csv". */
  path: string;
  /** The entry's file name, e.g. "caseload.csv": the ees dataset is named after it. */
  name: string;
  /** Uncompressed size in bytes. */
  size: number;
}

const NOT_DATA = new Set(['data-guidance', 'supporting-files', '__macosx']);

/** True for a path that names a zip archive rather than a CSV file. */
export function isZipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.zip');
}

/** The data CSVs in a release zip, in archive order: entries under a data/ folder, else every CSV outside the documentation folders. */
export async function listZipCsvEntries(zipPath: string): Promise<ZipCsvEntry[]> {
  const zip = await openZip(zipPath);
  try {
    const csvs: ZipCsvEntry[] = [];
    for await (const entry of zip.eachEntry()) {
      const path = entry.fileName;
      const parts = path.split('/');
      const name = parts[parts.length - 1] ?? '';
      if (!name.toLowerCase().endsWith('.csv')) continue;
      if (parts.some((p) => NOT_DATA.has(p.toLowerCase()))) continue;
      csvs.push({ path, name, size: entry.uncompressedSize });
    }
    const underData = csvs.filter((c) => c.path.toLowerCase().split('/').slice(0, -1).includes('data'));
    const result = underData.length > 0 ? underData : csvs;
    if (result.length === 0) {
      throw new BadInputError(
        'empty-file',
        zipPath,
        'holds no data CSV files',
        'Pass the release zip as downloaded from Explore Education Statistics (its CSVs are under data/), or the CSV files themselves.',
      );
    }
    return result;
  } catch (error) {
    throw zipError(zipPath, error);
  } finally {
    zip.close();
  }
}

/** Opens one CSV entry of a zip (by entry or path) as a streaming CsvFile, named "<zip>:<path>" in messages. */
export async function readZipCsv(
  zipPath: string,
  entry: ZipCsvEntry | string,
  options: CsvReadOptions = {},
): Promise<CsvFile> {
  const path = typeof entry === 'string' ? entry : entry.path;
  const name = options.name ?? `${basename(zipPath)}:${path}`;
  return readCsvStream(await zipEntryStream(zipPath, path), name, options);
}

/** The bytes of one entry of a zip, uncompressed. */
export async function zipEntryStream(zipPath: string, path: string): Promise<Readable> {
  const zip = await openZip(zipPath);
  try {
    for await (const e of zip.eachEntry()) {
      if (e.fileName === path) return await zip.openReadStreamPromise(e);
    }
    throw new BadInputError('file-not-found', zipPath, `has no entry ${path}`, 'List the zip with `unzip -l` to see its entries.');
  } catch (error) {
    throw zipError(zipPath, error);
  } finally {
    // Closing now is safe: yauzl keeps the file open until the entry's stream ends or is destroyed.
    zip.close();
  }
}

async function openZip(zipPath: string): Promise<ZipFile> {
  try {
    return await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (error) {
    throw zipError(zipPath, error);
  }
}

function zipError(zipPath: string, error: unknown): unknown {
  if (error instanceof BadInputError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return new BadInputError('file-not-found', zipPath, 'no such file', 'Check the path.');
  if (error instanceof Error && typeof code !== 'string') {
    return new BadInputError(
      'not-zip',
      zipPath,
      `is not a readable zip archive (${error.message})`,
      'Download the release zip again from Explore Education Statistics; it may be incomplete.',
    );
  }
  return error;
}
