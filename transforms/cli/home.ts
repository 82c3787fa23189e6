// Where an installation keeps its things under --home (CONTRACT §3). The only
// place that knows the layout.
import { join, resolve } from 'node:path';

export interface HomePaths {
  root: string;
  secret: string;
  log: string;
  index: string;
  warehouse: string;
  runs: string;
  submissions: string;
}

/** The layout of a sendwh home directory. */
export function homePaths(home: string): HomePaths {
  const root = resolve(home);
  return {
    root,
    secret: join(root, 'secret.key'),
    log: join(root, 'log'),
    index: join(root, 'index.duckdb'),
    warehouse: join(root, 'warehouse.duckdb'),
    runs: join(root, 'runs'),
    submissions: join(root, 'submissions'),
  };
}

/** --home, else SENDWH_HOME, else .sendwh/ in the working directory. */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.SENDWH_HOME ?? '.sendwh');
}
