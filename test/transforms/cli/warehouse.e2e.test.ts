// The warehouse as a user meets it through the CLI, on the demo's home: Kent's
// published figures reproduced with `sendwh sql` (expected values read from
// shared/reference and the real DfE release zip), the data-quality checks
// finding exactly the inconsistencies the reference README lists, `sendwh sql`
// refusing every write, `rebuild --verify` matching (and naming a tampered
// table, in a small home of its own), a reader served all through a rebuild,
// and the DfE statistics added by an ingest and an incremental build.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, ensureBuilt, sendwh, tempDir } from '../../support/cli.js';
import { demoHome } from '../../support/demoHome.js';
import {
  DFE_GROUP_COLUMNS,
  eesZip2025,
  hnbSpendByLine,
  kentDfeCaseload,
  kentDfeTimeliness,
  kentSummary,
  requestsByAreaMonth,
  safetyValvePlan,
  timelinessMonthly,
} from '../../support/kentReference.js';

let home: string;
let demo: DemoOutput;

// Generous limits for a loaded 2-core machine (the CLI starts a process per call; rebuilds read the whole log): not timed tests.
const CLI_CALLS = 300_000;
const REBUILDS = 900_000;

interface FindingJson {
  check: string;
  subject: string;
  expected: number | null;
  actual: number | null;
  difference: number | null;
  detail: string;
}

interface QualityJson {
  logPosition: number;
  checks: number;
  failing: number;
  results: Array<{ check: string; severity: string; status: string; findings: number }>;
  findings: FindingJson[];
}

interface DemoOutput {
  home: string;
  warehouse: {
    path: string;
    build: { mode: string; events: number; fromPosition: number; toPosition: number; quality: QualityJson };
    januaryCaseload: { snapshotDate: string; total: number; bySettingGroup: Array<{ settingGroup: string; plans: number }> };
    spend: { financialYear: string; byLine: Array<{ line: string; amount: number; amountGbpMillions: number }> };
  };
}

beforeAll(async () => {
  // A copy of this run's demo home (see test/support/demoHome.ts), with what the demo printed.
  const made = await demoHome('sendwh-warehouse-e2e-');
  home = made.home;
  demo = JSON.parse(made.stdout) as DemoOutput;
}, 900_000);

// The demo's home and the tampered copy are about half a gigabyte each.
const scratch: string[] = [];
afterAll(() => {
  for (const dir of [...(home === undefined ? [] : [dirname(home)]), ...scratch]) rmSync(dir, { recursive: true, force: true });
});

