// Runs the built sendwh CLI as a user would (node dist/...), for e2e tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
export const cliPath = join(repoRoot, 'dist/transforms/cli/main.js');

/** Builds dist/ once if a test run starts without it (npm test builds first). */
export function ensureBuilt(): void {
  if (existsSync(cliPath)) return;
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('tsc failed');
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sendwh ...args` and waits for it. */
export function sendwh(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): Promise<CliResult> {
  ensureBuilt();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, SENDWH_LOG_FORMAT: 'json', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'sendwh-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
