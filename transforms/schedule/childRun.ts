// A scheduled job's work is done by the CLI itself in a child process
// (`node <dist>/transforms/cli/main.js <command> --home H --json`), so that a
// crash or a leak in one run cannot take the scheduler down, and every run is a
// normal CLI run with its own run record (SENDWH_TRIGGER=schedule marks it).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../../models/index.js';
import type { RunStep } from './scheduleState.js';

export interface CliRunner {
  /** Runs `sendwh ...args` for this home; resolves when the child has exited. */
  run(args: readonly string[]): Promise<RunStep & { result: unknown }>;
  /** Sends SIGTERM to the children still running (on shutdown). */
  terminate(): void;
}

export interface CliRunnerOptions {
  cliPath: string;
  home: string;
  /** Options every child gets (the scheduler's own global options, e.g. --log kafka --brokers ...). */
  globalArgs?: readonly string[];
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Where the children's stderr (their logs) goes; default our stderr. */
  stderr?: NodeJS.WritableStream;
}

const STDERR_TAIL = 4000;

export function createCliRunner(options: CliRunnerOptions): CliRunner {
  const running = new Set<ChildProcess>();
  return {
    terminate() {
      for (const child of running) child.kill('SIGTERM');
    },
    run(args) {
      const full = [...args, ...(options.globalArgs ?? []), '--home', options.home, '--json'];
      const started = Date.now();
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [options.cliPath, ...full], {
          env: { ...options.env, SENDWH_TRIGGER: 'schedule', SENDWH_HOME: options.home, SENDWH_LOG_FORMAT: 'json' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        running.add(child);
        let stdout = '';
        let tail = '';
        child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr!.on('data', (d: Buffer) => {
          (options.stderr ?? process.stderr).write(d);
          tail = (tail + d.toString()).slice(-STDERR_TAIL);
        });
        child.on('error', (error) => {
          running.delete(child);
          reject(error);
        });
        child.on('close', (code, signal) => {
          running.delete(child);
          const result = parseJson(stdout);
          const step = { args: [...args], exitCode: code, signal, ms: Date.now() - started, summary: summarise(code, signal, result, tail), result };
          options.logger.info({ args: step.args, exitCode: code, signal, ms: step.ms }, `sendwh ${args[0]}: ${step.summary}`);
          resolve(step);
        });
      });
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One line on what a child did, from its --json result (never rows or personal data: counts and messages only). */
function summarise(code: number | null, signal: string | null, result: unknown, stderrTail: string): string {
  if (signal !== null) return `killed by ${signal}`;
  const r = (result ?? {}) as Record<string, unknown>;
  const error = r.error as { code?: string; message?: string } | undefined;
  if (code !== 0) {
    const errors = Array.isArray(r.errors) ? (r.errors as Array<{ message?: string }>) : [];
    const message = error?.message ?? errors.map((e) => e.message).join('; ');
    const fallback = stderrTail.split('\n').find((l) => l.startsWith('sendwh: '))?.slice('sendwh: '.length);
    return `exit ${code}: ${message || fallback || 'failed (see the log above)'}`;
  }
  if (Array.isArray(r.files)) {
    const files = r.files as Array<Record<string, number>>;
    const sum = (k: string) => files.reduce((n, f) => n + (typeof f[k] === 'number' ? f[k] : 0), 0);
    return `accepted ${sum('accepted')}, duplicates ${sum('duplicates')}, corrections ${sum('corrections')}, rejected ${sum('rejected')}, events ${sum('events')}`;
  }
  return 'done';
}
