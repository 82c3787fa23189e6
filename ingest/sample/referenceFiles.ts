// The small reference extracts of the sample: `areas` (district -> SEN area
// team, CONTRACT §1.5) and the `safety-valve-plan` (table 4.1 in pounds).
import type { CsvFileResult } from './csvWriter.js';
import { CsvWriter } from './csvWriter.js';
import { DISTRICTS } from './places.js';
import { SAFETY_VALVE_PLAN } from './kentFigures.js';

/** Writes District, AreaTeam for the 12 Kent districts. */
export async function writeAreas(path: string): Promise<CsvFileResult> {
  const w = new CsvWriter(path, ['District', 'AreaTeam']);
  for (const d of DISTRICTS) w.row([d.district, d.area]);
  return w.close();
}

/** Writes the revised Safety Valve plan (FinancialYear, Item, Amount in pounds, income negative). */
export async function writeSafetyValvePlan(path: string): Promise<CsvFileResult> {
  const w = new CsvWriter(path, ['FinancialYear', 'Item', 'Amount']);
  for (const p of SAFETY_VALVE_PLAN) w.row([p.year, p.item, String(Math.round(p.amountM * 1_000_000))]);
  return w.close();
}
