// The quarterly Safety Valve return as a user makes it, on the demo's home
// with the real DfE statistics for the South East added: every figure of the
// CSV files and the workbook checked against the warehouse by queries written
// here; the same log position giving the same bytes; the HTML report opened in
// a real headless Chromium (no console error, no network, the charts' series
// and points); the published version; and, after a correction to the quarter
// is ingested, `reproduce` giving the first return byte for byte while a new
// return differs exactly where the correction is.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZipCsv } from '../../../ingest/csv/zipEntries.js';
import { parseCsv } from '../../../transforms/returns/csv.js';
import { TABLE_SPECS, type TableKey } from '../../../transforms/returns/tables.js';
import { repoRoot, sendwh, tempDir } from '../../support/cli.js';
import { demoHome } from '../../support/demoHome.js';
import { eesZip2025 } from '../../support/kentReference.js';

const QUARTER = '2024-25-Q3';
const BASE = `safety-valve-return_${QUARTER}`;

let work: string;
let home: string;
let first: ReturnJson;
let firstDir: string;

interface ReturnJson {
  ok: boolean;
  id: string;
  quarter: string;
  logPosition: number;
  published: boolean;
  out: string;
  alreadyRecorded: boolean;
  files: Array<{ path: string; bytes: number; sha256: string }>;
  checks: { total: number; failed: number };
}

interface Manifest {
  return: string;
  quarter: string;
  quarterStart: string;
  quarterEnd: string;
  published: boolean;
  logPosition: number;
  authority: { laCode: string | null; name: string };
  code: { name: string; version: string; commit?: string };
  sources: Array<{ source: string; file: string; sha256: string; firstSeq: number; lastSeq: number; events: number }>;
  checks: Array<{ check: string; severity: string; status: string; findings: number }>;
  files: Array<{ path: string; bytes: number; sha256: string }>;
}

beforeAll(async () => {
  // A copy of this run's demo home (see test/support/demoHome.ts).
  home = (await demoHome('sendwh-return-e2e-')).home;
  work = dirname(home);
  // The real DfE statistics for England, the South East and its authorities (a cut of the 2025 release).
  const ees = join(work, 'ees');
  mkdirSync(ees);
  const files = [];
  for (const dataset of ['caseload', 'requests', 'timeliness_20_week']) files.push(await southEastCut(dataset, ees));
  const ingest = await sendwh(['ingest', 'ees', ...files, '--home', home, '--json']);
  expect(ingest.code, ingest.stderr).toBe(0);
  const made = await sendwh(['return', 'safety-valve', '--quarter', QUARTER, '--out', join(work, 'first'), '--home', home, '--json']);
  expect(made.code, made.stderr).toBe(0);
  first = JSON.parse(made.stdout) as ReturnJson;
  firstDir = first.out;
}, 900_000);

