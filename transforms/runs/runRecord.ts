// Run records: what every ingest, build, return and scheduled run did, kept
// outside the warehouse so that no rebuild can lose them. A run writes two
// lines to <home>/runs/runs.ndjson, an append-only file: a `started` line when
// it begins and a `finished` line when it ends (inputs with their sha256, log
// and warehouse positions before and after, rows in/out/quarantined per table,
// checks, duration, exit status). A run killed before it finished keeps its
// `started` line, so it shows as unfinished rather than vanishing.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { exitCodeFor } from '../../models/index.js';

/** How a run was started: by a person, by the scheduler (SENDWH_TRIGGER=schedule), or as a step of `sendwh demo`. */
export type RunTrigger = 'cli' | 'schedule' | 'demo';

/** A file (or other input) a run read. */
export interface RunInput {
  kind: 'file' | 'log' | 'warehouse' | 'submission';
  /** Base name of a file, or what the input is. */
  name: string;
  source?: string;
  path?: string;
  sha256?: string | null;
  bytes?: number;
}

/** Something a run wrote. */
export interface RunOutput {
  kind: 'file' | 'directory' | 'warehouse' | 'events';
  path: string;
  sha256?: string | null;
  rows?: number;
}

/** Rows in, out and quarantined for one table (a source file's rows for an ingest, a warehouse table for a build). */
export interface RunTableCounts {
  table: string;
  rowsIn: number | null;
  rowsOut: number | null;
  rowsQuarantined: number | null;
}

/** One check a run made, with its outcome. */
export interface RunCheck {
  name: string;
  status: 'pass' | 'warn' | 'fail';
  detail?: string;
}

/** Log and warehouse positions around a run (null where unknown). */
export interface RunPositions {
  logBefore?: number | null;
  logAfter?: number | null;
  warehouseBefore?: number | null;
  warehouseAfter?: number | null;
}

/** What a command may tell the run record about its work (Context.run). */
export interface RunRecorder {
  readonly runId: string;
  input(input: RunInput): void;
  output(output: RunOutput): void;
  /** Adds a table's counts; a second call for the same table adds to it. */
  table(counts: RunTableCounts): void;
  check(check: RunCheck): void;
  positions(positions: RunPositions): void;
  /** Any other fact worth keeping (small JSON values). */
  detail(key: string, value: unknown): void;
  /** Runs a sub-step (demo's ingest, build, return) as its own run record linked to this one. */
  step<T>(command: string, args: readonly string[], fn: (child: RunRecorder) => Promise<T>): Promise<T>;
}

/** The first line of a run. */
export interface RunStartedLine {
  record: 'started';
  run_id: string;
  parent_run_id: string | null;
  command: string;
  args: string[];
  trigger: RunTrigger;
  started_at: string;
  pid: number;
  host: string;
  sendwh_version: string;
}

/** The last line of a run. */
export interface RunFinishedLine {
  record: 'finished';
  run_id: string;
  finished_at: string;
  duration_ms: number;
  status: 'succeeded' | 'failed';
  exit_code: number;
  error_code: string | null;
  error_message: string | null;
  log_position_before: number | null;
  log_position_after: number | null;
  warehouse_position_before: number | null;
  warehouse_position_after: number | null;
  inputs: RunInput[];
  outputs: RunOutput[];
  tables: Array<{ table: string; rows_in: number | null; rows_out: number | null; rows_quarantined: number | null }>;
  checks: RunCheck[];
  details: Record<string, unknown>;
}

/** `<home>/runs/runs.ndjson`: every run record of an installation. */
export function runRecordsFile(home: string): string {
  return join(home, 'runs', 'runs.ndjson');
}

