// The headline figures and the plain-English commentary of a return, worked
// out from its tables (the published ones when the return is published, so a
// suppressed count never reaches a sentence: a sum with a hidden part is "not
// published"). Pure: the same tables give the same words.
import { longDate, monthYear, type Quarter } from './quarter.js';
import { columnIndex, num, tableOf, type Cell, type ReturnTable } from './tables.js';

export interface Headline {
  key: string;
  label: string;
  value: string;
  note: string;
}

export interface ReturnSummary {
  headlines: Headline[];
  commentary: string[];
}

export interface SummaryContext {
  quarter: Quarter;
  authorityName: string;
}

const NOT_PUBLISHED = 'not published';

export function summarise(tables: readonly ReturnTable[], context: SummaryContext): ReturnSummary {
  const headlines: Headline[] = [];
  const commentary: string[] = [];
  const caseload = caseloadFacts(tables, context);
  const finance = financeFacts(tables, context);
  const deficit = deficitFacts(tables, context);
  const timeliness = timelinessFacts(tables, context);
  headlines.push(...caseload.headlines, ...finance.headlines, ...deficit.headlines, ...timeliness.headlines);
  for (const text of [caseload.text, finance.text, deficit.text, timeliness.text, benchmarkText(tables, context), qualityText(tables)]) {
    if (text) commentary.push(text);
  }
  return { headlines, commentary };
}

interface Facts {
  headlines: Headline[];
  text: string;
}

function caseloadFacts(tables: readonly ReturnTable[], { quarter }: SummaryContext): Facts {
  const t = tableOf(tables, 'caseload_by_setting_group');
  const [iDate, iGroup, iPlans, iShare] = ['snapshot_date', 'setting_group', 'plans', 'share_pct'].map((n) => columnIndex(t, n)) as [number, number, number, number];
  const at = (date: string, group: string) => t.rows.find((r) => r[iDate] === date && r[iGroup] === group);
  const now = at(quarter.end, 'total');
  if (now === undefined) return { headlines: [], text: `There is no caseload snapshot for ${longDate(quarter.end)}.` };
  const dates = [...new Set(t.rows.map((r) => r[iDate] ?? ''))].sort();
  const yearAgo = dates.length >= 5 ? dates[dates.length - 5]! : undefined;
  const total = num(now[iPlans]);
  const before = yearAgo === undefined ? null : num(at(yearAgo, 'total')?.[iPlans]);
  const special = at(quarter.end, 'special');
  const mainstream = at(quarter.end, 'mainstream');
  const specialBefore = yearAgo === undefined ? undefined : at(yearAgo, 'special');
  const mainstreamBefore = yearAgo === undefined ? undefined : at(yearAgo, 'mainstream');
  const change = total !== null && before !== null ? total - before : null;
  const headlines: Headline[] = [
    {
      key: 'plans',
      label: `EHC plans on ${longDate(quarter.end)}`,
      value: total === null ? NOT_PUBLISHED : count(total),
      note: change === null || before === null || yearAgo === undefined ? '' : `${signed(change, count)} (${signedPct(change, before)}) on ${longDate(yearAgo)}`,
    },
    {
      key: 'special-share',
      label: 'Placed in special schools',
      value: pct(special?.[iShare]),
      note: specialBefore ? `${pct(specialBefore[iShare])} a year earlier` : '',
    },
  ];
  const parts: string[] = [];
  if (total === null) parts.push(`The number of children and young people with an EHC plan on ${longDate(quarter.end)} is not published.`);
  else {
    let first = `On ${longDate(quarter.end)}, ${count(total)} children and young people had an EHC plan`;
    if (change !== null && before !== null && yearAgo !== undefined) {
      first += change === 0 ? `, the same number as on ${longDate(yearAgo)}` : `: ${count(Math.abs(change))} (${Math.abs((100 * change) / before).toFixed(1)}%) ${change > 0 ? 'more' : 'fewer'} than on ${longDate(yearAgo)} (${count(before)})`;
    }
    parts.push(first + '.');
  }
  if (special && mainstream) {
    let share = `${pct(special[iShare])} of them were placed in special schools and ${pct(mainstream[iShare])} in mainstream schools`;
    if (specialBefore && mainstreamBefore) share += ` (a year earlier: ${pct(specialBefore[iShare])} and ${pct(mainstreamBefore[iShare])})`;
    parts.push(capitalise(share) + '.');
  }
  return { headlines, text: parts.join(' ') };
}

