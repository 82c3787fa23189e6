// The demo's home, made once per test run and copied for each test file that
// needs one: `sendwh demo` (sample extracts -> log -> warehouse -> return)
// takes about a minute, and several e2e files start from exactly its result.
// The first caller in any worker makes it (a mkdir lock); the others wait for
// it. Each caller gets its own copy, so tests may change their home freely.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { sendwh, tempDir } from './cli.js';

export interface DemoHome {
  /** This caller's own copy of the demo's home. */
  home: string;
  /** What `sendwh demo --json` printed, with the paths of the copy. */
  stdout: string;
}

const WAIT_MS = 900_000;

/** A private copy of the demo's home (made by the first caller of the run). */
export async function demoHome(prefix = 'sendwh-demo-'): Promise<DemoHome> {
  const shared = join(inject('sharedDir'), 'demo');
  const original = join(shared, 'home');
  await ensureDemo(shared, original);
  const home = join(tempDir(prefix), 'home');
  cpSync(original, home, { recursive: true });
  const stdout = readFileSync(join(shared, 'stdout.json'), 'utf8').split(original).join(home);
  return { home, stdout };
}

async function ensureDemo(shared: string, original: string): Promise<void> {
  const done = join(shared, 'done');
  const failed = join(shared, 'failed');
  let mine = false;
  try {
    mkdirSync(shared);
    mine = true;
  } catch {
    // Another worker is making it.
  }
  if (mine) {
    const run = await sendwh(['demo', '--home', original, '--json']);
    if (run.code !== 0) {
      writeFileSync(failed, `sendwh demo exited ${run.code}:\n${run.stderr}`);
      throw new Error(readFileSync(failed, 'utf8'));
    }
    writeFileSync(join(shared, 'stdout.json'), run.stdout);
    writeFileSync(done, '');
    return;
  }
  const started = Date.now();
  while (!existsSync(done)) {
    if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
    if (Date.now() - started > WAIT_MS) throw new Error(`the shared demo home in ${shared} was not made within ${WAIT_MS / 60_000} minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