// The screenshot stays in test-artifacts/; the home (a few hundred megabytes) goes.
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Writes the rows of a DfE dataset for England and the South East (region and authorities) to <dir>/<dataset>.csv. */
async function southEastCut(dataset: string, dir: string): Promise<string> {
  const csv = await readZipCsv(eesZip2025, `data/${dataset}.csv`);
  const header = csv.header.map((h) => h.trim());
  const level = header.indexOf('geographic_level');
  const region = header.indexOf('region_name');
  const lines = [header.map(csvField).join(',')];
  for await (const batch of csv.batches()) {
    for (const record of batch) {
      const f = record.fields;
      if (f[level] === 'National' || f[region] === 'South East') lines.push(f.map((v) => csvField(v ?? '')).join(','));
    }
  }
  const path = join(dir, `${dataset}.csv`);
  writeFileSync(path, '\uFEFF' + lines.join('\r\n') + '\r\n');
  return path;
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Runs a read-only query on the live warehouse; BIGINT, DECIMAL and DATE come back as strings. */
async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(join(home, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A CSV of a return as rows keyed by column name. */
function csvRows(dir: string, key: TableKey): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(readFileSync(join(dir, 'csv', `${key}.csv`), 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
/** A percentage rounded to one decimal place from its parts. */
const expectPct = (cell: string, part: number, whole: number) => {
  if (whole === 0) expect(cell).toBe('');
  else expect(Math.abs(Number(cell) - (100 * part) / whole)).toBeLessThanOrEqual(0.05 + 1e-9);
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('sendwh return safety-valve', () => {
  it('writes the workbook, the CSV files, the HTML report and a manifest whose hashes match every file', async () => {
    expect(first).toMatchObject({ ok: true, quarter: QUARTER, published: false, alreadyRecorded: false });
    expect(first.id).toMatch(/^sv-2024-25-Q3-[0-9a-f]{12}$/);
    expect(filesUnder(firstDir)).toEqual(
      [`${BASE}.html`, `${BASE}.xlsx`, 'manifest.json', ...TABLE_SPECS.map((s) => `csv/${s.key}.csv`)].sort(),
    );
    const manifest = JSON.parse(readFileSync(join(firstDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({ return: 'safety-valve', quarter: QUARTER, quarterStart: '2024-10-01', quarterEnd: '2024-12-31', published: false, authority: { laCode: '886', name: 'Kent' } });
    for (const f of manifest.files) {
      expect(sha256(join(firstDir, f.path)), f.path).toBe(f.sha256);
      expect(readFileSync(join(firstDir, f.path)).length).toBe(f.bytes);
    }
    expect(manifest.files.map((f) => f.path).sort()).toEqual(filesUnder(firstDir).filter((f) => f !== 'manifest.json'));
    // Made from the whole log: its position, and every file the log holds with the sha256 the log recorded.
    const status = JSON.parse((await sendwh(['status', '--home', home, '--json'])).stdout) as { log: { position: number } };
    expect(manifest.logPosition).toBe(status.log.position);
    expect(first.logPosition).toBe(status.log.position);
    const [checkpoint] = await query('select log_position from build_checkpoint');
    expect(Number(checkpoint!.log_position)).toBe(manifest.logPosition);
    const sample = readdirSync(join(home, 'sample')).filter((f) => f.endsWith('.csv'));
    for (const file of sample) {
      const source = manifest.sources.find((s) => s.file === file);
      expect(source, file).toBeDefined();
      expect(source!.sha256).toBe(sha256(join(home, 'sample', file)));
    }
    expect(manifest.sources.at(-1)!.lastSeq).toBe(manifest.logPosition);
    expect(manifest.code.name).toBe('sendwh');
    expect(manifest.code.version).toBe((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
    // The checks and their status, as the warehouse recorded them at the position.
    const checks = await query(
      `select check_name, severity, status, finding_count from dq_check_results where log_position = (select max(log_position) from dq_check_results where log_position <= ${manifest.logPosition}) order by check_name`,
    );
    expect(checks.length).toBeGreaterThan(0);
    expect(manifest.checks).toEqual(checks.map((c) => ({ check: c.check_name, severity: c.severity, status: c.status, findings: Number(c.finding_count) })));
    expect(first.checks).toEqual({ total: checks.length, failed: checks.filter((c) => c.status !== 'pass').length });
    // The submission is recorded with its manifest.
    const record = JSON.parse(readFileSync(join(home, 'submissions', `${first.id}.json`), 'utf8')) as { id: string; quarter: string; logPosition: number; manifest: Manifest; submittedAt: string };
    expect(record).toMatchObject({ id: first.id, quarter: QUARTER, logPosition: manifest.logPosition });
    expect(record.manifest).toEqual(manifest);
    expect(Number.isNaN(Date.parse(record.submittedAt))).toBe(false);
  });

  it('DSG position: outturn years are fct_dsg_position, the quarter\'s year is year to date to period 9, the plan is fct_safety_valve_plan', async () => {
    const rows = csvRows(firstDir, 'dsg_position');
    const measures = ['hnb_spend', 'hnb_grant', 'schools_block_transfer', 'other_variances', 'in_year_position', 'dfe_contribution', 'council_contribution', 'accumulated_position'];
    const outturn = await query(`select * from fct_dsg_position where financial_year < '2024-25' order by financial_year`);
    expect(outturn.length).toBe(5);
    for (const year of outturn) {
      for (const m of measures) {
        const row = rows.find((r) => r.financial_year === year.financial_year && r.measure === m)!;
        expect(row, `${year.financial_year} ${m}`).toMatchObject({ basis: 'outturn', actual: str(year[m]), forecast: '' });
      }
    }
    // 2024-25 to the end of December: spend from the mart by period, the rest from the ledger's postings by cost-centre kind.
    const [spend] = await query(`select sum(amount)::decimal(18,2)::varchar as v from fct_hnb_spend where financial_year = '2024-25' and ledger_type = 'Actual' and period <= 9 and line <> 'Unmapped'`);
    const kinds = await query(`
      select c.kind as kind, sum(p.amount)::decimal(18,2)::varchar as v
      from stg_finance__postings as p
      join (select cost_centre, kind from stg_cost_centres__cost_centres qualify row_number() over (partition by cost_centre order by last_seq desc) = 1) as c using (cost_centre)
      where p.financial_year = '2024-25' and p.ledger_type = 'Actual' and p.period <= 9 group by c.kind`);
    const kind = (k: string) => Number(kinds.find((r) => r.kind === k)?.v ?? 0);
    const ytd = (m: string) => rows.find((r) => r.financial_year === '2024-25' && r.measure === m)!;
    expect(ytd('hnb_spend')).toMatchObject({ basis: 'year to date (periods 1-9)', actual: str(spend!.v) });
    expect(Number(ytd('hnb_spend').actual)).toBeCloseTo(kind('spend'), 2);
    expect(Number(ytd('hnb_grant').actual)).toBeCloseTo(kind('grant'), 2);
    expect(Number(ytd('schools_block_transfer').actual)).toBeCloseTo(kind('transfer'), 2);
    expect(Number(ytd('in_year_position').actual)).toBeCloseTo(kind('spend') + kind('grant') + kind('transfer') + kind('other_variance'), 2);
    const previous = Number(outturn.at(-1)!.accumulated_position);
    expect(Number(ytd('accumulated_position').actual)).toBeCloseTo(previous + kind('spend') + kind('grant') + kind('transfer') + kind('other_variance') + kind('dfe_contribution') + kind('council_contribution'), 2);
    const [forecast] = await query(`select sum(amount)::decimal(18,2)::varchar as v from fct_hnb_spend where financial_year = '2024-25' and ledger_type = 'Forecast'`);
    expect(ytd('hnb_spend').forecast).toBe(str(forecast!.v));
    // Plan: every year of the agreed trajectory.
    const plan = await query(`select financial_year, item, amount::varchar as amount from fct_safety_valve_plan`);
    const planYears = [...new Set(plan.map((p) => String(p.financial_year)))].sort();
    expect(planYears).toEqual(['2024-25', '2025-26', '2026-27', '2027-28']);
    const NON_SPEND = ['High Needs Grant', 'Transfer from Schools Block', 'Other Variances', 'DfE Contribution', 'Council Contribution', 'Accumulated Position'];
    for (const year of planYears) {
      const items = plan.filter((p) => p.financial_year === year);
      const item = (name: string) => Number(items.find((p) => p.item === name)!.amount);
      const spendPlan = items.filter((p) => !NON_SPEND.includes(String(p.item))).reduce((s, p) => s + Number(p.amount), 0);
      const row = (m: string) => rows.find((r) => r.financial_year === year && r.measure === m)!;
      expect(Number(row('hnb_spend').plan)).toBeCloseTo(spendPlan, 2);
      expect(Number(row('hnb_grant').plan)).toBeCloseTo(item('High Needs Grant'), 2);
      expect(Number(row('in_year_position').plan)).toBeCloseTo(spendPlan + item('High Needs Grant') + item('Transfer from Schools Block') + item('Other Variances'), 2);
      expect(Number(row('accumulated_position').plan)).toBeCloseTo(item('Accumulated Position'), 2);
      if (year > '2024-25') expect(row('hnb_spend')).toMatchObject({ basis: 'plan', actual: '', variance: '' });
    }
    expect(Number(ytd('hnb_spend').forecast_variance)).toBeCloseTo(Number(ytd('hnb_spend').forecast) - Number(ytd('hnb_spend').plan), 2);
    // A part-year actual is not set against a whole-year plan.
    expect(rows.filter((r) => r.basis !== 'outturn').every((r) => r.variance === '')).toBe(true);
  });

  it('HNB spend by line: fct_hnb_spend to period 9 and for the year, and the plan, line by line and in total', async () => {
    const rows = csvRows(firstDir, 'hnb_spend_by_line');
    const ledger = await query(`
      select line, ledger_type, sum(amount) filter (where period <= 9)::decimal(18,2)::varchar as ytd, sum(amount)::decimal(18,2)::varchar as year
      from fct_hnb_spend where financial_year = '2024-25' group by all`);
    const plan = await query(`select item, amount::varchar as amount from fct_safety_valve_plan where financial_year = '2024-25'`);
    const at = (line: string, type: string, k: 'ytd' | 'year') => str(ledger.find((r) => r.line === line && r.ledger_type === type)?.[k]);
    const lines = rows.filter((r) => r.line !== 'Total');
    expect(lines.map((r) => r.line)).toEqual([
      'Maintained Special Schools',
      'Independent Special Schools',
      'Mainstream School Support (incl. SRPs)',
      'Post 16',
      'Other SEN Support & Alternative Provision Services',
      'Savings',
    ]);
    for (const r of lines) {
      const p = plan.find((x) => x.item === r.line);
      expect(r.actual_ytd, r.line).toBe(at(r.line!, 'Actual', 'ytd'));
      expect(r.budget_ytd).toBe(at(r.line!, 'Budget', 'ytd'));
      expect(r.forecast_ytd).toBe(at(r.line!, 'Forecast', 'ytd'));
      expect(r.budget_full_year).toBe(at(r.line!, 'Budget', 'year'));
      expect(r.forecast_full_year).toBe(at(r.line!, 'Forecast', 'year'));
      expect(r.plan_full_year).toBe(str(p?.amount));
      expect(Number(r.plan_ytd)).toBeCloseTo((Number(p!.amount) * 9) / 12, 2);
      if (r.actual_ytd !== '') {
        expect(Number(r.variance_to_budget_ytd)).toBeCloseTo(Number(r.actual_ytd) - Number(r.budget_ytd), 2);
        expect(Number(r.variance_to_plan_ytd)).toBeCloseTo(Number(r.actual_ytd) - Number(r.plan_ytd), 2);
        expect(Number(r.forecast_variance_to_plan)).toBeCloseTo(Number(r.forecast_full_year) - Number(r.plan_full_year), 2);
      }
    }
    const total = rows.find((r) => r.line === 'Total')!;
    const [sums] = await query(`
      select sum(amount) filter (where ledger_type = 'Actual' and period <= 9 and line <> 'Unmapped')::decimal(18,2)::varchar as actual,
             sum(amount) filter (where ledger_type = 'Budget' and period <= 9)::decimal(18,2)::varchar as budget,
             sum(amount) filter (where ledger_type = 'Forecast')::decimal(18,2)::varchar as forecast
      from fct_hnb_spend where financial_year = '2024-25'`);
    // The Unmapped postings of 2024-25 fall in period 11, after the quarter: the total to date has none.
    expect(total).toMatchObject({ actual_ytd: sums!.actual, budget_ytd: sums!.budget, forecast_full_year: sums!.forecast });
    expect(rows.some((r) => r.line === 'Unmapped')).toBe(false);
    // The spend lines and Savings add up to the plan's High Needs Block spend.
    const dsg = csvRows(firstDir, 'dsg_position').find((r) => r.financial_year === '2024-25' && r.measure === 'hnb_spend')!;
    expect(total.plan_full_year).toBe(dsg.plan);
    expect(total.actual_ytd).toBe(dsg.actual);
  });

  it('caseload: fct_ehcp_caseload at the last eight quarter ends by setting group, with shares and totals', async () => {
    const rows = csvRows(firstDir, 'caseload_by_setting_group');
    const dates = ['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31', '2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31'];
    expect([...new Set(rows.map((r) => r.snapshot_date))]).toEqual(dates);
    expect([...new Set(rows.map((r) => r.quarter))]).toEqual(['2022-23-Q4', '2023-24-Q1', '2023-24-Q2', '2023-24-Q3', '2023-24-Q4', '2024-25-Q1', '2024-25-Q2', '2024-25-Q3']);
    const counts = await query(`
      select snapshot_date::varchar as d, setting_group as g, sum(plans)::bigint as n from fct_ehcp_caseload
      where snapshot_kind = 'month_end' and snapshot_date in (${dates.map((d) => `'${d}'`).join(',')}) group by all`);
    for (const d of dates) {
      const total = counts.filter((c) => c.d === d).reduce((s, c) => s + Number(c.n), 0);
      expect(rows.find((r) => r.snapshot_date === d && r.setting_group === 'total')!.plans).toBe(String(total));
      for (const g of ['mainstream', 'special', 'ap_pru', 'fe', 'ed_elsewhere', 'nm_early_years', 'placement_unknown']) {
        const n = Number(counts.find((c) => c.d === d && c.g === g)?.n ?? 0);
        const row = rows.find((r) => r.snapshot_date === d && r.setting_group === g)!;
        expect(row.plans, `${d} ${g}`).toBe(String(n));
        expectPct(row.share_pct!, n, total);
      }
    }
    expect(rows).toHaveLength(8 * 8);
  });

  it('requests and timeliness: fct_assessment_requests and fct_plan_timeliness for the twelve months, by area team and in all', async () => {
    const rows = csvRows(firstDir, 'requests_and_timeliness');
    const requests = await query(`select month::varchar as month, area_team, requests_received, decided_to_assess, decided_not_to_assess, decisions_within_6_weeks from fct_assessment_requests where month between '2024-01-01' and '2024-12-01'`);
    const plans = await query(`select month::varchar as month, area_team, plans_issued, issued_within_20_weeks, plans_issued_ex, issued_within_20_weeks_ex from fct_plan_timeliness where month between '2024-01-01' and '2024-12-01'`);
    const months = [...new Set(rows.map((r) => r.month))];
    expect(months).toEqual(Array.from({ length: 12 }, (_, m) => `2024-${String(m + 1).padStart(2, '0')}-01`));
    const areas = ['North', 'East', 'South', 'West', 'Not Kent Address', 'All areas'];
    expect(rows.map((r) => r.area_team)).toEqual(months.flatMap(() => areas));
    for (const row of rows) {
      const pick = <T extends Record<string, unknown>>(list: T[]) => list.filter((r) => r.month === row.month && (row.area_team === 'All areas' || r.area_team === row.area_team));
      const sum = (list: Array<Record<string, unknown>>, k: string) => list.reduce((s, r) => s + Number(r[k]), 0);
      const rq = pick(requests);
      const pl = pick(plans);
      const made = sum(rq, 'decided_to_assess') + sum(rq, 'decided_not_to_assess');
      expect(row, `${row.month} ${row.area_team}`).toMatchObject({
        requests_received: String(sum(rq, 'requests_received')),
        decisions_made: String(made),
        decided_to_assess: String(sum(rq, 'decided_to_assess')),
        decided_not_to_assess: String(sum(rq, 'decided_not_to_assess')),
        decisions_within_6_weeks: String(sum(rq, 'decisions_within_6_weeks')),
        plans_issued: String(sum(pl, 'plans_issued')),
        issued_within_20_weeks: String(sum(pl, 'issued_within_20_weeks')),
        plans_issued_ex: String(sum(pl, 'plans_issued_ex')),
        issued_within_20_weeks_ex: String(sum(pl, 'issued_within_20_weeks_ex')),
      });
      expectPct(row.pct_decisions_within_6_weeks!, sum(rq, 'decisions_within_6_weeks'), made);
      expectPct(row.pct_issued_within_20_weeks!, sum(pl, 'issued_within_20_weeks'), sum(pl, 'plans_issued'));
      expectPct(row.pct_issued_within_20_weeks_ex!, sum(pl, 'issued_within_20_weeks_ex'), sum(pl, 'plans_issued_ex'));
    }
  });

  it('benchmark: Kent beside the South East and England from benchmark_ehcp, at the latest period ended by the quarter end', async () => {
    const rows = csvRows(firstDir, 'benchmark');
    expect(rows.length).toBe(12);
    const expectedPeriod = (measure: string) => (measure.startsWith('caseload.') ? '202324' : '2024');
    for (const row of rows) {
      const topic = row.measure!.startsWith('caseload.') ? 'All EHC plans' : row.measure!.startsWith('requests.') ? 'All requests for EHC needs assessments' : 'All EHC plans issued';
      const values = await query(`
        select geographic_level, value from benchmark_ehcp
        where measure = '${row.measure}' and time_period = '${expectedPeriod(row.measure!)}' and breakdown_topic = '${topic}'
          and (old_la_code = '886' or geographic_level = 'National' or (geographic_level = 'Regional' and region_name = 'South East'))`);
      const v = (level: string) => str(values.find((x) => x.geographic_level === level)?.value);
      expect(row, row.measure).toMatchObject({ time_period: expectedPeriod(row.measure!), authority_name: 'Kent', region_name: 'South East', authority: v('Local authority'), region: v('Regional'), england: v('National') });
      expect(row.authority).not.toBe('');
    }
    expect(rows.find((r) => r.measure === 'caseload.ehcplans')).toMatchObject({ period: 'January 2024', authority: '19407' });
  });

  it('data quality: the checks and findings the warehouse recorded at the return\'s position', async () => {
    const checks = csvRows(firstDir, 'data_quality_checks');
    const findings = csvRows(firstDir, 'data_quality_findings');
    const at = `(select max(log_position) from dq_check_results where log_position <= ${first.logPosition})`;
    const dbChecks = await query(`select check_name, severity, status, finding_count::varchar as finding_count, detail from dq_check_results where log_position = ${at} order by check_name`);
    expect(checks).toEqual(dbChecks.map((c) => ({ check_name: c.check_name, severity: c.severity, status: c.status, finding_count: c.finding_count, detail: c.detail })));
    const dbFindings = await query(`select check_name, subject, expected, actual, difference, detail from dq_findings where log_position = ${at} order by check_name, subject, detail`);
    expect(findings).toEqual(dbFindings.map((f) => ({ check_name: f.check_name, subject: f.subject, expected: str(f.expected), actual: str(f.actual), difference: str(f.difference), detail: f.detail })));
    // The reference README's known inconsistency of the plan is among them.
    expect(findings.some((f) => f.check_name === 'safety_valve_plan_arithmetic' && f.subject === '2027-28')).toBe(true);
  });

  it('the workbook holds the same figures as the CSV files, as numbers and dates, with fixed document dates', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(firstDir, `${BASE}.xlsx`));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['About', ...TABLE_SPECS.map((s) => s.sheet)]);
    expect(wb.created.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    expect(wb.modified.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    for (const spec of TABLE_SPECS) {
      const ws = wb.getWorksheet(spec.sheet)!;
      const [header, ...rows] = parseCsv(readFileSync(join(firstDir, 'csv', `${spec.key}.csv`), 'utf8'));
      expect(header).toEqual(spec.columns.map((c) => c.name));
      expect(ws.getRow(1).values).toEqual([undefined, ...spec.columns.map((c) => c.heading)]);
      expect(ws.rowCount, spec.sheet).toBe(rows.length + 1);
      rows.forEach((row, r) => {
        spec.columns.forEach((col, c) => {
          const cell = ws.getRow(r + 2).getCell(c + 1).value;
          const csv = row[c] ?? '';
          const where = `${spec.sheet} row ${r + 2} ${col.name}`;
          if (csv === '') expect(cell ?? null, where).toBeNull();
          else if (col.kind === 'date') expect((cell as Date).toISOString().slice(0, 10), where).toBe(csv);
          else if (col.kind === 'text') expect(cell, where).toBe(csv);
          else expect(cell, where).toBe(Number(csv));
        });
      });
    }
    const about = wb.getWorksheet('About')!;
    const text = about.getSheetValues().flat().filter((v) => typeof v === 'string').join('\n');
    expect(text).toContain(`Event log position`);
    expect(text).toContain(String(first.logPosition));
    expect(text).toContain('On 31 December 2024,');
  });

  it('gives the same bytes again from the same log position, in any time zone, and keeps the one submission', async () => {
    // On a machine on the other side of the world (UTC+14) too.
    const again = await sendwh(['return', 'safety-valve', '--quarter', QUARTER, '--out', join(work, 'again'), '--home', home, '--json'], { env: { TZ: 'Pacific/Kiritimati' } });
    expect(again.code, again.stderr).toBe(0);
    const result = JSON.parse(again.stdout) as ReturnJson;
    expect(result).toMatchObject({ id: first.id, logPosition: first.logPosition, alreadyRecorded: true });
    const files = filesUnder(firstDir);
    expect(filesUnder(result.out)).toEqual(files);
    for (const f of files) expect(readFileSync(join(result.out, f)).equals(readFileSync(join(firstDir, f))), f).toBe(true);
    expect(readdirSync(join(home, 'submissions')).filter((f) => f.startsWith('sv-2024-25-Q3-'))).toEqual([`${first.id}.json`]);
  }, 300_000);

  it('opens in a real headless Chromium with no console error and no request beyond its own file, and draws every series and point', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('request', (r) => requests.push(r.url()));
      const url = `file://${join(firstDir, `${BASE}.html`)}`;
      await page.goto(url, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      expect(await page.title()).toBe('Safety Valve monitoring return 2024-25-Q3: Kent');
      const charts = await page.$$eval('svg[data-chart]', (svgs) =>
        svgs.map((svg) => ({
          chart: svg.getAttribute('data-chart'),
          declared: Number(svg.getAttribute('data-series-count')),
          series: [...svg.querySelectorAll('[data-series]')].map((s) => ({ key: s.getAttribute('data-series'), points: s.querySelectorAll('[data-point]').length, values: [...s.querySelectorAll('[data-point]')].map((p) => p.getAttribute('data-value')) })),
          visible: svg.getBoundingClientRect().width > 0,
        })),
      );
      expect(charts.map((c) => c.chart)).toEqual(['caseload', 'spend', 'deficit', 'timeliness']);
      for (const c of charts) {
        expect(c.visible).toBe(true);
        expect(c.series.length).toBe(c.declared);
      }
      type Drawn = (typeof charts)[number];
      const byId: Record<string, Drawn> = Object.fromEntries(charts.map((c) => [c.chart, c]));
      // Caseload: seven setting groups over eight quarters, each point the CSV's count.
      const caseload = csvRows(firstDir, 'caseload_by_setting_group');
      expect(byId.caseload!.series.map((s) => s.key)).toEqual(['mainstream', 'special', 'ap_pru', 'fe', 'ed_elsewhere', 'nm_early_years', 'placement_unknown']);
      for (const s of byId.caseload!.series) expect(s.values).toEqual(caseload.filter((r) => r.setting_group === s.key).map((r) => r.plans));
      // Spend: four series over the lines, a point for each figure the table has.
      const spend = csvRows(firstDir, 'hnb_spend_by_line').filter((r) => r.line !== 'Total');
      expect(byId.spend!.series.map((s) => s.key)).toEqual(['actual_ytd', 'plan_ytd', 'forecast_full_year', 'plan_full_year']);
      for (const s of byId.spend!.series) expect(s.values).toEqual(spend.map((r) => r[s.key!]).filter((v) => v !== ''));
      // Deficit: five outturn years, four plan years.
      expect(byId.deficit!.series.map((s) => [s.key, s.points])).toEqual([['outturn', 5], ['plan', 4]]);
      // Timeliness: twelve months, two measures.
      expect(byId.timeliness!.series.map((s) => [s.key, s.points])).toEqual([['pct_issued_within_20_weeks', 12], ['pct_decisions_within_6_weeks', 12]]);
      const all = csvRows(firstDir, 'requests_and_timeliness').filter((r) => r.area_team === 'All areas');
      expect(byId.timeliness!.series[0]!.values).toEqual(all.map((r) => r.pct_issued_within_20_weeks));
      // The headline figures and the commentary are on the page.
      const headlines = await page.$$eval('[data-headline]', (cards) => cards.map((c) => c.getAttribute('data-headline')));
      expect(headlines).toEqual(['plans', 'special-share', 'spend-to-date', 'forecast', 'deficit', 'timeliness', 'requests']);
      const total = caseload.find((r) => r.snapshot_date === '2024-12-31' && r.setting_group === 'total')!.plans!;
      expect(await page.textContent('[data-headline="plans"] .value')).toBe(Number(total).toLocaleString('en-GB'));
      const artefacts = join(repoRoot, 'test-artifacts');
      mkdirSync(artefacts, { recursive: true });
      const png = join(artefacts, `${BASE}.png`);
      await page.screenshot({ path: png, fullPage: true });
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('refuses a bad quarter, a quarter the data does not reach and a folder holding other work, with exit 2 and a hint', async () => {
    const bad = await sendwh(['return', 'safety-valve', '--quarter', '2024-Q3', '--home', home]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/'2024-Q3' is not a quarter/);
    expect(bad.stderr).toMatch(/hint: .*2024-25-Q3/);
    const ahead = await sendwh(['return', 'safety-valve', '--quarter', '2025-26-Q1', '--home', home]);
    expect(ahead.code).toBe(2);
    expect(ahead.stderr).toMatch(/reaches 31 March 2025, before the end of 2025-26-Q1/);
    expect(ahead.stderr).toMatch(/latest quarter the data covers is 2024-25-Q4/);
    const before = await sendwh(['return', 'safety-valve', '--quarter', '2010-11-Q2', '--home', home]);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/caseload starts on 30 September 2014, after the end of 2010-11-Q2/);
    expect(before.stderr).toMatch(/quarters from 2014-15-Q2 to 2024-25-Q4/);
    const busy = join(work, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    const refused = await sendwh(['return', 'safety-valve', '--quarter', QUARTER, '--out', busy, '--home', home]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/notes\.txt/);
    expect(readdirSync(busy)).toEqual(['notes.txt']);
    const kind = await sendwh(['return', 'high-needs', '--quarter', QUARTER, '--home', home]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/unknown return 'high-needs'/);
    const unknown = await sendwh(['reproduce', 'sv-2024-25-Q3-000000000000', '--home', home]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no submission sv-2024-25-Q3-000000000000/);
    expect(unknown.stderr).toContain(first.id);
  }, 300_000);

  it('--publish: no count from 1 to 4 in any table, nor the findings, and the report still renders', async () => {
    const run = await sendwh(['return', 'safety-valve', '--quarter', QUARTER, '--publish', '--out', join(work, 'published'), '--home', home, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as ReturnJson;
    expect(result.published).toBe(true);
    expect(result.id).not.toBe(first.id);
    const dir = result.out;
    expect(existsSync(join(dir, 'csv', 'data_quality_findings.csv'))).toBe(false);
    expect(existsSync(join(dir, `${BASE}_published.xlsx`))).toBe(true);
    const caseload = csvRows(dir, 'caseload_by_setting_group');
    const original = csvRows(firstDir, 'caseload_by_setting_group');
    let hidden = 0;
    caseload.forEach((r, i) => {
      expect(Number(r.plans) >= 1 && Number(r.plans) <= 4, `${r.snapshot_date} ${r.setting_group} ${r.plans}`).toBe(false);
      if (r.plans === 'c') hidden++;
      else expect(r.plans).toBe(original[i]!.plans);
    });
    const requests = csvRows(dir, 'requests_and_timeliness');
    const smallOriginal = csvRows(firstDir, 'requests_and_timeliness').filter((r) => ['requests_received', 'decisions_within_6_weeks', 'plans_issued', 'issued_within_20_weeks'].some((k) => Number(r[k]) >= 1 && Number(r[k]) <= 4));
    expect(smallOriginal.length).toBeGreaterThan(0);
    for (const r of requests) {
      for (const k of ['requests_received', 'decisions_made', 'decisions_within_6_weeks', 'plans_issued', 'issued_within_20_weeks']) {
        expect(Number(r[k]) >= 1 && Number(r[k]) <= 4, `${r.month} ${r.area_team} ${k}`).toBe(false);
        if (r[k] === 'c') hidden++;
      }
    }
    expect(hidden).toBeGreaterThan(0);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(`file://${join(dir, `${BASE}_published.html`)}`);
      expect(problems).toEqual([]);
      // A hidden figure is no point on the timeliness chart.
      const points = await page.$$eval('svg[data-chart="timeliness"] [data-series]', (s) => s.map((g) => g.querySelectorAll('[data-point]').length));
      const all = requests.filter((r) => r.area_team === 'All areas');
      expect(points).toEqual([all.filter((r) => r.pct_issued_within_20_weeks !== 'c' && r.pct_issued_within_20_weeks !== '').length, all.filter((r) => r.pct_decisions_within_6_weeks !== 'c' && r.pct_decisions_within_6_weeks !== '').length]);
      expect(await page.textContent('body')).toContain('shown as c');
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('after a correction to the quarter is ingested, reproduce gives the first return byte for byte, and a new return differs exactly where the correction is', async () => {
    // Correct one November 2024 payment to independent special schools, as a later ledger extract would.
    const ledger = readFileSync(join(home, 'sample', 'finance_ledger_2024-25.csv'), 'utf8').split(/\r?\n/);
    const header = ledger[0]!;
    const cols = header.split(',');
    const target = ledger.find((l) => {
      const f = l.split(',');
      return f[cols.indexOf('Period')] === '8' && f[cols.indexOf('CostCentre')] === 'C14510' && f[cols.indexOf('LedgerType')] === 'Actual' && /^\d+\.\d\d$/.test(f[cols.indexOf('Amount')] ?? '');
    })!;
    expect(target).toBeDefined();
    const fields = target.split(',');
    const before = Number(fields[cols.indexOf('Amount')]);
    const delta = 123456.78;
    fields[cols.indexOf('Amount')] = (before + delta).toFixed(2);
    const correction = join(work, 'finance_ledger_2024-25_correction.csv');
    writeFileSync(correction, `${header}\r\n${fields.join(',')}\r\n`);
    const ingest = await sendwh(['ingest', 'finance', correction, '--home', home, '--json']);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect((JSON.parse(ingest.stdout) as { files: Array<{ corrections: number }> }).files[0]!.corrections).toBe(1);
    // The live warehouse moves on past the submission's position.
    const build = await sendwh(['build', '--home', home, '--json']);
    expect(build.code, build.stderr).toBe(0);

    const reproduced = await sendwh(['reproduce', first.id, '--out', join(work, 'reproduced'), '--home', home, '--json']);
    expect(reproduced.code, reproduced.stderr).toBe(0);
    const r = JSON.parse(reproduced.stdout) as { identical: boolean; warehouse: string; out: string; logPosition: number };
    expect(r).toMatchObject({ identical: true, warehouse: 'rebuilt', logPosition: first.logPosition });
    const files = filesUnder(firstDir);
    expect(filesUnder(r.out)).toEqual(files);
    for (const f of files) expect(sha256(join(r.out, f)), f).toBe(sha256(join(firstDir, f)));
    // No temporary warehouse is left behind.
    expect(readdirSync(home).filter((f) => f.startsWith('reproduce-'))).toEqual([]);

    const fresh = await sendwh(['return', 'safety-valve', '--quarter', QUARTER, '--out', join(work, 'corrected'), '--home', home, '--json']);
    expect(fresh.code, fresh.stderr).toBe(0);
    const second = JSON.parse(fresh.stdout) as ReturnJson;
    expect(second.id).not.toBe(first.id);
    expect(second.logPosition).toBeGreaterThan(first.logPosition);
    // Only the two finance tables change, and in them only the figures the corrected posting feeds.
    for (const spec of TABLE_SPECS) {
      const a = csvRows(firstDir, spec.key);
      const b = csvRows(second.out, spec.key);
      expect(b.length, spec.key).toBe(a.length);
      const changed: string[] = [];
      a.forEach((row, i) => {
        for (const col of spec.columns) {
          if (row[col.name] !== b[i]![col.name]) {
            changed.push(`${row.financial_year ?? row.line ?? i}/${row.measure ?? ''}/${col.name}`);
            expect(Number(b[i]![col.name]) - Number(row[col.name]), `${spec.key} ${col.name}`).toBeCloseTo(delta, 2);
          }
        }
      });
      if (spec.key === 'dsg_position') {
        expect(changed.sort()).toEqual(['2024-25/accumulated_position/actual', '2024-25/hnb_spend/actual', '2024-25/in_year_position/actual']);
      } else if (spec.key === 'hnb_spend_by_line') {
        expect(changed.sort()).toEqual([
          'Independent Special Schools//actual_ytd',
          'Independent Special Schools//variance_to_budget_ytd',
          'Independent Special Schools//variance_to_plan_ytd',
          'Total//actual_ytd',
          'Total//variance_to_budget_ytd',
          'Total//variance_to_plan_ytd',
        ]);
      } else {
        expect(changed, spec.key).toEqual([]);
      }
    }
    const manifest = JSON.parse(readFileSync(join(second.out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.sources.at(-1)).toMatchObject({ source: 'finance', file: 'finance_ledger_2024-25_correction.csv', sha256: sha256(correction) });
  }, 900_000);
});