function financeFacts(tables: readonly ReturnTable[], { quarter }: SummaryContext): Facts {
  const t = tableOf(tables, 'hnb_spend_by_line');
  const i = (n: string) => columnIndex(t, n);
  const total = t.rows.find((r) => r[i('line')] === 'Total');
  if (total === undefined) return { headlines: [], text: `The ledger holds no High Needs Block figures for ${quarter.financialYear}.` };
  const actual = num(total[i('actual_ytd')]);
  const budget = num(total[i('budget_ytd')]);
  const planYtd = num(total[i('plan_ytd')]);
  const forecast = num(total[i('forecast_full_year')]);
  const plan = num(total[i('plan_full_year')]);
  const periods = quarter.number === 4 ? 'the whole year, year-end adjustments included' : `ledger periods 1-${quarter.lastPeriod}`;
  const headlines: Headline[] = [
    {
      key: 'spend-to-date',
      label: `High Needs Block spend, ${quarter.number === 4 ? quarter.financialYear : `to ${monthYear(quarter.end)}`}`,
      value: actual === null ? NOT_PUBLISHED : money(actual),
      note: actual !== null && budget !== null ? `${money(Math.abs(actual - budget))} ${actual >= budget ? 'over' : 'under'} the budget to date (${money(budget)})` : '',
    },
  ];
  if (forecast !== null) {
    headlines.push({
      key: 'forecast',
      label: `Forecast spend for ${quarter.financialYear}`,
      value: money(forecast),
      note: plan === null ? 'no Safety Valve plan for the year' : compareTo(forecast, plan, 'the plan'),
    });
  }
  const parts: string[] = [];
  if (actual !== null) {
    let s = `High Needs Block spend in ${quarter.financialYear} to the end of ${monthYear(quarter.end)} (${periods}) was ${money(actual)}`;
    const against: string[] = [];
    if (budget !== null) against.push(`${money(Math.abs(actual - budget))} ${actual >= budget ? 'above' : 'below'} the budget to date (${money(budget)})`);
    if (planYtd !== null) against.push(`${money(Math.abs(actual - planYtd))} ${actual >= planYtd ? 'above' : 'below'} the Safety Valve plan profiled evenly to date (${money(planYtd)})`);
    if (against.length > 0) s += `: ${against.join(', and ')}`;
    parts.push(s + '.');
  }
  if (forecast !== null) {
    parts.push(`The forecast for the whole year is ${money(forecast)}${plan === null ? '' : `, ${compareTo(forecast, plan, 'the plan')}`}.`);
  }
  // The line furthest from the plan to date.
  const lines = t.rows
    .filter((r) => r[i('line')] !== 'Total')
    .map((r) => ({ line: r[i('line')] ?? '', v: num(r[i('variance_to_plan_ytd')]) }))
    .filter((l): l is { line: string; v: number } => l.v !== null && l.v !== 0)
    .sort((a, b) => Math.abs(b.v) - Math.abs(a.v) || a.line.localeCompare(b.line));
  const top = lines[0];
  if (top !== undefined) parts.push(`The line furthest from the plan to date is ${top.line}: ${money(Math.abs(top.v))} ${top.v > 0 ? 'above' : 'below'} it.`);
  return { headlines, text: parts.join(' ') };
}

