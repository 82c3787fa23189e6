// Run records on real files: the append-only NDJSON file, its fold into one
// row per run (by DuckDB, as `sendwh status` and the warehouse read it), runs
// that never finished, half-written lines, steps of a run, and the generic
// recording of a command.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../models/index.js';
import { openDatabase } from '../../../transforms/duckdb/database.js';
import { recordCommand, RECORDED_COMMANDS, triggerFromEnv } from '../../../transforms/runs/recordCommand.js';
import { Run, runRecordsFile, type RunFinishedLine, type RunStartedLine } from '../../../transforms/runs/runRecord.js';
import { copyRunRecords, readRuns } from '../../../transforms/runs/runsTable.js';

let homes: string[] = [];
afterEach(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
  homes = [];
});

function newHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'sendwh-runs-'));
  homes.push(home);
  return home;
}

function lines(home: string): Array<RunStartedLine | RunFinishedLine> {
  return readFileSync(runRecordsFile(home), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as RunStartedLine | RunFinishedLine);
}

const clock = (...isoTimes: string[]) => {
  let i = 0;
  return () => new Date(isoTimes[Math.min(i++, isoTimes.length - 1)] as string);
};

describe('a run record', () => {
  it('is a started line and a finished line, folded into one row with its inputs, tables, checks and positions', async () => {
    const home = newHome();
    const run = Run.start({ file: runRecordsFile(home), command: 'ingest', args: ['finance', 'ledger.csv'], trigger: 'cli', version: '9.9.9', now: clock('2025-04-01T09:00:00.000Z', '2025-04-01T09:00:02.500Z') });
    run.input({ kind: 'file', source: 'finance', name: 'ledger.csv', sha256: 'a'.repeat(64), bytes: 1234 });
    run.table({ table: 'finance', rowsIn: 10, rowsOut: 9, rowsQuarantined: 1 });
    run.table({ table: 'finance', rowsIn: 5, rowsOut: 5, rowsQuarantined: 0 });
    run.check({ name: 'ingest ledger.csv', status: 'warn', detail: 'rejected 1' });
    run.positions({ logBefore: 100, logAfter: 114 });
    run.detail('note', { files: 1 });
    run.finish({ exitCode: 0 });
    expect(lines(home).map((l) => l.record)).toEqual(['started', 'finished']);

    const [summary] = await readRuns(home);
    expect(summary).toMatchObject({
      runId: run.runId,
      parentRunId: null,
      command: 'ingest',
      trigger: 'cli',
      args: ['finance', 'ledger.csv'],
      status: 'succeeded',
      exitCode: 0,
      startedAt: '2025-04-01T09:00:00.000Z',
      finishedAt: '2025-04-01T09:00:02.500Z',
      logPositionBefore: 100,
      logPositionAfter: 114,
      filesIn: 1,
      rowsIn: 15,
      rowsOut: 14,
      rowsQuarantined: 1,
      checksFailed: 0,
      inputs: [{ kind: 'file', source: 'finance', name: 'ledger.csv', sha256: 'a'.repeat(64), bytes: 1234 }],
      tables: [{ table: 'finance', rows_in: 15, rows_out: 14, rows_quarantined: 1 }],
      details: { note: { files: 1 } },
    });
  });

  it('records a failed step of a run as its own run, linked to its parent, and the parent as failed', async () => {
    const home = newHome();
    const parent = Run.start({ file: runRecordsFile(home), command: 'demo', args: [], trigger: 'cli', version: '1' });
    const built = await parent.step('build', [], async (child) => {
      child.table({ table: 'fct_hnb_spend', rowsIn: null, rowsOut: 7, rowsQuarantined: null });
      return 'built';
    });
    await expect(parent.step('ingest', ['cases', 'x.csv'], async () => Promise.reject(new UsageError('no such file')))).rejects.toThrow('no such file');
    parent.finish({ exitCode: 2, error: new UsageError('no such file') });
    expect(built).toBe('built');
    const runs = await readRuns(home);
    const byCommand = Object.fromEntries(runs.map((r) => [r.command, r]));
    expect(byCommand.build).toMatchObject({ parentRunId: parent.runId, trigger: 'demo', status: 'succeeded', rowsOut: 7 });
    expect(byCommand.ingest).toMatchObject({ parentRunId: parent.runId, trigger: 'demo', status: 'failed', exitCode: 2, errorCode: 'bad-usage', errorMessage: 'no such file' });
    expect(byCommand.demo).toMatchObject({ parentRunId: null, status: 'failed', exitCode: 2, errorCode: 'bad-usage' });
  });

  it('shows a run that never finished as running while its process lives and interrupted once it is gone', async () => {
    const home = newHome();
    Run.start({ file: runRecordsFile(home), command: 'build', args: [], trigger: 'schedule', version: '1' });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const started = lines(home)[0] as RunStartedLine;
    appendFileSync(runRecordsFile(home), JSON.stringify({ ...started, run_id: 'killed-run', pid: Number(dead), command: 'ingest' }) + '\n');
    const statuses = Object.fromEntries((await readRuns(home)).map((r) => [r.command, r.status]));
    expect(statuses).toEqual({ build: 'running', ingest: 'interrupted' });
  });

  it('skips a line another process is half way through writing, and reads every whole line', async () => {
    const home = newHome();
    const run = Run.start({ file: runRecordsFile(home), command: 'build', args: [], trigger: 'cli', version: '1' });
    run.finish({ exitCode: 0 });
    appendFileSync(runRecordsFile(home), '{"record":"started","run_id":"half-writ');
    const runs = await readRuns(home);
    expect(runs.map((r) => [r.runId, r.status])).toEqual([[run.runId, 'succeeded']]);
  });

  it('is copied into a warehouse as the runs table, leaving out the runs this process has open', async () => {
    const home = newHome();
    const done = Run.start({ file: runRecordsFile(home), command: 'ingest', args: [], trigger: 'cli', version: '1' });
    done.finish({ exitCode: 0 });
    Run.start({ file: runRecordsFile(home), command: 'build', args: [], trigger: 'cli', version: '1' });
    const db = await openDatabase(join(home, 'w.duckdb'), { readOnly: false });
    try {
      await copyRunRecords(db.connection, runRecordsFile(home));
      const rows = (await db.connection.runAndReadAll('select run_id, command, status, typeof(started_at) as t from runs')).getRowObjectsJson();
      expect(rows).toEqual([{ run_id: done.runId, command: 'ingest', status: 'succeeded', t: 'TIMESTAMP' }]);
      await copyRunRecords(db.connection, join(home, 'nothing-here.ndjson'));
      expect((await db.connection.runAndReadAll('select count(*) as n from runs')).getRowObjectsJson()).toEqual([{ n: '0' }]);
      const comment = (await db.connection.runAndReadAll("select comment from duckdb_tables() where table_name = 'runs'")).getRowObjectsJson();
      expect(String(comment[0]?.comment)).toMatch(/^Every recorded run/);
    } finally {
      db.close();
    }
  });
});

