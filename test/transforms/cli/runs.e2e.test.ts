// Run records as an operator meets them: every ingest, build and rebuild the
// CLI runs is recorded (files with their sha256, positions, rows in/out/
// quarantined, checks, exit status), scheduled runs say so, pure reads are not
// recorded, the warehouse's runs table holds the runs up to its build, and
// `sendwh status` shows the last runs.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendwh, tempDir } from '../../support/cli.js';

let home: string;
let dir: string;

interface Line {
  record: 'started' | 'finished';
  run_id: string;
  command?: string;
  trigger?: string;
  status?: string;
  exit_code?: number;
  error_code?: string | null;
  log_position_before?: number | null;
  log_position_after?: number | null;
  warehouse_position_after?: number | null;
  inputs?: Array<{ name: string; sha256: string | null; source?: string; bytes?: number }>;
  tables?: Array<{ table: string; rows_in: number | null; rows_out: number | null; rows_quarantined: number | null }>;
  checks?: Array<{ name: string; status: string; detail?: string }>;
}

const runLines = (): Line[] =>
  readFileSync(join(home, 'runs', 'runs.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);

/** The finished line of the newest run of a command, with its started line's fields. */
function lastRun(command: string): Line {
  const lines = runLines();
  const started = lines.filter((l) => l.record === 'started' && l.command === command).at(-1);
  if (started === undefined) throw new Error(`no ${command} run`);
  const finished = lines.find((l) => l.record === 'finished' && l.run_id === started.run_id);
  return { ...started, ...finished };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(() => {
  home = tempDir('sendwh-runs-home-');
  dir = tempDir('sendwh-runs-files-');
  writeFileSync(
    join(dir, 'cost_centres.csv'),
    ['CostCentre,Line,Kind', 'C1,Maintained Special Schools,spend', 'C2,Independent Special Schools,spend', 'C3,High Needs Grant,grant'].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'ledger.csv'),
    [
      'TransactionID,FinancialYear,Period,PostingDate,CostCentre,Subjective,LedgerType,Amount,Description',
      'T1,2024-25,1,2024-04-30,C1,5711,Actual,1000.00,April',
      'T2,2024-25,2,2024-05-31,C2,5711,Actual,"1,250.50",May',
      'T3,2024-25,2,2024-05-31,C3,8000,Actual,(5000.00),Grant',
      'T4,2024-25,17,2024-05-31,C1,5711,Actual,10.00,period out of range',
    ].join('\n') + '\n',
  );
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('run records', () => {
  it('records an ingest: the file with its sha256, rows in/out/quarantined, log positions and a check per file', async () => {
    expect((await sendwh(['ingest', 'cost-centres', join(dir, 'cost_centres.csv'), '--home', home])).code).toBe(0);
    const r = await sendwh(['ingest', 'finance', join(dir, 'ledger.csv'), '--home', home]);
    expect(r.code).toBe(0);
    const run = lastRun('ingest');
    expect(run).toMatchObject({ trigger: 'cli', status: 'succeeded', exit_code: 0, log_position_before: 3, log_position_after: 7 });
    expect(run.inputs).toEqual([{ kind: 'file', source: 'finance', name: 'ledger.csv', path: join(dir, 'ledger.csv'), sha256: sha256(join(dir, 'ledger.csv')), bytes: readFileSync(join(dir, 'ledger.csv')).length }]);
    expect(run.tables).toEqual([{ table: 'finance', rows_in: 4, rows_out: 4, rows_quarantined: 1 }]);
    expect(run.checks).toEqual([{ name: 'ingest ledger.csv', status: 'warn', detail: 'accepted 3, duplicates 0, corrections 0, rejected 1, events 4 (log 4..7)' }]);
  });

  it('records a file refused whole as a failed run with exit code 2', async () => {
    const r = await sendwh(['ingest', 'finance', join(dir, 'no-such-file.csv'), '--home', home]);
    expect(r.code).toBe(2);
    expect(lastRun('ingest')).toMatchObject({ status: 'failed', exit_code: 2, log_position_before: 7, log_position_after: 7 });
    expect(lastRun('ingest').checks?.[0]).toMatchObject({ name: `ingest ${join(dir, 'no-such-file.csv')}`, status: 'fail' });
  });

  it('records a build with its warehouse position and rows per table, and a scheduled build as scheduled', async () => {
    expect((await sendwh(['build', '--home', home])).code).toBe(0);
    const build = lastRun('build');
    expect(build).toMatchObject({ trigger: 'cli', status: 'succeeded', log_position_before: 7, log_position_after: 7, warehouse_position_after: 7 });
    const tables = Object.fromEntries((build.tables ?? []).map((t) => [t.table, t]));
    expect(tables.stg_finance__postings).toEqual({ table: 'stg_finance__postings', rows_in: 4, rows_out: 3, rows_quarantined: 1 });
    expect(tables.fct_hnb_spend).toEqual({ table: 'fct_hnb_spend', rows_in: null, rows_out: 2, rows_quarantined: null });
    expect(build.checks?.some((c) => c.name.startsWith('dq.'))).toBe(true);

    const scheduled = await sendwh(['build', '--home', home], { env: { SENDWH_TRIGGER: 'schedule' } });
    expect(scheduled.code).toBe(0);
    expect(lastRun('build')).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
  });

  it('records a rebuild --verify with its check, and never records pure reads', async () => {
    const before = runLines().length;
    for (const args of [['status'], ['quarantine'], ['sql', 'select 1'], ['why', 'fct_hnb_spend', 'period=1'], ['verify']]) {
      expect((await sendwh([...args, '--home', home])).code, args.join(' ')).toBe(0);
    }
    expect(runLines().length).toBe(before);
    expect((await sendwh(['rebuild', '--verify', '--home', home])).code).toBe(0);
    expect(lastRun('rebuild')).toMatchObject({ status: 'succeeded', exit_code: 0 });
    expect(lastRun('rebuild').checks).toContainEqual(expect.objectContaining({ name: 'rebuild-verify', status: 'pass' }));
  });

  it('is a runs table in the warehouse (as of its last build) and the last runs of sendwh status', async () => {
    writeFileSync(
      join(dir, 'ledger_june.csv'),
      ['TransactionID,FinancialYear,Period,PostingDate,CostCentre,Subjective,LedgerType,Amount,Description', 'T5,2024-25,3,2024-06-30,C1,5711,Actual,75.00,June'].join('\n') + '\n',
    );
    expect((await sendwh(['ingest', 'finance', join(dir, 'ledger_june.csv'), '--home', home])).code).toBe(0);
    expect((await sendwh(['build', '--home', home])).code).toBe(0);
    const sql = await sendwh(['sql', 'select command, trigger, status, exit_code, rows_quarantined from runs order by started_at', '--format', 'json', '--home', home]);
    expect(sql.code).toBe(0);
    const rows = JSON.parse(sql.stdout) as Array<Record<string, unknown>>;
    // Every run before this build; the build itself finishes after its file is published.
    expect(rows.map((r) => [r.command, r.trigger, r.status, r.exit_code])).toEqual([
      ['ingest', 'cli', 'succeeded', 0],
      ['ingest', 'cli', 'succeeded', 0],
      ['ingest', 'cli', 'failed', 2],
      ['build', 'cli', 'succeeded', 0],
      ['build', 'schedule', 'succeeded', 0],
      ['rebuild', 'cli', 'succeeded', 0],
      ['ingest', 'cli', 'succeeded', 0],
    ]);
    const status = await sendwh(['status', '--json', '--home', home]);
    const lastRuns = (JSON.parse(status.stdout) as { lastRuns: Array<{ command: string; status: string; trigger: string }> }).lastRuns;
    expect(lastRuns.slice(0, 3).map((r) => [r.command.trim(), r.status, r.trigger])).toEqual([
      ['build', 'succeeded', 'cli'],
      ['ingest', 'succeeded', 'cli'],
      ['rebuild', 'succeeded', 'cli'],
    ]);
    const text = await sendwh(['status', '--home', home]);
    expect(text.stdout).toMatch(/last runs/);
    expect(text.stdout).toMatch(/rebuild\s+cli\s+succeeded/);
  });
});