/** Runs one query through `sendwh sql --format json`; its rows. */
async function sql(query: string, on = home): Promise<Array<Record<string, unknown>>> {
  const run = await sendwh(['sql', '--home', on, '--format', 'json', query]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const numbersOf = (findings: readonly FindingJson[]) => findings.map(({ check, subject, expected, actual, difference }) => ({ check, subject, expected, actual, difference }));

/** The Safety Valve plan years whose accumulated position does not follow from the year before and its items (pounds). */
async function planArithmeticFromReference(): Promise<Array<{ subject: string; expected: number; actual: number; difference: number }>> {
  const plan = await safetyValvePlan();
  const years = [...new Set(plan.map((p) => p.financialYear))];
  const accumulated = (year: string): number => plan.find((p) => p.financialYear === year && p.item.startsWith('Accumulated Position'))!.millions;
  const out = [];
  for (const [i, year] of years.entries()) {
    if (i === 0) continue;
    const items = plan.filter((p) => p.financialYear === year && !p.item.startsWith('Accumulated Position')).reduce((s, p) => s + p.millions, 0);
    const expected = (accumulated(years[i - 1] as string) + items) * 1e6;
    const actual = accumulated(year) * 1e6;
    if (expected !== actual) out.push({ subject: year, expected, actual, difference: actual - expected });
  }
  return out;
}

describe('sendwh demo', () => {
  it('builds the warehouse and reports where it is, the latest January caseload, the latest spend by line and the checks', async () => {
    expect(demo.warehouse.path).toBe(join(home, 'warehouse.duckdb'));
    expect(existsSync(demo.warehouse.path)).toBe(true);
    expect(demo.warehouse.build).toMatchObject({ mode: 'full', fromPosition: 0 });
    expect(demo.warehouse.build.toPosition).toBe(demo.warehouse.build.events);

    const dfe2025 = (await kentDfeCaseload()).get(2025)!;
    expect(demo.warehouse.januaryCaseload.snapshotDate).toBe('2025-01-16');
    expect(demo.warehouse.januaryCaseload.total).toBe(dfe2025.ehcplans);
    for (const [group, column] of Object.entries(DFE_GROUP_COLUMNS)) {
      expect(demo.warehouse.januaryCaseload.bySettingGroup.find((g) => g.settingGroup === group)?.plans, group).toBe(dfe2025[column]);
    }

    expect(demo.warehouse.spend.financialYear).toBe('2024-25');
    const published = (await hnbSpendByLine()).filter((r) => r.financialYear === '2024-25');
    for (const line of published) {
      expect(Math.round(demo.warehouse.spend.byLine.find((l) => l.line === line.line)!.amountGbpMillions), line.line).toBe(line.millions);
    }
    expect(demo.warehouse.spend.byLine.find((l) => l.line === 'Unmapped')?.amount).toBe(12480);
  }, CLI_CALLS);

  it("the checks find exactly the reference README's inconsistencies that the log holds, and the unmapped cost centre the sample plants", async () => {
    const quality = demo.warehouse.build.quality;
    expect(quality.checks).toBe(8);
    expect(quality.results.filter((r) => r.status === 'fail').map((r) => [r.check, r.severity, r.findings])).toEqual([
      ['safety_valve_plan_arithmetic', 'error', 3],
      ['unmapped_cost_centres', 'warning', 1],
    ]);
    // The README: 2027-28 is 79 - 11 - 28 + 10 = 50, stated 30; the net DSG is £1m off in 2025-26 and 2026-27.
    const fromReference = await planArithmeticFromReference();
    expect(fromReference).toEqual([
      { subject: '2025-26', expected: 96e6, actual: 95e6, difference: -1e6 },
      { subject: '2026-27', expected: 80e6, actual: 79e6, difference: -1e6 },
      { subject: '2027-28', expected: 50e6, actual: 30e6, difference: -20e6 },
    ]);
    expect(numbersOf(quality.findings)).toEqual([
      ...fromReference.map((f) => ({ check: 'safety_valve_plan_arithmetic', ...f })),
      { check: 'unmapped_cost_centres', subject: 'C14599', expected: 0, actual: 12480, difference: 12480 },
    ]);
    expect(quality.findings[2]?.detail).toContain('= £50.0m, but the plan states £30.0m at 31 March 2028');

    // Kept in the warehouse, where the return and analysts read them.
    const rows = await sql(`select check_name, subject, expected, actual, difference from dq_findings where log_position = (select max(log_position) from dq_check_results) order by check_name, subject`);
    expect(rows).toEqual(numbersOf(quality.findings).map(({ check, ...f }) => ({ check_name: check, ...f })));
  }, CLI_CALLS);

  it('status shows the warehouse up to date, its last build and the failing checks', async () => {
    const run = await sendwh(['status', '--home', home, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout) as { log: { position: number }; warehouse: Record<string, unknown> };
    expect(status.warehouse).toMatchObject({
      built: true,
      position: status.log.position,
      behindBy: 0,
      lastRun: { mode: 'full', fromSeq: 0, toSeq: status.log.position },
      quality: {
        checks: 8,
        failing: [
          { checkName: 'safety_valve_plan_arithmetic', severity: 'error', findingCount: 3 },
          { checkName: 'unmapped_cost_centres', severity: 'warning', findingCount: 1 },
        ],
        findings: 4,
      },
    });
  }, CLI_CALLS);
});

describe("sendwh sql reproduces Kent's published figures", () => {
  it('requests received by area team and month, March 2024 to February 2025 (table 3.8)', async () => {
    const expected = await requestsByAreaMonth();
    const rows = await sql(
      `select strftime(month, '%Y-%m') as month, area_team, requests_received from fct_assessment_requests where month between date '2024-03-01' and date '2025-02-01' order by month, area_team`,
    );
    const got = new Map(rows.map((r) => [`${String(r.month)}|${String(r.area_team)}`, r.requests_received]));
    expect(expected).toHaveLength(60);
    for (const e of expected) expect(got.get(`${e.month}|${e.areaTeam}`), `${e.month} ${e.areaTeam}`).toBe(e.requests);
    expect(rows).toHaveLength(60);
  }, CLI_CALLS);

  it('High Needs Block spend by line and year, in £m (table 3.14)', async () => {
    const expected = await hnbSpendByLine();
    const rows = await sql(
      `select financial_year, line, round(sum(amount) / 1000000)::integer as millions from fct_hnb_spend where ledger_type = 'Actual' and line <> 'Unmapped' and financial_year between '2020-21' and '2024-25' group by all order by all`,
    );
    expect(rows).toHaveLength(expected.length);
    for (const e of expected) {
      expect(rows.find((r) => r.financial_year === e.financialYear && r.line === e.line)?.millions, `${e.financialYear} ${e.line}`).toBe(e.millions);
    }
  }, CLI_CALLS);

  it('the revised Safety Valve plan, item by item in £m (table 4.1)', async () => {
    const expected = await safetyValvePlan();
    const rows = await sql(`select financial_year, item_position, item, amount / 1000000 as millions from fct_safety_valve_plan order by financial_year, item_position`);
    expect(rows.map((r) => [r.financial_year, r.millions])).toEqual(expected.map((e) => [e.financialYear, e.millions]));
  }, CLI_CALLS);

  it('the share of plans issued within 20 weeks in three months (paragraph 3.9)', async () => {
    for (const e of await timelinessMonthly()) {
      const [row] = await sql(
        `select round(100.0 * sum(issued_within_20_weeks) / sum(plans_issued), 1) as pct from fct_plan_timeliness where strftime(month, '%Y-%m') = '${e.month}'`,
      );
      expect(row?.pct, e.month).toBe(e.percent);
    }
  }, CLI_CALLS);

  it('the headline counts of table 3.11 the data holds, and the two the paper gets differently from the DfE', async () => {
    const summary = await kentSummary();
    const requests = await sql(
      `select case when month < date '2024-04-01' then '2023' else '2024' end as col, sum(requests_received)::integer as n from fct_assessment_requests where month between date '2023-04-01' and date '2025-03-01' group by all order by all`,
    );
    expect(requests).toEqual([
      { col: '2023', n: summary.get('Requests for statutory assessments')!['2023'] },
      { col: '2024', n: summary.get('Requests for statutory assessments')!['2024'] },
    ]);
    const support = await sql(
      `select strftime(census_date, '%Y') as y, sum(pupils)::integer as n from fct_census_sen where sen_provision = 'K' and nc_year in ('1','2','3','4','5','6','7','8','9','10','11') and census_date in (date '2024-01-18', date '2025-01-16') group by all order by all`,
    );
    expect(support.map((r) => r.n)).toEqual([summary.get('School age children on SEN Support')!['2023'], summary.get('School age children on SEN Support')!['2024']]);

    // The paper's columns are January snapshots: 19,407 in January 2024; its 20,665 for January 2025 is 30 above the DfE's 20,635.
    const ehcps = await sql(`select strftime(snapshot_date, '%Y') as y, sum(plans)::integer as n from fct_ehcp_caseload where snapshot_date in (date '2024-01-18', date '2025-01-16') group by all order by all`);
    const dfe = await kentDfeCaseload();
    expect(ehcps.map((r) => r.n)).toEqual([dfe.get(2024)!.ehcplans, dfe.get(2025)!.ehcplans]);
    expect(ehcps[0]?.n).toBe(summary.get('Children and young people (0-25) with EHCPs')!['2023']);
    expect((summary.get('Children and young people (0-25) with EHCPs')!['2024'] as number) - (ehcps[1]?.n as number)).toBe(30);

    // 20-week timeliness: 18.0% in 2023 as the paper says; for 2024 the DfE's 32.3% (33.3% without exceptions), which the paper gives as 33.4%.
    const pct = await sql(
      `select year(month) as y, round(100.0 * sum(issued_within_20_weeks) / sum(plans_issued), 1) as pct, round(100.0 * sum(issued_within_20_weeks_ex) / sum(plans_issued_ex), 1) as pct_ex from fct_plan_timeliness where year(month) in (2023, 2024) group by all order by all`,
    );
    const timeliness = await kentDfeTimeliness();
    expect(pct[0]?.pct).toBe(summary.get('Percentage of EHCPs issued within 20 weeks')!['2023']);
    expect(pct[1]).toEqual({ y: 2024, pct: timeliness.get(2024)!.pc_plans_issued_within_20_weeks, pct_ex: timeliness.get(2024)!.PC_plans_issued_20_weeks_ex });
    expect(pct[1]?.pct).not.toBe(summary.get('Percentage of EHCPs issued within 20 weeks')!['2024']);
  }, CLI_CALLS);

  it('the DfE January caseload for Kent 2019-2025: the total and every setting group but placement_unknown', async () => {
    const dfe = await kentDfeCaseload();
    const rows = await sql(
      `select year(snapshot_date) as y, setting_group, sum(plans)::integer as plans from fct_ehcp_caseload where snapshot_kind = 'january_census' and year(snapshot_date) between 2019 and 2025 group by all order by all`,
    );
    expect([...dfe.keys()].sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    for (const [year, published] of dfe) {
      const own = rows.filter((r) => r.y === year);
      expect(own.reduce((s, r) => s + (r.plans as number), 0), `${year} total`).toBe(published.ehcplans);
      for (const [group, column] of Object.entries(DFE_GROUP_COLUMNS)) {
        expect(own.find((r) => r.setting_group === group)?.plans ?? 0, `${year} ${group}`).toBe(published[column]);
      }
    }
  }, CLI_CALLS);

  it('the DfE 20-week timeliness for Kent by calendar year 2019-2024, with and without exceptions', async () => {
    const dfe = await kentDfeTimeliness();
    const rows = await sql(
      `select year(month) as y, sum(plans_issued)::integer as den, sum(issued_within_20_weeks)::integer as within, sum(plans_issued_ex)::integer as den_ex, sum(issued_within_20_weeks_ex)::integer as within_ex from fct_plan_timeliness group by all order by all`,
    );
    expect([...dfe.keys()].sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    for (const [year, p] of dfe) {
      expect(rows.find((r) => r.y === year), String(year)).toEqual({
        y: year,
        den: p.plans_issued_den,
        within: p.plans_issued_within_20_weeks,
        den_ex: p.plans_issued_den_ex,
        within_ex: p.plans_issued_20_weeks_ex,
      });
    }
  }, CLI_CALLS);
});

describe('sendwh sql is read-only', () => {
  const writes = [
    `insert into dim_settings values ('x', 'y', 'z', 99)`,
    `update fct_hnb_spend set amount = 0`,
    `delete from fct_ehcp_caseload`,
    `create table mine as select 1 as a`,
    `create temp table scratch as select 1 as a`,
    `drop table fct_hnb_spend`,
    `alter table dim_settings add column x integer`,
    `attach 'elsewhere.duckdb' as other`,
    `copy fct_hnb_spend to 'spend.csv'`,
    `select 1; delete from dim_settings`,
  ];

  it('refuses every write with a clear message and exit 2, and the warehouse file is unchanged', async () => {
    const before = sha256(join(home, 'warehouse.duckdb'));
    const dir = tempDir('sendwh-sql-cwd-');
    scratch.push(dir);
    for (const statement of writes) {
      const run = await sendwh(['sql', '--home', home, statement], { cwd: dir });
      expect(run.code, statement).toBe(2);
      expect(run.stderr, statement).toContain('sendwh sql is read-only:');
      expect(run.stderr, statement).toContain('(the warehouse is rebuilt from the event log; change the extracts, not the tables)');
      expect(run.stdout, statement).toBe('');
    }
    expect(existsSync(join(dir, 'spend.csv'))).toBe(false);
    expect(existsSync(join(dir, 'elsewhere.duckdb'))).toBe(false);
    expect(sha256(join(home, 'warehouse.duckdb'))).toBe(before);
    const [settings] = await sql(`select count(*)::integer as n from dim_settings`);
    expect(settings?.n).toBe(31);

    const json = await sendwh(['sql', '--home', home, '--json', `delete from dim_settings`]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'sql-read-only' } });
  }, CLI_CALLS);

  it('runs a script from stdin, prints CSV when piped, and fails with exit 1 on bad SQL', async () => {
    const script = await sendwh(['sql', '--home', home], { input: `select 1 as a, 'x,y' as b;\nselect count(*) as settings from dim_settings;\n` });
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toBe('a,b\n1,"x,y"\n\nsettings\n31\n');
    const bad = await sendwh(['sql', '--home', home, 'select * from no_such_table']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('no_such_table');
  }, CLI_CALLS);

  it('the prompt runs statements that span lines, shows an error and goes on, and leaves on .quit', async () => {
    const run = await sendwh(['sql', '--home', home, '--interactive', '--format', 'csv'], {
      input: ['select count(*)', '  as settings', 'from dim_settings;', 'drop table dim_settings;', 'select 2 as two;', '.quit', 'select 3 as never;'].join('\n') + '\n',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('settings\n31\n');
    expect(run.stdout).toContain('two\n2\n');
    expect(run.stdout).not.toContain('never');
    expect(run.stderr).toContain('sendwh sql is read-only');
  }, CLI_CALLS);
});

describe('sendwh rebuild', () => {
  it('--verify finds the rebuild from the whole log identical to the live warehouse', async () => {
    const run = await sendwh(['rebuild', '--verify', '--home', home, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { verified: boolean; logPosition: number; tables: Array<{ table: string }> };
    expect(out.verified).toBe(true);
    expect(out.logPosition).toBe(demo.warehouse.build.toPosition);
    expect(out.tables.map((t) => t.table)).toEqual(expect.arrayContaining(['fct_ehcp_caseload', 'fct_hnb_spend', 'fct_dsg_position', 'dim_schools', 'quarantine']));
  }, REBUILDS);

  it('--verify exits 1 naming the table when a row of the live warehouse was tampered with', async () => {
    // A home of its own with the extracts the tampered table is built from (the cost-centre map
    // and a year of the ledger, from the demo's sample): a rebuild of the whole demo log would
    // only take longer to find the same row.
    const small = join(tempDir('sendwh-tampered-'), 'home');
    scratch.push(dirname(small));
    for (const [source, file] of [['cost-centres', 'cost_centres.csv'], ['finance', 'finance_ledger_2023-24.csv']] as const) {
      const ingest = await sendwh(['ingest', source, join(home, 'sample', file), '--home', small]);
      expect(ingest.code, ingest.stderr).toBe(0);
    }
    const build = await sendwh(['build', '--home', small]);
    expect(build.code, build.stderr).toBe(0);
    const instance = await DuckDBInstance.create(join(small, 'warehouse.duckdb'));
    const connection = await instance.connect();
    await connection.run(`update fct_hnb_spend set amount = amount + 0.01 where financial_year = '2023-24' and period = 3 and line = 'Post 16' and ledger_type = 'Actual'`);
    connection.closeSync();
    instance.closeSync();
    const tampered = sha256(join(small, 'warehouse.duckdb'));
    const run = await sendwh(['rebuild', '--verify', '--home', small]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the rebuilt warehouse differs from the live one in: fct_hnb_spend');
    expect(sha256(join(small, 'warehouse.duckdb'))).toBe(tampered);
  }, REBUILDS);

  it('serves every reader while a rebuild runs, never refused and always consistent, then publishes with the checks', async () => {
    ensureBuilt();
    const query = `select (select log_position from build_checkpoint) as position, (select sum(plans) from fct_ehcp_caseload where snapshot_date = date '2025-01-16')::integer as plans, (select count(*) from dq_check_results where log_position = (select max(log_position) from dq_check_results))::integer as checks`;
    const [expected] = await sql(query);
    const child = spawn(process.execPath, [cliPath, 'rebuild', '--home', home, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SENDWH_LOG_FORMAT: 'json' } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    let finished = false;
    void exited.then(() => (finished = true));
    let duringBuild = 0;
    let reads = 0;
    while (!finished) {
      const building = existsSync(join(home, 'warehouse.building.duckdb'));
      const run = await sendwh(['sql', '--home', home, '--format', 'json', query]);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual([expected]);
      reads++;
      if (building && existsSync(join(home, 'warehouse.building.duckdb'))) duringBuild++;
    }
    expect(await exited).toBe(0);
    expect(reads).toBeGreaterThan(0);
    expect(duringBuild).toBeGreaterThan(0);
    const out = JSON.parse(stdout) as { mode: string; quality: QualityJson };
    expect(out.mode).toBe('full');
    expect(numbersOf(out.quality.findings)).toEqual(numbersOf(demo.warehouse.build.quality.findings));
    // The rebuild replaced the results at its position rather than adding a second set.
    expect(await sql(query)).toEqual([expected]);
  }, REBUILDS);
});

describe('the DfE statistics, ingested and built incrementally', () => {
  it('an ees ingest and a build add benchmark_ehcp, and the checks find the DfE caseload groups short by 15, 5 and 460', async () => {
    const before = demo.warehouse.build.toPosition;
    const ingest = await sendwh(['ingest', 'ees', eesZip2025, '--home', home, '--json']);
    expect(ingest.code, ingest.stderr).toBe(0);
    const events = (JSON.parse(ingest.stdout) as { files: Array<{ events: number }> }).files.reduce((n, f) => n + f.events, 0);

    const build = await sendwh(['build', '--home', home, '--json']);
    expect(build.code, build.stderr).toBe(0);
    const out = JSON.parse(build.stdout) as { mode: string; events: number; fromPosition: number; toPosition: number; quality: QualityJson };
    expect(out).toMatchObject({ mode: 'incremental', events, fromPosition: before, toPosition: before + events });

    // What the zip says: the groups (with awaiting provision and excluded before 2023, suppressed cells as 0) against ehcplans.
    const dfe = await kentDfeCaseload();
    const groups = ['mainstream_total', 'special_total', 'ap_pru_total', 'fe_total', 'ed_elsewhere', 'nm_early_years', 'placement_unknown', 'await_prov_2022', 'perm_ex_2022'];
    const short = [...dfe]
      .map(([year, p]) => ({ year, ehcplans: p.ehcplans as number, grouped: groups.reduce((s, g) => s + (p[g] ?? 0), 0) }))
      .filter((r) => r.grouped !== r.ehcplans)
      .sort((a, b) => a.year - b.year);
    expect(short.map((r) => [r.year, r.ehcplans - r.grouped])).toEqual([
      [2019, 15],
      [2022, 5],
      [2023, 460],
    ]);

    const findings = numbersOf(out.quality.findings);
    expect(findings.filter((f) => f.check === 'dfe_caseload_groups_add_up')).toEqual(
      short.map((r) => ({ check: 'dfe_caseload_groups_add_up', subject: `January ${r.year}`, expected: r.ehcplans, actual: r.grouped, difference: r.grouped - r.ehcplans })),
    );
    // The sample matches every DfE total and group but placement_unknown, which takes up the same differences.
    expect(findings.filter((f) => f.check === 'caseload_matches_dfe').map((f) => [f.subject, f.difference])).toEqual(
      short.map((r) => [`January ${r.year} placement_unknown`, r.ehcplans - r.grouped]),
    );
    expect(out.quality.results.filter((r) => r.status === 'fail').map((r) => r.check)).toEqual([
      'dfe_caseload_groups_add_up',
      'caseload_matches_dfe',
      'safety_valve_plan_arithmetic',
      'unmapped_cost_centres',
    ]);
    expect(out.quality.results.find((r) => r.check === 'timeliness_matches_dfe')?.status).toBe('pass');

    // benchmark_ehcp holds Kent's row as published; the history holds both builds' results.
    const benchmark = await sql(`select time_period, value from benchmark_ehcp where old_la_code = '886' and measure = 'caseload.ehcplans' and breakdown_topic = 'All EHC plans' and geographic_level = 'Local authority' order by time_period`);
    expect(benchmark.map((r) => [Number(String(r.time_period).slice(0, 4)) + 1, r.value])).toEqual([...dfe].map(([y, p]) => [y, p.ehcplans]).sort((a, b) => (a[0] as number) - (b[0] as number)));
    const history = await sql(`select log_position, count(*) filter (where status = 'fail')::integer as failing from dq_check_results group by all order by all`);
    expect(history).toEqual([
      { log_position: before, failing: 2 },
      { log_position: before + events, failing: 4 },
    ]);
  }, REBUILDS);
});
