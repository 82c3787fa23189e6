// The `finance` ledger extracts and the `cost-centres` reference file of the
// Kent sample. Actual spend per High Needs line and financial year lands within
// £0.1m of table 3.14 (exact in pence by construction); grant, Schools Block
// transfer, other-block variances and the Safety Valve contributions give the
// DSG position of kentFigures.DSG_OUTTURN; budgets and the revised plan's
// forecasts sit alongside. Formats drift year to year as real ledger exports
// do: DD/MM/YYYY dates, `1,234.50`, `(1,234.50)`, `£1,234.50`, CRLF.
import { join } from 'node:path';
import type { Rng } from './prng.js';
import { apportion } from './prng.js';
import { day, daysInMonth, dmy, iso, weekday } from './dates.js';
import { CsvWriter, type CsvFileResult } from './csvWriter.js';
import { DSG_OUTTURN, HNB_SPEND_BY_LINE, SAFETY_VALVE_PLAN, SPEND_LINES, type SpendLine } from './kentFigures.js';

export type CostCentreKind = 'spend' | 'grant' | 'transfer' | 'other_variance' | 'dfe_contribution' | 'council_contribution';

/** One cost centre of the High Needs Block / DSG ledger. */
export interface CostCentreDef {
  code: string;
  name: string;
  line: string;
  kind: CostCentreKind;
  /** Share of its line's spend. */
  weight: number;
  /** Typical postings per period (spend centres). */
  postings: number;
  subjective: string;
  suppliers: readonly string[];
}

const SCHOOLS = ['Valence School', 'Foxwood and Highview School', 'Five Acre Wood School', 'Ifield School', 'Milestone Academy', 'Portal House School', 'Laleham Gap School'];
const INDEPENDENT = ['Hope View School Ltd', 'Cambian Education, Kent', 'Browns School', 'Heath Farm School', 'Caldecott Foundation', 'Lorenden Education', 'Aspris Children’s Services, Kent', 'Compass Education'];
const COLLEGES = ['EKC Group', 'North Kent College', 'MidKent College', 'Hadlow College', 'Nash College', 'Orchard Hill College', 'Linkage College'];
const SERVICES = ['Kent County Council STLS', 'Academy21', 'Tutor Doctor Kent', 'Kent Sensory Service', 'Kent Health Needs Education Service', 'EOTAS Provider Network, Kent'];

/** The cost-centre map (CONTRACT §1.5 `cost-centres`). */
export const COST_CENTRES: readonly CostCentreDef[] = [
  { code: 'C14501', name: 'Special schools place funding', line: SPEND_LINES[0], kind: 'spend', weight: 0.45, postings: 30, subjective: '5712', suppliers: SCHOOLS },
  { code: 'C14502', name: 'Special schools top-up (maintained)', line: SPEND_LINES[0], kind: 'spend', weight: 0.35, postings: 60, subjective: '5711', suppliers: SCHOOLS },
  { code: 'C14503', name: 'Special academies top-up', line: SPEND_LINES[0], kind: 'spend', weight: 0.2, postings: 25, subjective: '5711', suppliers: SCHOOLS },
  { code: 'C14510', name: 'Independent special schools (in county)', line: SPEND_LINES[1], kind: 'spend', weight: 0.55, postings: 90, subjective: '5720', suppliers: INDEPENDENT },
  { code: 'C14511', name: 'Out of county independent and non-maintained', line: SPEND_LINES[1], kind: 'spend', weight: 0.45, postings: 70, subjective: '5721', suppliers: INDEPENDENT },
  { code: 'C14520', name: 'High Needs top-up: mainstream schools', line: SPEND_LINES[2], kind: 'spend', weight: 0.6, postings: 160, subjective: '5711', suppliers: ['Kent primary and secondary schools'] },
  { code: 'C14521', name: 'Specialist Resource Provision places and top-up', line: SPEND_LINES[2], kind: 'spend', weight: 0.3, postings: 45, subjective: '5712', suppliers: ['SRP host schools'] },
  { code: 'C14522', name: 'Communities of Schools / LIFT', line: SPEND_LINES[2], kind: 'spend', weight: 0.1, postings: 12, subjective: '5730', suppliers: ['Communities of Schools, Kent'] },
  { code: 'C14530', name: 'FE colleges high needs', line: SPEND_LINES[3], kind: 'spend', weight: 0.6, postings: 20, subjective: '5740', suppliers: COLLEGES },
  { code: 'C14531', name: 'Specialist post-16 institutions', line: SPEND_LINES[3], kind: 'spend', weight: 0.4, postings: 25, subjective: '5741', suppliers: COLLEGES },
  { code: 'C14540', name: 'Specialist Teaching and Learning Service', line: SPEND_LINES[4], kind: 'spend', weight: 0.3, postings: 40, subjective: '5100', suppliers: SERVICES },
  { code: 'C14541', name: 'Pupil referral units and alternative provision', line: SPEND_LINES[4], kind: 'spend', weight: 0.35, postings: 35, subjective: '5711', suppliers: SERVICES },
  { code: 'C14542', name: 'Education other than at school and tuition', line: SPEND_LINES[4], kind: 'spend', weight: 0.2, postings: 60, subjective: '5750', suppliers: SERVICES },
  { code: 'C14543', name: 'Sensory and physical disability service', line: SPEND_LINES[4], kind: 'spend', weight: 0.1, postings: 15, subjective: '5100', suppliers: SERVICES },
  { code: 'C14544', name: 'Hospital education', line: SPEND_LINES[4], kind: 'spend', weight: 0.05, postings: 6, subjective: '5711', suppliers: SERVICES },
  { code: 'C14900', name: 'DSG High Needs Block grant', line: 'High Needs Grant', kind: 'grant', weight: 1, postings: 1, subjective: '9101', suppliers: ['Department for Education'] },
  { code: 'C14901', name: 'Transfer from Schools Block', line: 'Transfer from Schools Block', kind: 'transfer', weight: 1, postings: 1, subjective: '9105', suppliers: ['Schools Forum'] },
  { code: 'C14902', name: 'Variances on other DSG blocks', line: 'Other Variances', kind: 'other_variance', weight: 1, postings: 1, subjective: '9190', suppliers: ['DSG'] },
  { code: 'C14903', name: 'Safety Valve DfE contribution', line: 'DfE Contribution', kind: 'dfe_contribution', weight: 1, postings: 1, subjective: '9102', suppliers: ['Department for Education'] },
  { code: 'C14904', name: 'Safety Valve Council contribution', line: 'Council Contribution', kind: 'council_contribution', weight: 1, postings: 1, subjective: '9110', suppliers: ['Kent County Council'] },
];

