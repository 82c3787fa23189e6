// One build at a time per home: a lock file created exclusively, holding the
// builder's pid. A lock left by a killed builder (its pid gone) is taken over,
// so a build killed at any instant never blocks the next one.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { SendwhError } from '../../models/index.js';
import { buildLockPath } from './paths.js';

/** A held build lock. */
export interface BuildLock {
  release(): void;
}

/** Takes the home's build lock, or fails with code 'build-in-progress' while a live process holds it. */
export function acquireBuildLock(home: string): BuildLock {
  const path = buildLockPath(home);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(path);
      if (holder !== undefined && isAlive(holder)) {
        throw new SendwhError('build-in-progress', `another build (pid ${holder}) is running on ${home}`, {
          hint: `wait for it to finish; if no build is running, remove ${path}`,
        });
      }
      rmSync(path, { force: true });
    }
  }
  throw new SendwhError('build-in-progress', `cannot take the build lock ${path}`);
}

function lockHolder(path: string): number | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown };
    return typeof parsed.pid === 'number' ? parsed.pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