function deficitFacts(tables: readonly ReturnTable[], { quarter }: SummaryContext): Facts {
  const t = tableOf(tables, 'dsg_position');
  const i = (n: string) => columnIndex(t, n);
  const rows = t.rows.filter((r) => r[i('measure')] === 'accumulated_position');
  const outturn = rows.filter((r) => r[i('basis')] === 'outturn' && num(r[i('actual')]) !== null);
  const last = outturn[outturn.length - 1];
  const planRows = rows.filter((r) => num(r[i('plan')]) !== null);
  const planThisYear = planRows.find((r) => r[i('financial_year')] === quarter.financialYear);
  const planEnd = planRows[planRows.length - 1];
  const headlines: Headline[] = [];
  const parts: string[] = [];
  if (last !== undefined) {
    const year = last[i('financial_year')] ?? '';
    const value = num(last[i('actual')])!;
    const plan = num(last[i('plan')]);
    headlines.push({
      key: 'deficit',
      label: `Accumulated DSG deficit, 31 March ${endYear(year)}`,
      value: money(value),
      note: plan !== null ? compareTo(value, plan, 'the plan') : planThisYear ? `plan for 31 March ${endYear(quarter.financialYear)}: ${money(num(planThisYear[i('plan')])!)}` : '',
    });
    let s = `The accumulated DSG deficit was ${money(value)} at 31 March ${endYear(year)} (outturn)`;
    if (plan !== null) s += `, ${compareTo(value, plan, `the Safety Valve plan (${money(plan)})`)}`;
    parts.push(s + '.');
  }
  const ahead = planRows.filter((r) => (r[i('financial_year')] ?? '') > (last?.[i('financial_year')] ?? ''));
  if (ahead.length > 0) {
    const first = ahead[0]!;
    const final = planEnd!;
    const firstText = `${money(num(first[i('plan')])!)} at 31 March ${endYear(first[i('financial_year')] ?? '')}`;
    parts.push(
      first === final
        ? `The Safety Valve plan expects ${firstText}.`
        : `The Safety Valve plan expects ${firstText} and ${money(num(final[i('plan')])!)} at 31 March ${endYear(final[i('financial_year')] ?? '')}.`,
    );
  }
  return { headlines, text: parts.join(' ') };
}

function timelinessFacts(tables: readonly ReturnTable[], { quarter }: SummaryContext): Facts {
  const t = tableOf(tables, 'requests_and_timeliness');
  const i = (n: string) => columnIndex(t, n);
  const all = t.rows.filter((r) => r[i('area_team')] === 'All areas');
  if (all.length === 0) return { headlines: [], text: '' };
  const sum = (rows: readonly Cell[][], col: string): number | null => {
    let s = 0;
    for (const r of rows) {
      const v = num(r[i(col)]);
      if (v === null) return null;
      s += v;
    }
    return s;
  };
  const share = (rows: readonly Cell[][], part: string, whole: string): number | null => {
    const p = sum(rows, part);
    const w = sum(rows, whole);
    return p === null || w === null || w === 0 ? null : (100 * p) / w;
  };
  const received = sum(all, 'requests_received');
  const issued = sum(all, 'plans_issued');
  const within20 = share(all, 'issued_within_20_weeks', 'plans_issued');
  const within6 = share(all, 'decisions_within_6_weeks', 'decisions_made');
  const lastMonth = all[all.length - 1]!;
  const lastQuarter = all.slice(-3);
  const firstQuarter = all.slice(0, 3);
  const lastMonthPct = lastMonth[i('pct_issued_within_20_weeks')];
  const from = all[0]![i('month')] ?? '';
  const headlines: Headline[] = [
    {
      key: 'timeliness',
      label: 'Plans issued within 20 weeks, last 12 months',
      value: within20 === null ? NOT_PUBLISHED : `${within20.toFixed(1)}%`,
      note: `${pct(lastMonthPct)} in ${monthYear(lastMonth[i('month')] ?? quarter.end)}`,
    },
    {
      key: 'requests',
      label: 'Requests for an assessment, last 12 months',
      value: received === null ? NOT_PUBLISHED : count(received),
      note: (() => {
        const q = sum(lastQuarter, 'requests_received');
        return q === null ? '' : `${count(q)} in the quarter`;
      })(),
    },
  ];
  const parts: string[] = [];
  const window = `In the twelve months from ${monthYear(from)} to ${monthYear(quarter.end)}`;
  const clauses: string[] = [];
  clauses.push(received === null ? 'the number of requests for an EHC needs assessment is not published' : `${count(received)} requests for an EHC needs assessment were received`);
  if (within6 !== null) clauses.push(`${within6.toFixed(1)}% of the decisions on them came within 6 weeks`);
  if (issued !== null) clauses.push(`${count(issued)} EHC plans were issued, ${within20 === null ? 'the share within 20 weeks not published' : `${within20.toFixed(1)}% of them within 20 weeks`}`);
  parts.push(`${window}, ${joinClauses(clauses)}.`);
  const recent = share(lastQuarter, 'issued_within_20_weeks', 'plans_issued');
  const earlier = share(firstQuarter, 'issued_within_20_weeks', 'plans_issued');
  if (recent !== null && earlier !== null && all.length >= 6) {
    const direction = recent > earlier ? 'up from' : recent < earlier ? 'down from' : 'the same as';
    parts.push(
      `In the quarter itself ${recent.toFixed(1)}% of plans were issued within 20 weeks, ${direction} ${earlier.toFixed(1)}% in the three months to ${monthYear(firstQuarter[firstQuarter.length - 1]![i('month')] ?? '')}.`,
    );
  }
  return { headlines, text: parts.join(' ') };
}

