// The single-writer lock of the file event log: a lock file that exists only
// while one process appends. It is created atomically and exclusively (written
// to a private temp file, then hard-linked into place, which fails if the lock
// exists: O_EXCL semantics without a moment when the lock is empty), and holds
// the owner's pid and hostname so a lock left by a killed process can be
// recognised as stale and taken over (by one contender only: see removeStale).
// A lock from another host cannot be checked, so it is never taken over.
import { randomBytes } from 'node:crypto';
import { link, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { SendwhError, type Logger } from '../../models/index.js';

/** Who holds a lock, as written in the lock file. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** What the holder is doing: 'append' or a short housekeeping step such as 'cleanup'. */
  purpose: string;
  since: string;
  nonce: string;
}

/** A lock this process holds. */
export interface HeldLock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): Promise<void>;
}

export interface LockOptions {
  purpose: string;
  logger: Logger;
  /** Keep retrying (up to `waitMs`) while a live holder's purpose is one of these (short housekeeping holds). */
  waitFor?: readonly string[];
  waitMs?: number;
}

/** True when a process with this pid exists on this machine. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `path`, taking over a stale one; throws SendwhError 'log-locked' when a live process holds it. */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  const held = await tryAcquireLock(path, options);
  if (held.lock !== undefined) return held.lock;
  const owner = held.holder;
  const who = owner === undefined ? 'another process' : `process ${owner.pid} on ${owner.hostname} (since ${owner.since})`;
  throw new SendwhError('log-locked', `the event log is locked: ${who} is writing to it`, {
    hint:
      `wait for that process to finish and try again; if it is no longer running (e.g. on another machine), ` +
      `delete the lock file ${path}`,
  });
}

/** Like acquireLock, but returns the live holder instead of throwing. */
export async function tryAcquireLock(
  path: string,
  options: LockOptions,
): Promise<{ lock?: HeldLock; holder?: LockOwner }> {
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    purpose: options.purpose,
    since: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
  const text = `${JSON.stringify(owner)}\n`;
  const tmp = `${path}.${owner.pid}.${owner.nonce}.tmp`;
  const deadline = Date.now() + (options.waitMs ?? 0);
  await writeFile(tmp, text);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(tmp, path);
        return { lock: heldLock(path, owner, options.logger) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readLockFile(path);
      if (current === undefined) continue; // released meanwhile
      const holder = current.owner;
      if (holder !== undefined && (holder.hostname !== owner.hostname || isProcessAlive(holder.pid))) {
        const waitable = options.waitFor?.includes(holder.purpose) ?? false;
        if (!waitable || Date.now() >= deadline) return { holder };
        await sleep(25);
        continue;
      }
      if (attempt > 400) {
        throw new SendwhError('log-locked', `could not take over the stale lock ${path}`, { hint: `delete ${path} and try again` });
      }
      if (!(await removeStale(path, current.text, tmp, owner, options.logger))) await sleep(5);
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Deletes lock temp files left by processes on this machine that died while taking the lock. */
export async function removeDeadLockTemps(path: string, logger: Logger): Promise<void> {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid)) continue;
    await unlink(join(dirname(path), name)).catch(() => undefined);
    logger.warn({ file: name }, 'removed a lock temp file left by a killed process');
  }
}

function heldLock(path: string, owner: LockOwner, logger: Logger): HeldLock {
  let released = false;
  return {
    path,
    owner,
    async release() {
      if (released) return;
      released = true;
      const current = await readLockFile(path);
      if (current?.owner?.nonce !== owner.nonce) {
        logger.warn({ lock: path }, 'the log lock was taken over by another process before release');
        return;
      }
      await unlink(path).catch(() => undefined);
    },
  };
}

// Removing a stale lock is guarded by a second exclusive file, `<lock>.takeover`,
// held for a moment: without it, one contender could delete the fresh lock another
// had just taken in place of the stale one. Returns false when another contender
// is on it (the caller retries).
async function removeStale(path: string, staleText: string, tmp: string, me: LockOwner, logger: Logger): Promise<boolean> {
  const guard = `${path}.takeover`;
  try {
    await link(tmp, guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const other = await readLockFile(guard);
    if (other === undefined) return false;
    if (other.owner !== undefined && (other.owner.hostname !== me.hostname || isProcessAlive(other.owner.pid))) return false;
    // A guard left by a process killed mid-takeover: moved aside, and deleted only if it is still that one.
    const aside = `${path}.${me.pid}.${me.nonce}.stale.tmp`;
    try {
      await rename(guard, aside);
    } catch (renameError) {
      if ((renameError as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw renameError;
    }
    if ((await readFile(aside, 'utf8').catch(() => '')) !== other.text) await link(aside, guard).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return false;
  }
  try {
    const now = await readLockFile(path);
    if (now === undefined) return true;
    if (now.text !== staleText) return false;
    await unlink(path);
    const stale = now.owner;
    logger.warn(
      { lock: path, stalePid: stale?.pid, staleSince: stale?.since },
      'took over a stale event-log lock left by a process that is no longer running',
    );
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

async function readLockFile(path: string): Promise<{ text: string; owner: LockOwner | undefined } | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    return { text, owner: parseOwner(text) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.nonce === 'string') {
      return {
        pid: value.pid,
        hostname: value.hostname,
        purpose: typeof value.purpose === 'string' ? value.purpose : 'append',
        since: typeof value.since === 'string' ? value.since : 'unknown',
        nonce: value.nonce,
      };
    }
  } catch {
    // unreadable: treated as stale
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
