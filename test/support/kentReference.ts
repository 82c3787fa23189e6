// Kent's published figures as the shared reference files hold them
// (shared/reference/*.csv, copied from the committee papers) and as the real
// DfE release zip publishes them (shared/data/ees): the expected values of the
// tests that check the warehouse against what Kent and the DfE published,
// read from those files rather than typed in again.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, type CsvFile } from '../../ingest/csv/csvReader.js';
import { listZipCsvEntries, readZipCsv } from '../../ingest/csv/zipEntries.js';
import { repoRoot } from './cli.js';

/** shared/ sits beside the clone in CI and on developer machines. */
export const sharedDir: string = [join(repoRoot, '..', 'shared'), '/work/shared'].find((d) => existsSync(join(d, 'reference'))) ?? join(repoRoot, '..', 'shared');

/** The DfE "Education, health and care plans" 2025 release, as published. */
export const eesZip2025: string = join(sharedDir, 'data', 'ees', 'education-health-and-care-plans_2025.zip');

/** Kent in the DfE files. */
export const KENT = { oldLaCode: '886', laCode: 'E10000016', name: 'Kent' } as const;

async function records(file: CsvFile): Promise<Array<Record<string, string>>> {
  const header = file.header.map((h) => h.trim());
  const rows: Array<Record<string, string>> = [];
  for await (const batch of file.batches()) {
    for (const record of batch) rows.push(Object.fromEntries(header.map((h, i) => [h, record.fields[i] ?? ''])));
  }
  return rows;
}

/** A reference CSV of shared/reference as rows keyed by header. */
export async function referenceRows(name: string): Promise<Array<Record<string, string>>> {
  return records(await readCsv(join(sharedDir, 'reference', name)));
}

/** Table 3.8: requests received by area team and month (YYYY-MM), March 2024 to February 2025. */
export async function requestsByAreaMonth(): Promise<Array<{ month: string; areaTeam: string; requests: number }>> {
  return (await referenceRows('requests_by_area_month.csv')).map((r) => ({ month: r.month as string, areaTeam: r.area_team as string, requests: Number(r.requests_received) }));
}

/** Table 3.14: High Needs Block spend by line and financial year, £m. */
export async function hnbSpendByLine(): Promise<Array<{ financialYear: string; line: string; millions: number }>> {
  return (await referenceRows('hnb_spend_by_line.csv')).map((r) => ({ financialYear: r.financial_year as string, line: r.line as string, millions: Number(r.amount_gbp_millions) }));
}

/** Table 4.1: the revised Safety Valve plan, £m, items in the paper's order within each year. */
export async function safetyValvePlan(): Promise<Array<{ financialYear: string; item: string; millions: number }>> {
  return (await referenceRows('safety_valve_plan.csv')).map((r) => ({ financialYear: r.financial_year as string, item: r.item as string, millions: Number(r.amount_gbp_millions) }));
}

/** Paragraph 3.9: share of plans issued within 20 weeks (percent, one decimal) in three months. */
export async function timelinessMonthly(): Promise<Array<{ month: string; percent: number }>> {
  return (await referenceRows('timeliness_monthly.csv')).map((r) => ({ month: r.month as string, percent: Number(r.pct_issued_within_20_weeks) }));
}

/** Table 3.11: headline counts, by measure then year column ('2023', '2024'). */
export async function kentSummary(): Promise<Map<string, Record<string, number>>> {
  const rows = await referenceRows('kent_summary.csv');
  return new Map(rows.map((r) => [r.measure as string, { '2023': Number(r['2023']), '2024': Number(r['2024']) }]));
}

/** The rows of one data CSV of the DfE zip for Kent's own line ("Local authority", old_la_code 886) and the given breakdown topic. */
async function kentRowsOf(dataset: string, breakdownTopic: string): Promise<Array<Record<string, string>>> {
  const entry = (await listZipCsvEntries(eesZip2025)).find((e) => e.name === `${dataset}.csv`);
  if (entry === undefined) throw new Error(`${eesZip2025} has no ${dataset}.csv`);
  const rows = await records(await readZipCsv(eesZip2025, entry));
  return rows.filter((r) => r.geographic_level === 'Local authority' && r.old_la_code === KENT.oldLaCode && r.breakdown_topic === breakdownTopic);
}

const published = (cell: string | undefined): number | null => (cell !== undefined && /^-?\d+(\.\d+)?$/.test(cell.trim()) ? Number(cell) : null);

/** The DfE January caseload for Kent by census year (time_period 201819 = January 2019): every published column, null where suppressed. */
export async function kentDfeCaseload(): Promise<Map<number, Record<string, number | null>>> {
  const rows = await kentRowsOf('caseload', 'All EHC plans');
  return new Map(rows.map((r) => [Number((r.time_period as string).slice(0, 4)) + 1, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, published(v)]))]));
}

/** The DfE 20-week timeliness for Kent by calendar year: every published column, null where suppressed. */
export async function kentDfeTimeliness(): Promise<Map<number, Record<string, number | null>>> {
  const rows = await kentRowsOf('timeliness_20_week', 'All EHC plans issued');
  return new Map(rows.map((r) => [Number(r.time_period), Object.fromEntries(Object.entries(r).map(([k, v]) => [k, published(v)]))]));
}

/** The DfE caseload's placement groups as fct_ehcp_caseload names them (setting_group -> DfE group column). */
export const DFE_GROUP_COLUMNS: Readonly<Record<string, string>> = {
  mainstream: 'mainstream_total',
  special: 'special_total',
  ap_pru: 'ap_pru_total',
  fe: 'fe_total',
  ed_elsewhere: 'ed_elsewhere',
  nm_early_years: 'nm_early_years',
};