/** Appends one line durably: one write() to a file opened for append (whole lines, never interleaved), then fsync. */
export function appendRunLine(file: string, line: RunStartedLine | RunFinishedLine): void {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a', 0o640);
  try {
    writeSync(fd, JSON.stringify(line) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A new run id: sortable by start time, unique across processes. */
export function newRunId(now: Date = new Date()): string {
  // The counter keeps runs started by one process in the same millisecond in order (lists sort by time, then id);
  // the random part keeps ids unique across hosts sharing a home.
  runCounter++;
  return `${now.toISOString().replace(/[-:.]/g, '')}-${process.pid}-${runCounter.toString(16).padStart(6, '0')}${randomBytes(3).toString('hex')}`;
}
let runCounter = 0;

export interface StartRunOptions {
  file: string;
  command: string;
  args: readonly string[];
  trigger: RunTrigger;
  parentRunId?: string | null;
  version: string;
  now?: () => Date;
  /** Reads the log and warehouse positions; given, each step of the run records its own before and after. */
  readPositions?: () => Promise<{ log: number | null; warehouse: number | null }>;
}

/** A run in progress: collects what the command reports and writes the finished line once. */
export class Run implements RunRecorder {
  readonly runId: string;
  private readonly file: string;
  private readonly now: () => Date;
  private readonly startedAt: Date;
  private readonly t0 = performance.now();
  private readonly version: string;
  private readonly trigger: RunTrigger;
  private readonly readPositions: StartRunOptions['readPositions'];
  private readonly inputs: RunInput[] = [];
  private readonly outputs: RunOutput[] = [];
  private readonly tables = new Map<string, RunTableCounts>();
  private readonly checks: RunCheck[] = [];
  private readonly details: Record<string, unknown> = {};
  private readonly pos: Required<RunPositions> = { logBefore: null, logAfter: null, warehouseBefore: null, warehouseAfter: null };
  private finished = false;

  private constructor(options: StartRunOptions) {
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
    this.runId = newRunId(this.startedAt);
    this.file = options.file;
    this.version = options.version;
    this.trigger = options.trigger;
    this.readPositions = options.readPositions;
  }

  /** Starts a run: writes its `started` line. */
  static start(options: StartRunOptions): Run {
    const run = new Run(options);
    appendRunLine(options.file, {
      record: 'started',
      run_id: run.runId,
      parent_run_id: options.parentRunId ?? null,
      command: options.command,
      args: [...options.args],
      trigger: options.trigger,
      started_at: run.startedAt.toISOString(),
      pid: process.pid,
      host: hostname(),
      sendwh_version: options.version,
    });
    return run;
  }

  input(input: RunInput): void {
    this.inputs.push(input);
  }

  output(output: RunOutput): void {
    this.outputs.push(output);
  }

  table(counts: RunTableCounts): void {
    const prev = this.tables.get(counts.table);
    if (prev === undefined) {
      this.tables.set(counts.table, { ...counts });
      return;
    }
    const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
    prev.rowsIn = add(prev.rowsIn, counts.rowsIn);
    prev.rowsOut = add(prev.rowsOut, counts.rowsOut);
    prev.rowsQuarantined = add(prev.rowsQuarantined, counts.rowsQuarantined);
  }

  check(check: RunCheck): void {
    this.checks.push(check);
  }

  positions(positions: RunPositions): void {
    for (const key of Object.keys(positions) as Array<keyof RunPositions>) {
      const value = positions[key];
      if (value !== undefined) this.pos[key] = value;
    }
  }

  /** Positions the command did not report itself. */
  positionsIfUnset(positions: RunPositions): void {
    for (const key of Object.keys(positions) as Array<keyof RunPositions>) {
      const value = positions[key];
      if (value !== undefined && this.pos[key] === null) this.pos[key] = value;
    }
  }

  detail(key: string, value: unknown): void {
    this.details[key] = value;
  }

  async step<T>(command: string, args: readonly string[], fn: (child: RunRecorder) => Promise<T>): Promise<T> {
    const before = await this.positionsNow();
    const child = Run.start({
      file: this.file,
      command,
      args,
      trigger: this.trigger === 'schedule' ? 'schedule' : 'demo',
      parentRunId: this.runId,
      version: this.version,
      now: this.now,
      ...(this.readPositions === undefined ? {} : { readPositions: this.readPositions }),
    });
    child.positionsIfUnset({ logBefore: before.log, warehouseBefore: before.warehouse });
    let outcome: { exitCode: number; error?: unknown };
    let result: T | undefined;
    try {
      result = await fn(child);
      outcome = { exitCode: 0 };
    } catch (error) {
      outcome = { exitCode: exitCodeFor(error), error };
    }
    const after = await this.positionsNow();
    child.positionsIfUnset({ logAfter: after.log, warehouseAfter: after.warehouse });
    child.finish(outcome);
    if (outcome.error !== undefined) throw outcome.error;
    return result as T;
  }

  /** The positions now, or nulls when they cannot be read (or no reader was given). */
  private async positionsNow(): Promise<{ log: number | null; warehouse: number | null }> {
    if (this.readPositions === undefined) return { log: null, warehouse: null };
    try {
      return await this.readPositions();
    } catch {
      return { log: null, warehouse: null };
    }
  }

  /** Writes the `finished` line (once). */
  finish(outcome: { exitCode: number; error?: unknown }): RunFinishedLine | undefined {
    if (this.finished) return undefined;
    this.finished = true;
    const error = outcome.error;
    const line: RunFinishedLine = {
      record: 'finished',
      run_id: this.runId,
      finished_at: this.now().toISOString(),
      duration_ms: Math.round(performance.now() - this.t0),
      status: outcome.exitCode === 0 && error === undefined ? 'succeeded' : 'failed',
      exit_code: outcome.exitCode,
      error_code: error === undefined ? null : errorCode(error),
      error_message: error === undefined ? null : error instanceof Error ? error.message : String(error),
      log_position_before: this.pos.logBefore,
      log_position_after: this.pos.logAfter,
      warehouse_position_before: this.pos.warehouseBefore,
      warehouse_position_after: this.pos.warehouseAfter,
      inputs: this.inputs,
      outputs: this.outputs,
      tables: [...this.tables.values()].map((t) => ({ table: t.table, rows_in: t.rowsIn, rows_out: t.rowsOut, rows_quarantined: t.rowsQuarantined })),
      checks: this.checks,
      details: this.details,
    };
    appendRunLine(this.file, line);
    return line;
  }
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return 'internal';
}