/** A cost centre first used in 2024-25 and not yet in the map: its postings show under `Unmapped`. */
export const UNMAPPED_COST_CENTRE = 'C14599';

/** Spend by line for 2019-20 (£m, £238.4m in all): the year before the published table, so the DSG position starts in 2019-20. */
const SPEND_2019_20 = [95.2, 42.6, 40.1, 15.3, 45.2];

/** Writes the cost-centre map. */
export async function writeCostCentres(path: string): Promise<CsvFileResult> {
  const w = new CsvWriter(path, ['CostCentre', 'Line', 'Kind', 'Description']);
  for (const c of COST_CENTRES) w.row([c.code, c.line, c.kind, c.name]);
  return w.close();
}

interface Posting {
  id: string;
  year: string;
  period: number;
  date: number;
  cc: CostCentreDef | { code: string; name: string; subjective: string; suppliers: readonly string[] };
  ledger: 'Actual' | 'Budget' | 'Forecast';
  pence: number;
  description: string;
  supplier: string;
}

const MONTHS = ['April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'January', 'February', 'March'];

function periodMonth(startYear: number, period: number): [number, number] {
  const p = Math.min(period, 12);
  return p <= 9 ? [startYear, p + 3] : [startYear + 1, p - 9];
}

function postingDay(rng: Rng, startYear: number, period: number): number {
  if (period >= 13) return day(startYear + 1, 3, 31);
  const [y, m] = periodMonth(startYear, period);
  for (;;) {
    const d = day(y, m, rng.int(1, daysInMonth(y, m)));
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6) return d;
  }
}

/** Splits a positive total in pence into n postings, a few of them credits (refunds, recoupment). */
function splitPence(rng: Rng, total: number, n: number): number[] {
  const credits: number[] = [];
  const avg = total / n;
  for (let i = 0; i < n; i++) if (i > 0 && rng.chance(0.04)) credits.push(-Math.max(100, Math.round(avg * (0.2 + rng.next() * 1.3))));
  const creditSum = credits.reduce((s, x) => s + x, 0);
  const positives = n - credits.length;
  const parts = apportion(total - creditSum, Array.from({ length: positives }, () => Math.exp(rng.normal() * 0.8)));
  return rng.shuffle([...parts, ...credits]);
}

/** Formats pence the way a given year's export does. */
function formatAmount(rng: Rng, pence: number, style: string): string {
  const neg = pence < 0;
  const abs = Math.abs(pence);
  const plain = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  // Thousands separators by hand: toLocaleString would depend on the Node build's ICU data.
  const grouped = `${String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(abs % 100).padStart(2, '0')}`;
  switch (style) {
    case 'plain':
      return neg ? `-${plain}` : plain;
    case 'grouped':
      return neg ? `(${grouped})` : grouped;
    case 'pound':
      return neg ? `(${grouped})` : `£${grouped}`;
    case 'trim': {
      const t = abs % 100 === 0 ? String(Math.floor(abs / 100)) : abs % 10 === 0 ? plain.slice(0, -1) : plain;
      return neg ? `-${t}` : t;
    }
    default:
      return formatAmount(rng, pence, rng.pick(['plain', 'grouped', 'pound', 'trim']));
  }
}

