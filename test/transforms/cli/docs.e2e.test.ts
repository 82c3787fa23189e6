// sendwh docs: the data dictionary opened in a real headless Chromium from
// disk (no server, no network): every warehouse table is on the page, the
// search box finds a column and takes you to it, the data-quality history is
// there, and the page logs no error. The JSON Schemas are written beside it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWarehouse } from '../../../transforms/warehouse/index.js';
import { anchor } from '../../../transforms/docs/index.js';
import { repoRoot, sendwh, tempDir } from '../../support/cli.js';

let home: string;
let files: string;
let out: string;
let browser: Browser;

const ledger = (rows: string[]) => ['TransactionID,FinancialYear,Period,PostingDate,CostCentre,Subjective,LedgerType,Amount,Description', ...rows].join('\n') + '\n';

beforeAll(async () => {
  home = tempDir('sendwh-docs-home-');
  files = tempDir('sendwh-docs-files-');
  out = join(home, 'dictionary');
  writeFileSync(join(files, 'cost_centres.csv'), ['CostCentre,Line,Kind', 'C1,Maintained Special Schools,spend', 'C2,High Needs Grant,grant'].join('\n') + '\n');
  writeFileSync(join(files, 'ledger_q1.csv'), ledger(['T1,2024-25,1,2024-04-30,C1,5711,Actual,1000.00,April', 'T2,2024-25,2,2024-05-31,C2,8000,Actual,-900.00,Grant', 'T3,2024-25,2,2024-05-31,C1,5711,Actual,12.345,bad amount']));
  writeFileSync(join(files, 'ledger_q2.csv'), ledger(['T4,2024-25,4,2024-07-31,C9,5711,Actual,50.00,unmapped cost centre']));
  for (const args of [
    ['ingest', 'cost-centres', join(files, 'cost_centres.csv')],
    ['ingest', 'finance', join(files, 'ledger_q1.csv')],
    ['build'],
    ['ingest', 'finance', join(files, 'ledger_q2.csv')],
    ['build'],
  ]) {
    const r = await sendwh([...args, '--home', home]);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

describe('sendwh docs', () => {
  it('writes the page, its JSON and a JSON Schema per extract source', async () => {
    const r = await sendwh(['docs', '--out', out, '--home', home, '--json']);
    expect(r.code).toBe(0);
    const written = JSON.parse(r.stdout) as { index: string; tables: number; sources: number; schemas: string[] };
    expect(written.index).toBe(join(out, 'index.html'));
    expect(written.tables).toBe(describeWarehouse().length);
    expect(written.schemas.map((s) => s.slice(out.length + 1)).sort()).toEqual(
      ['areas', 'cases', 'census', 'cost-centres', 'ees', 'finance', 'placements', 'safety-valve-plan', 'schools'].map((s) => `schemas/${s}.schema.json`),
    );
    const census = JSON.parse(readFileSync(join(out, 'schemas', 'census.schema.json'), 'utf8')) as { $schema: string; required: string[] };
    expect(census.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(census.required).toEqual(['CensusDate', 'UPN', 'LAEstab', 'DOB', 'NCyearActual', 'SENprovision']);
    const json = JSON.parse(readFileSync(join(out, 'dictionary.json'), 'utf8')) as { quality: { results: Array<{ logPosition: number }>; files: Array<{ file: string; rejected: number }> } };
    expect(new Set(json.quality.results.map((x) => x.logPosition))).toEqual(new Set([5, 6]));
    expect(json.quality.files.map((f) => [f.file, f.rejected])).toEqual([
      ['cost_centres.csv', 0],
      ['ledger_q1.csv', 1],
      ['ledger_q2.csv', 0],
    ]);
  });

  it('opens in headless Chromium with every table, a search that finds a column, and no console errors', async () => {
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(join(out, 'index.html')).href);

    for (const table of describeWarehouse()) {
      const section = page.locator(`section#${anchor('table', table.name)}`);
      expect(await section.count(), table.name).toBe(1);
      expect(await section.locator('tbody tr').count(), table.name).toBe(table.columns.length);
    }
    expect(await page.locator('section.contract').count()).toBe(9);
    expect(await page.locator(`section#${anchor('table', 'fct_hnb_spend')} dd`).first().textContent()).toBe('financial_year × period × line × ledger_type');

    await page.fill('#search', 'week20');
    const hits = page.locator('#search-results li.hit');
    await hits.first().waitFor();
    const names = await hits.locator('a').allTextContents();
    expect(names).toContain('stg_cases__requests.week20_exception');
    expect(names).toContain('cases.Week20Exception');
    await page.locator('#search-results a', { hasText: 'stg_cases__requests.week20_exception' }).click();
    expect(new URL(page.url()).hash).toBe(`#${anchor('col', 'stg_cases__requests', 'week20_exception')}`);
    const row = page.locator(`tr#${anchor('col', 'stg_cases__requests', 'week20_exception')}`);
    expect(await row.isVisible()).toBe(true);
    expect(await row.locator('td.lineage').textContent()).toMatch(/extract: cases\.Week20Exception/);

    await page.fill('#search', 'timeliness 20 weeks');
    await page.locator('#search-results li.hit').first().waitFor();
    expect(await page.locator('#search-results li.hit a').allTextContents()).toContain('fct_plan_timeliness');

    const checks = page.locator('table.quality-checks thead th');
    expect(await checks.allTextContents()).toEqual(['Check', 'Severity', 'Passes when', 'at 5', 'at 6']);
    expect(await page.locator(`tr#${anchor('check', 'unmapped_cost_centres')} td`).allTextContents()).toEqual([
      'unmapped_cost_centres',
      'warning',
      'every cost centre posted to is in the cost-centre map',
      'pass',
      'fail (1)',
    ]);

    const artefacts = join(repoRoot, 'test-artifacts');
    mkdirSync(artefacts, { recursive: true });
    await page.screenshot({ path: join(artefacts, 'data-dictionary.png'), fullPage: false });
    expect(readFileSync(join(artefacts, 'data-dictionary.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    await page.close();
  }, 120_000);
});
