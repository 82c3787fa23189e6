// Finds and reads the project's SQL files (sql/ at the repository root). The
// directory is located from this module, walking up to the folder that holds
// package.json, so the same code works from source and from the compiled dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SendwhError } from '../../models/index.js';

let cachedDirectory: string | undefined;
const cache = new Map<string, string>();

/** The absolute path of the repository's sql/ directory. */
export function sqlDirectory(): string {
  if (cachedDirectory !== undefined) return cachedDirectory;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'sql'))) {
      cachedDirectory = join(dir, 'sql');
      return cachedDirectory;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new SendwhError('sql-directory-missing', 'cannot find the sql/ directory next to package.json');
    dir = parent;
  }
}

/** The text of a SQL file, by its path relative to sql/ (read once, then cached). */
export function readSqlFile(relativePath: string): string {
  const hit = cache.get(relativePath);
  if (hit !== undefined) return hit;
  const path = resolve(sqlDirectory(), relativePath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SendwhError('sql-file-missing', `cannot read sql/${relativePath}`, { cause });
  }
  cache.set(relativePath, text);
  return text;
}