describe('recordCommand', () => {
  const options = (home: string, command: string) => ({
    file: runRecordsFile(home),
    command,
    args: ['x'],
    trigger: 'cli' as const,
    version: '1',
    readPositions: async () => ({ log: 42, warehouse: 40 }),
  });

  it('records commands that change something, with the exit code and the error of a failure', async () => {
    const home = newHome();
    await expect(recordCommand(options(home, 'ingest'), async () => Promise.reject(new UsageError('ingest needs a file')))).rejects.toThrow('ingest needs a file');
    expect(await recordCommand(options(home, 'ingest'), async (run) => (run === undefined ? -1 : 2))).toBe(2);
    expect(await recordCommand(options(home, 'build'), async () => undefined)).toBeUndefined();
    const runs = (await readRuns(home)).reverse();
    expect(runs.map((r) => [r.command, r.status, r.exitCode, r.errorCode, r.logPositionBefore, r.warehousePositionAfter])).toEqual([
      ['ingest', 'failed', 2, 'bad-usage', 42, 40],
      ['ingest', 'failed', 2, null, 42, 40],
      ['build', 'succeeded', 0, null, 42, 40],
    ]);
  });

  it('does not record pure reads', async () => {
    const home = newHome();
    for (const command of ['status', 'sql', 'quarantine', 'why', 'docs', 'verify']) {
      expect(RECORDED_COMMANDS.has(command)).toBe(false);
      expect(await recordCommand(options(home, command), async (run) => (run === undefined ? 0 : 1))).toBe(0);
    }
    expect(existsSync(runRecordsFile(home))).toBe(false);
  });

  it('takes its trigger from SENDWH_TRIGGER', () => {
    expect([triggerFromEnv({ SENDWH_TRIGGER: 'schedule' }), triggerFromEnv({}), triggerFromEnv({ SENDWH_TRIGGER: 'nonsense' })]).toEqual(['schedule', 'cli', 'cli']);
  });
});
