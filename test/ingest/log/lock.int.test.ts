// The file log's writer lock on a real directory: exclusive, stale locks taken over once.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../models/index.js';
import { acquireLock, isProcessAlive, removeDeadLockTemps, tryAcquireLock } from '../../../ingest/log/lock.js';

async function deadPid(): Promise<number> {
  const gone = spawn(process.execPath, ['-e', '']);
  return new Promise((done) => gone.on('exit', () => done(gone.pid as number)));
}

describe('writer lock', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sendwh-lock-'));
    path = join(dir, 'writer.lock');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is exclusive, written whole, and gone after release', async () => {
    const lock = await acquireLock(path, { purpose: 'append', logger: silentLogger });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ ...lock.owner, pid: process.pid, hostname: hostname() });
    await expect(acquireLock(path, { purpose: 'append', logger: silentLogger })).rejects.toMatchObject({ code: 'log-locked' });
    const tried = await tryAcquireLock(path, { purpose: 'cleanup', logger: silentLogger });
    expect(tried.lock).toBeUndefined();
    expect(tried.holder?.nonce).toBe(lock.owner.nonce);
    await lock.release();
    expect(existsSync(path)).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it('lets exactly one of many contenders take over a stale lock', async () => {
    const pid = await deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    await writeFile(path, JSON.stringify({ pid, hostname: hostname(), purpose: 'append', since: 'then', nonce: 'stale' }));
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => acquireLock(path, { purpose: 'append', logger: silentLogger })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'log-locked');
    expect(won.length).toBe(1);
    expect(refused.length).toBe(11);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>).value;
    expect(JSON.parse(await readFile(path, 'utf8')).nonce).toBe(winner.owner.nonce);
    await winner.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits out a short housekeeping hold when asked to', async () => {
    const cleanup = await acquireLock(path, { purpose: 'cleanup', logger: silentLogger });
    setTimeout(() => void cleanup.release(), 150);
    const started = Date.now();
    const append = await acquireLock(path, { purpose: 'append', logger: silentLogger, waitFor: ['cleanup'], waitMs: 5000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(append.owner.purpose).toBe('append');
    await append.release();
  });

  it('removes lock temp files of dead processes only', async () => {
    const pid = await deadPid();
    await writeFile(join(dir, `writer.lock.${pid}.aaaa.tmp`), '{}');
    await writeFile(join(dir, `writer.lock.${process.pid}.bbbb.tmp`), '{}');
    await removeDeadLockTemps(path, silentLogger);
    expect(await readdir(dir)).toEqual([`writer.lock.${process.pid}.bbbb.tmp`]);
  });
});