function benchmarkText(tables: readonly ReturnTable[], { authorityName }: SummaryContext): string {
  const t = tableOf(tables, 'benchmark');
  if (t.rows.length === 0) return t.note ?? '';
  const i = (n: string) => columnIndex(t, n);
  const row = (measure: string) => t.rows.find((r) => r[i('measure')] === measure);
  const special = row('caseload.special_total_pc');
  const mainstream = row('caseload.mainstream_total_pc');
  const timely = row('timeliness_20_week.pc_plans_issued_within_20_weeks');
  const parts: string[] = [];
  const name = special?.[i('authority_name')] ?? authorityName;
  if (special) {
    let s = `In ${special[i('period')]} (the latest DfE statistics to the quarter end) ${pct(special[i('authority')])} of ${name}'s EHC plans were in special schools, against ${pct(special[i('region')])} in the ${special[i('region_name')]} and ${pct(special[i('england')])} in England`;
    if (mainstream) s += `; ${pct(mainstream[i('authority')])} were in mainstream schools (${mainstream[i('region_name')]} ${pct(mainstream[i('region')])}, England ${pct(mainstream[i('england')])})`;
    parts.push(s + '.');
  }
  if (timely) {
    parts.push(
      `In ${String(timely[i('period')]).toLowerCase()} the DfE counts ${pct(timely[i('authority')])} of ${name}'s new plans as issued within 20 weeks (${timely[i('region_name')]} ${pct(timely[i('region')])}, England ${pct(timely[i('england')])}).`,
    );
  }
  return parts.join(' ');
}

function qualityText(tables: readonly ReturnTable[]): string {
  const t = tableOf(tables, 'data_quality_checks');
  if (t.rows.length === 0) return t.note ?? 'No data-quality checks were recorded at this log position.';
  const i = (n: string) => columnIndex(t, n);
  const failed = t.rows.filter((r) => r[i('status')] === 'fail');
  const errors = failed.filter((r) => r[i('severity')] === 'error');
  let s = `${t.rows.length} data-quality checks ran on the data this return was made from: ${t.rows.length - failed.length} passed and ${failed.length} found something to look at`;
  if (failed.length > 0) {
    s += ` (${errors.length} of them ${errors.length === 1 ? 'an error' : 'errors'}): ${failed.map((r) => `${r[i('check_name')]} (${r[i('finding_count')]} ${r[i('finding_count')] === '1' ? 'finding' : 'findings'})`).join(', ')}`;
  }
  return s + '.';
}

// ---- formatting ----

/** 12345 -> "12,345" (grouping written out, so no locale data is involved). */
export function count(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Pounds as "£292.2m" (one decimal place of millions). */
export function money(pounds: number): string {
  const m = Math.abs(pounds) / 1e6;
  return `${pounds < 0 ? '-' : ''}£${m.toFixed(1)}m`;
}

function pct(cell: Cell | undefined): string {
  const v = num(cell);
  if (cell === 'c') return 'c';
  return v === null ? 'n/a' : `${v.toFixed(1)}%`;
}

function signed(n: number, format: (n: number) => string): string {
  return n > 0 ? `+${format(n)}` : n < 0 ? `-${format(-n)}` : format(0);
}

function signedPct(change: number, base: number): string {
  if (base === 0) return 'n/a';
  const p = (100 * change) / base;
  return `${p > 0 ? '+' : p < 0 ? '-' : ''}${Math.abs(p).toFixed(1)}%`;
}

function compareTo(value: number, reference: number, what: string): string {
  const d = value - reference;
  if (Math.abs(d) < 50_000) return `in line with ${what}`;
  return `${money(Math.abs(d))} ${d > 0 ? 'above' : 'below'} ${what}`;
}

function endYear(financialYear: string): string {
  return String(Number(financialYear.slice(0, 4)) + 1);
}

function joinClauses(clauses: readonly string[]): string {
  if (clauses.length <= 1) return clauses.join('');
  return `${clauses.slice(0, -1).join(', ')} and ${clauses[clauses.length - 1]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