const YEAR_STYLE: Record<string, { amount: string; dates: (d: number) => string; crlf: boolean }> = {
  '2019-20': { amount: 'plain', dates: dmy, crlf: true },
  '2020-21': { amount: 'plain', dates: iso, crlf: false },
  '2021-22': { amount: 'grouped', dates: iso, crlf: false },
  '2022-23': { amount: 'pound', dates: dmy, crlf: true },
  '2023-24': { amount: 'mixed', dates: iso, crlf: false },
  '2024-25': { amount: 'trim', dates: iso, crlf: true },
  '2025-26': { amount: 'plain', dates: iso, crlf: false },
};

const HEADER = ['TransactionID', 'FinancialYear', 'Period', 'PostingDate', 'CostCentre', 'CostCentreName', 'Subjective', 'LedgerType', 'Amount', 'Description', 'Supplier'];

/** Writes one ledger file per financial year 2019-20..2025-26, then the 2024-25 adjustments. */
export async function writeFinance(outDir: string, rng: Rng, onProgress: (msg: string) => void): Promise<CsvFileResult[]> {
  const results: CsvFileResult[] = [];
  const spend = COST_CENTRES.filter((c) => c.kind === 'spend');
  const byKind = (k: CostCentreKind): CostCentreDef => COST_CENTRES.find((c) => c.kind === k)!;
  let corrected: Posting[] = [];
  let duplicated: Posting[] = [];
  for (const year of ['2019-20', '2020-21', '2021-22', '2022-23', '2023-24', '2024-25', '2025-26']) {
    const r = rng.fork(year);
    const startYear = Number(year.slice(0, 4));
    const postings: Posting[] = [];
    let seq = 0;
    const idOf = (prefix: string): string => `${prefix}${startYear}-${String(++seq).padStart(7, '0')}`;
    const lineTotalsM: number[] | undefined = year === '2019-20' ? SPEND_2019_20 : HNB_SPEND_BY_LINE[year] ? [...HNB_SPEND_BY_LINE[year]!] : undefined;
    const emitSpread = (ledger: Posting['ledger'], totalsM: readonly number[], noisePence: number, detailed: boolean): void => {
      SPEND_LINES.forEach((line: SpendLine, li) => {
        const total = Math.round((totalsM[li] as number) * 1e8) + (noisePence > 0 ? r.int(-noisePence, noisePence) : 0);
        const centres = spend.filter((c) => c.line === line);
        const ccTotals = apportion(total, centres.map((c) => c.weight * (0.9 + 0.2 * r.next())));
        centres.forEach((cc, ci) => {
          const periods = detailed && r.chance(0.3) ? 13 : 12;
          const perPeriod = apportion(ccTotals[ci] as number, Array.from({ length: periods }, (_, p) => (p === 12 ? 0.12 : 0.9 + 0.2 * r.next())));
          perPeriod.forEach((pt, pi) => {
            const period = pi + 1;
            const n = detailed ? Math.max(2, Math.round(cc.postings * (0.8 + 0.4 * r.next()) * (period === 13 ? 0.1 : 1))) : 1;
            for (const pence of detailed ? splitPence(r, pt, n) : [pt]) {
              postings.push({
                id: idOf(ledger === 'Actual' ? 'GL' : ledger === 'Budget' ? 'BU' : 'FC'),
                year,
                period,
                date: ledger === 'Actual' ? postingDay(r, startYear, period) : day(...periodMonth(startYear, period), 1),
                cc,
                ledger,
                pence,
                description: ledger === 'Actual' ? `${cc.name}, ${MONTHS[Math.min(period, 12) - 1]} ${period === 13 ? 'accrual' : 'payment'}` : `${ledger} ${year}, ${MONTHS[period - 1]}`,
                supplier: r.pick(cc.suppliers),
              });
            }
          });
        });
      });
    };
    const emitSingle = (kind: CostCentreKind, ledger: Posting['ledger'], millions: number, parts: ReadonlyArray<{ period: number; share: number }>): void => {
      if (millions === 0) return;
      const cc = byKind(kind);
      const total = Math.round(millions * 1e8) + (kind === 'grant' ? 0 : r.int(-40000, 40000));
      const split = apportion(Math.abs(total), parts.map((p) => p.share));
      parts.forEach((p, i) => {
        postings.push({
          id: idOf(ledger === 'Actual' ? 'GL' : 'BU'),
          year,
          period: p.period,
          date: ledger === 'Actual' ? postingDay(r, startYear, p.period) : day(...periodMonth(startYear, p.period), 1),
          cc,
          ledger,
          pence: Math.sign(total) * (split[i] as number),
          description: `${cc.name} ${year}${parts.length > 1 ? `, ${MONTHS[Math.min(p.period, 12) - 1]}` : ''}`,
          supplier: cc.suppliers[0] as string,
        });
      });
    };
    const monthly = Array.from({ length: 12 }, (_, i) => ({ period: i + 1, share: 1 }));
    if (lineTotalsM) {
      // Actuals: each line lands within £0.09m of the published £m figure.
      emitSpread('Actual', lineTotalsM, 9_000_000, true);
      const dsg = DSG_OUTTURN[year]!;
      emitSingle('grant', 'Actual', dsg.grant, monthly);
      emitSingle('transfer', 'Actual', dsg.transfer, [{ period: 12, share: 1 }]);
      emitSingle('other_variance', 'Actual', dsg.otherVariance, [{ period: 12, share: 0.7 }, { period: 13, share: 0.3 }]);
      emitSingle('dfe_contribution', 'Actual', dsg.dfe, year === '2022-23' ? [{ period: 9, share: 0.5 }, { period: 12, share: 0.5 }] : [{ period: 12, share: 1 }]);
      emitSingle('council_contribution', 'Actual', dsg.council, [{ period: 13, share: 1 }]);
      const factor = { '2019-20': 0.9, '2020-21': 0.88, '2021-22': 0.86, '2022-23': 0.9, '2023-24': 0.9, '2024-25': 0.92 }[year] ?? 0.9;
      emitSpread('Budget', lineTotalsM.map((m) => Math.round(m * factor * 10) / 10), 0, false);
      emitSingle('grant', 'Budget', dsg.grant, monthly);
    }
    const plan = (y: string): number[] => SPEND_LINES.map((l) => SAFETY_VALVE_PLAN.find((p) => p.year === y && p.item === l)!.amountM);
    if (year === '2024-25') {
      emitSpread('Forecast', plan('2024-25'), 0, false);
      // A new cost centre not yet in the map (the checks should report it).
      const stray = { code: UNMAPPED_COST_CENTRE, name: 'SEN inclusion fund (new)', subjective: '5730', suppliers: ['Communities of Schools, Kent'] };
      for (const pence of [412_000, 505_050, 330_950]) {
        postings.push({ id: idOf('GL'), year, period: 11, date: postingDay(r, startYear, 11), cc: stray, ledger: 'Actual', pence, description: 'Inclusion fund pilot', supplier: 'Communities of Schools, Kent' });
      }
    }
    if (year === '2025-26') {
      emitSpread('Budget', plan('2025-26').map((m) => m * 0.95), 0, false);
      emitSpread('Forecast', plan('2025-26'), 0, false);
    }
    postings.sort((a, b) => a.date - b.date || a.id.localeCompare(b.id));
    if (year === '2024-25') {
      const actual = postings.filter((p) => p.ledger === 'Actual' && p.cc.code !== UNMAPPED_COST_CENTRE);
      corrected = r.shuffle([...actual]).slice(0, 40);
      duplicated = r.shuffle(actual.filter((p) => !corrected.includes(p))).slice(0, 30);
    }
    const wrongOf = new Set(corrected.filter((p) => p.year === year));
    const style = YEAR_STYLE[year]!;
    const w = new CsvWriter(join(outDir, `finance_ledger_${year}.csv`), HEADER, { crlf: style.crlf });
    const row = (p: Posting, pence: number): string[] => [
      p.id,
      p.year,
      String(p.period),
      style.dates(p.date),
      p.cc.code,
      p.cc.name,
      p.cc.subjective,
      p.ledger,
      formatAmount(r, pence, style.amount),
      p.description,
      p.supplier,
    ];
    for (const p of postings) {
      // Keyed once: the first export had some amounts mistyped (digits transposed, pence dropped).
      const pence = wrongOf.has(p) ? (r.chance(0.5) ? p.pence * 10 : p.pence + 100) : p.pence;
      if (w.row(row(p, pence))) await w.drain();
    }
    results.push(await w.close());
    onProgress(`finance ${year}: ${postings.length.toLocaleString('en-GB')} postings`);
  }
  // The 2024-25 re-export: corrected postings (same id, true amount) and a few plain duplicates.
  const r = rng.fork('adjustments');
  const w = new CsvWriter(join(outDir, 'finance_ledger_2024-25_adjustments.csv'), HEADER, { crlf: true });
  for (const p of [...corrected, ...duplicated].sort((a, b) => a.id.localeCompare(b.id))) {
    w.row([p.id, p.year, String(p.period), iso(p.date), p.cc.code, p.cc.name, p.cc.subjective, p.ledger, formatAmount(r, p.pence, 'plain'), p.description, p.supplier]);
  }
  results.push(await w.close());
  return results;
}
