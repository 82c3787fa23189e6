// A build killed at any instant (kill -9) leaves the previous warehouse intact
// and readable, and the next build completes, clearing what it left behind.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWarehouse, hashTables, rebuildWarehouse } from '../../../transforms/warehouse/build.js';
import { buildingPath, buildLockPath } from '../../../transforms/warehouse/paths.js';
import { openWarehouseReadOnly } from '../../../transforms/warehouse/readOnly.js';
import { syntheticEvents } from './support/synthetic.js';
import { logWith, tempHome } from './support/warehouse.js';

const BUILT = 400;
const TOTAL = 2400;
const register = fileURLToPath(new URL('./support/registerTs.mjs', import.meta.url));
const child = fileURLToPath(new URL('./support/killableBuild.ts', import.meta.url));

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

interface KillWhen {
  /** Kill when a stdout line satisfies this ... */
  line: (line: string) => boolean;
  /** ... this many milliseconds after it (default at once). */
  delayMs?: number;
}

/** Starts the child build and kills it with SIGKILL as `when` says. */
function buildAndKill(home: string, when: KillWhen): Promise<{ lines: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', register, child, home, String(TOTAL)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    let killed = false;
    const kill = () => {
      if (!killed) {
        killed = true;
        proc.kill('SIGKILL');
      }
    };
    let buffered = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (when.line(line)) {
          if (when.delayMs === undefined) kill();
          else setTimeout(kill, when.delayMs);
        }
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve({ lines, signal });
    });
  });
}

async function hashesOf(home: string) {
  const db = await openWarehouseReadOnly(home);
  try {
    return await hashTables(db.connection);
  } finally {
    db.close();
  }
}

let completeHashes: Awaited<ReturnType<typeof hashesOf>> | undefined;

/** The warehouse a finished build of all TOTAL events gives (built once, in its own home). */
async function complete() {
  if (completeHashes === undefined) {
    const { home, cleanup } = tempHome();
    cleanups.push(cleanup);
    const log = await logWith(syntheticEvents(BUILT));
    await buildWarehouse({ home, log });
    await buildWarehouse({ home, log: await logWith(syntheticEvents(TOTAL)) });
    completeHashes = await hashesOf(home);
  }
  return completeHashes;
}

async function killScenario(when: KillWhen) {
  const { home, cleanup } = tempHome();
  cleanups.push(cleanup);
  await buildWarehouse({ home, log: await logWith(syntheticEvents(BUILT)) });
  const before = await hashesOf(home);

  const { lines, signal } = await buildAndKill(home, when);

  // The live warehouse is readable and whole: the previous one, or the new one if the rename was reached.
  const live = await hashesOf(home);
  const published = JSON.stringify(live) !== JSON.stringify(before);
  if (published) expect(live).toEqual(await complete());
  const log = await logWith(syntheticEvents(TOTAL));
  const next = await buildWarehouse({ home, log });
  if (published) expect(next).toMatchObject({ upToDate: true, toSeq: TOTAL });
  else expect(next).toMatchObject({ mode: 'incremental', fromSeq: BUILT, toSeq: TOTAL, events: TOTAL - BUILT });
  expect(existsSync(buildingPath(home))).toBe(false);
  expect(existsSync(buildLockPath(home))).toBe(false);
  expect(await rebuildWarehouse({ home, log, verify: true })).toMatchObject({ verified: true });
  return { lines, signal, published };
}

describe('kill -9 during a build', () => {
  it('while it loads events: the old warehouse stays, the next build completes', { timeout: 120_000 }, async () => {
    const { lines, signal, published } = await killScenario({ line: (l) => l === 'LOADING' });
    expect(signal).toBe('SIGKILL');
    expect(published).toBe(false);
    expect(lines).toContain('LOADING');
    expect(lines).not.toContain('DONE');
  });

  it('while it runs the models: the old warehouse stays, the next build completes', { timeout: 120_000 }, async () => {
    const { lines, signal, published } = await killScenario({ line: (l) => l.startsWith('MODEL ') });
    expect(signal).toBe('SIGKILL');
    expect(published).toBe(false);
    expect(lines.some((l) => l.startsWith('MODEL '))).toBe(true);
    expect(lines).not.toContain('DONE');
  });

  it('at the last model, just before the file is published', { timeout: 120_000 }, async () => {
    const { signal, lines, published } = await killScenario({ line: (l) => l === 'MODEL fct_plan_timeliness' });
    expect(signal).toBe('SIGKILL');
    expect(published).toBe(false);
    expect(lines).toContain('MODEL fct_plan_timeliness');
  });

  it('at arbitrary instants', { timeout: 300_000 }, async () => {
    for (const delayMs of [0, 250, 700, 1200, 1700]) {
      const { signal, lines, published } = await killScenario({ line: (l) => l === 'STARTED', delayMs });
      // Killed at any point, or finished first: either way the next build completed and verified above.
      expect(signal === 'SIGKILL' || lines.includes('DONE')).toBe(true);
      if (lines.includes('DONE')) expect(published).toBe(true);
    }
  });
});
