// Kent's published figures the Kent-scale sample is calibrated to, embedded so
// the generator needs nothing outside the repository. Sources (see
// shared/reference/README.md): Scrutiny Committee report of 18 March 2025
// (tables 3.8, 3.11, 3.14, 4.1, paragraph 3.9) and the DfE "Education, health
// and care plans" 2025 release (caseload.csv, requests.csv, timeliness_20_week.csv,
// Kent = old_la_code 886).
import type { SettingType } from './settings.js';

export const AREA_TEAMS = ['North', 'East', 'South', 'West', 'Not Kent Address'] as const;
export type AreaTeam = (typeof AREA_TEAMS)[number];

/** Requests received by area team (North, East, South, West, Not Kent Address), Mar 2024 to Feb 2025 (table 3.8). */
export const REQUESTS_BY_AREA_MONTH: Readonly<Record<string, readonly [number, number, number, number, number]>> = {
  '2024-03': [96, 128, 105, 83, 7],
  '2024-04': [57, 83, 69, 69, 3],
  '2024-05': [61, 94, 76, 68, 3],
  '2024-06': [71, 101, 74, 56, 2],
  '2024-07': [89, 118, 64, 71, 4],
  '2024-08': [26, 29, 26, 30, 4],
  '2024-09': [54, 86, 47, 60, 1],
  '2024-10': [86, 127, 83, 79, 1],
  '2024-11': [74, 148, 98, 95, 5],
  '2024-12': [70, 112, 82, 76, 6],
  '2025-01': [94, 124, 88, 70, 0],
  '2025-02': [80, 116, 81, 62, 2],
};

/** DfE requests_received_in_year for Kent, by calendar year. */
export const REQUESTS_BY_YEAR: Readonly<Record<number, number>> = {
  2019: 2992,
  2020: 3255,
  2021: 4047,
  2022: 3669,
  2023: 3988,
  2024: 4001,
};

/** DfE requests_decided_not_to_assess for Kent, by calendar year the request was received. */
export const NOT_ASSESSED_BY_YEAR: Readonly<Record<number, number>> = {
  2019: 827,
  2020: 822,
  2021: 1230,
  2022: 985,
  2023: 1244,
  2024: 2200,
};

/**
 * Table 3.11 "Requests for statutory assessments" 4,302 (2023) and 3,991 (2024):
 * they differ from the calendar years but match the financial years April to
 * March (and give the "reduced by 7%" of paragraph 1.5), so the sample matches
 * them as financial years 2023-24 and 2024-25.
 */
export const REQUESTS_BY_FINANCIAL_YEAR: Readonly<Record<string, number>> = {
  '2023-24': 4302,
  '2024-25': 3991,
};

/** DfE 20-week timeliness for Kent by calendar year: plans issued (den), within 20 weeks, and the same excluding exceptions. */
export const TIMELINESS_BY_YEAR: Readonly<Record<number, { issued: number; issuedEx: number; within: number; withinEx: number }>> = {
  2019: { issued: 1998, issuedEx: 1903, within: 577, withinEx: 546 },
  2020: { issued: 1976, issuedEx: 1904, within: 615, withinEx: 601 },
  2021: { issued: 2882, issuedEx: 2852, within: 1189, withinEx: 1181 },
  2022: { issued: 2216, issuedEx: 2198, within: 907, withinEx: 904 },
  2023: { issued: 1804, issuedEx: 1796, within: 324, withinEx: 324 },
  2024: { issued: 2424, issuedEx: 2354, within: 784, withinEx: 783 },
};

/** Paragraph 3.9: share of plans issued within 20 weeks in three months (percent, one decimal). */
export const TIMELINESS_MONTHLY_PCT: Readonly<Record<string, number>> = {
  '2024-08': 51.5,
  '2024-10': 76.0,
  '2025-02': 89.9,
};

/** Table 3.11 "School age children on SEN Support", read as the January 2024 and 2025 censuses (its EHCP row is January). */
export const SEN_SUPPORT_SCHOOL_AGE: Readonly<Record<number, number>> = { 2024: 27968, 2025: 29782 };

export const SPEND_LINES = [
  'Maintained Special Schools',
  'Independent Special Schools',
  'Mainstream School Support (incl. SRPs)',
  'Post 16',
  'Other SEN Support & Alternative Provision Services',
] as const;
export type SpendLine = (typeof SPEND_LINES)[number];

/** Table 3.14: High Needs Block spend by line, £m, in SPEND_LINES order. */
export const HNB_SPEND_BY_LINE: Readonly<Record<string, readonly [number, number, number, number, number]>> = {
  '2020-21': [106, 49, 46, 17, 49],
  '2021-22': [123, 60, 54, 19, 43],
  '2022-23': [137, 68, 61, 21, 48],
  '2023-24': [151, 76, 65, 24, 49],
  '2024-25': [163, 81, 75, 24, 48],
};

/**
 * Table 4.1 as published (£m), with the CONTRACT's item names. Its known
 * inconsistencies are kept: 2027-28's accumulated position (30) follows only if
 * the Council contribution (+10) had a minus sign.
 */
export const SAFETY_VALVE_PLAN: ReadonlyArray<{ year: string; item: string; amountM: number }> = (() => {
  const items = [
    ...SPEND_LINES,
    'Savings',
    'High Needs Grant',
    'Transfer from Schools Block',
    'Other Variances',
    'DfE Contribution',
    'Council Contribution',
    'Accumulated Position',
  ];
  const columns: Record<string, number[]> = {
    '2024-25': [163, 82, 75, 25, 48, 0, -323, -15, -1, -9, -15, 97],
    '2025-26': [165, 78, 81, 33, 43, -5, -351, -16, 0, -14, -15, 95],
    '2026-27': [168, 64, 84, 37, 41, -6, -362, -16, 0, -14, -11, 79],
    '2027-28': [173, 42, 85, 43, 40, -7, -371, -16, 0, -28, 10, 30],
  };
  return Object.entries(columns).flatMap(([year, values]) =>
    values.map((amountM, i) => ({ year, item: items[i] as string, amountM })),
  );
})();

/**
 * The DSG outturn the ledger is built to (£m, actuals). Not published line by
 * line; chosen to tell the papers' story: an in-year overspend of up to ~15%,
 * an accumulated deficit of about £140m by March 2023 before the Safety Valve
 * contributions, DfE (£140m) and Council (£82m) contributions from 2022-23,
 * and an accumulated position of £67m at March 2024, the opening balance the
 * revised plan (table 4.1) implies.
 */
export const DSG_OUTTURN: Readonly<Record<string, { grant: number; transfer: number; otherVariance: number; dfe: number; council: number }>> = {
  '2019-20': { grant: -199.6, transfer: -7.6, otherVariance: -1.2, dfe: 0, council: 0 },
  '2020-21': { grant: -221.5, transfer: -9.2, otherVariance: -0.8, dfe: 0, council: 0 },
  '2021-22': { grant: -242.0, transfer: -10.3, otherVariance: 0.4, dfe: 0, council: 0 },
  '2022-23': { grant: -294.8, transfer: -10.6, otherVariance: -1.0, dfe: -56.0, council: -12.0 },
  '2023-24': { grant: -317.6, transfer: -13.9, otherVariance: -0.7, dfe: -14.0, council: -25.0 },
  '2024-25': { grant: -323.2, transfer: -15.0, otherVariance: -1.0, dfe: -9.0, council: -15.0 },
};

/** Spring census days (third Thursday of January) the caseload is calibrated on, by year. */
export const CASELOAD_YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025] as const;

/**
 * DfE caseload.csv, Kent, "All EHC plans", January 2019..2025 (time_period
 * 201819..202425), as published: null where the file says x.
 */
export const DFE_CASELOAD: Readonly<Record<number, Readonly<Record<string, number | null>>>> = {
  2019: { ehcplans: 11763, mainstream_la_maintained: 1085, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 556, mainstream_academy: 1534, mainstream_academy_resourced_provision: 1, mainstream_academy_senunit: 441, mainstream_free_school: 94, mainstream_free_school_resourced_provision: 0, mainstream_free_school_senunit: 0, mainstream_independent: 94, mainstream_total: 3805, special_la_maintained: 4064, special_academy_free: 44, special_independent: 782, special_non_maintained: 109, special_total: 4999, ap_pru_academy: 0, ap_pru_free_school: 0, ap_pru_la_maintained: 3, ap_pru_total: 3, general_fe_tertiary_colleges: 1823, specialist_post_16_institutions: 189, ukrlp_provider: null, fe_total: 2012, elective_home_education: null, other_arrangements_la: 134, other_arrangements_parents: 96, online_provider: null, w_settings: null, other_schools: null, other_placement_settings: 15, neet: 65, neet_ntci: null, neet_other: null, neet_other_csa: null, ed_elsewhere: 295, nm_early_years: 37, placement_unknown: null },
  2020: { ehcplans: 13499, mainstream_la_maintained: 1420, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 630, mainstream_academy: 1515, mainstream_academy_resourced_provision: 7, mainstream_academy_senunit: 432, mainstream_free_school: 113, mainstream_free_school_resourced_provision: 0, mainstream_free_school_senunit: 0, mainstream_independent: 94, mainstream_total: 4211, special_la_maintained: 4329, special_academy_free: 380, special_independent: 981, special_non_maintained: 120, special_total: 5810, ap_pru_academy: 0, ap_pru_free_school: 0, ap_pru_la_maintained: 3, ap_pru_total: 3, general_fe_tertiary_colleges: 2041, specialist_post_16_institutions: 426, ukrlp_provider: null, fe_total: 2467, elective_home_education: 113, other_arrangements_la: 227, other_arrangements_parents: 3, online_provider: null, w_settings: null, other_schools: null, other_placement_settings: 0, neet: 59, neet_ntci: null, neet_other: null, neet_other_csa: null, ed_elsewhere: 402, nm_early_years: 36, placement_unknown: null },
  2021: { ehcplans: 15281, mainstream_la_maintained: 1433, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 732, mainstream_academy: 1880, mainstream_academy_resourced_provision: 7, mainstream_academy_senunit: 458, mainstream_free_school: 129, mainstream_free_school_resourced_provision: 1, mainstream_free_school_senunit: 0, mainstream_independent: 110, mainstream_total: 4750, special_la_maintained: 4616, special_academy_free: 483, special_independent: 1156, special_non_maintained: 130, special_total: 6385, ap_pru_academy: 0, ap_pru_free_school: 0, ap_pru_la_maintained: 3, ap_pru_total: 3, general_fe_tertiary_colleges: 2314, specialist_post_16_institutions: 628, ukrlp_provider: null, fe_total: 2942, elective_home_education: 146, other_arrangements_la: 322, other_arrangements_parents: 1, online_provider: null, w_settings: null, other_schools: null, other_placement_settings: 0, neet: 86, neet_ntci: null, neet_other: null, neet_other_csa: null, ed_elsewhere: 555, nm_early_years: 43, placement_unknown: null },
  2022: { ehcplans: 17733, mainstream_la_maintained: 1780, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 775, mainstream_academy: 2510, mainstream_academy_resourced_provision: 25, mainstream_academy_senunit: 499, mainstream_free_school: 190, mainstream_free_school_resourced_provision: 4, mainstream_free_school_senunit: 0, mainstream_independent: 164, mainstream_total: 5947, special_la_maintained: 4947, special_academy_free: 587, special_independent: 1338, special_non_maintained: 169, special_total: 7041, ap_pru_academy: 0, ap_pru_free_school: 0, ap_pru_la_maintained: 1, ap_pru_total: 1, general_fe_tertiary_colleges: 2556, specialist_post_16_institutions: 755, ukrlp_provider: null, fe_total: 3311, elective_home_education: 156, other_arrangements_la: 405, other_arrangements_parents: 16, online_provider: null, w_settings: null, other_schools: null, other_placement_settings: 5, neet: 285, neet_ntci: null, neet_other: null, neet_other_csa: null, ed_elsewhere: 862, nm_early_years: 61, placement_unknown: null },
  2023: { ehcplans: 18931, mainstream_la_maintained: 1728, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 553, mainstream_academy: 2943, mainstream_academy_resourced_provision: 28, mainstream_academy_senunit: 695, mainstream_free_school: 273, mainstream_free_school_resourced_provision: 9, mainstream_free_school_senunit: 0, mainstream_independent: 210, mainstream_total: 6439, special_la_maintained: 5231, special_academy_free: 787, special_independent: 1400, special_non_maintained: 159, special_total: 7577, ap_pru_academy: 1, ap_pru_free_school: 0, ap_pru_la_maintained: 3, ap_pru_total: 4, general_fe_tertiary_colleges: 2644, specialist_post_16_institutions: 844, ukrlp_provider: 0, fe_total: 3488, elective_home_education: 174, other_arrangements_la: 491, other_arrangements_parents: 20, online_provider: null, w_settings: null, other_schools: null, other_placement_settings: 460, neet: 176, neet_ntci: 0, neet_other: 3, neet_other_csa: 30, ed_elsewhere: 894, nm_early_years: 63, placement_unknown: 6 },
  2024: { ehcplans: 19407, mainstream_la_maintained: 1765, mainstream_la_maintained_resourced_provision: 0, mainstream_la_maintained_senunit: 540, mainstream_academy: 3310, mainstream_academy_resourced_provision: 32, mainstream_academy_senunit: 608, mainstream_free_school: 342, mainstream_free_school_resourced_provision: 9, mainstream_free_school_senunit: 0, mainstream_independent: 148, mainstream_total: 6754, special_la_maintained: 5336, special_academy_free: 886, special_independent: 1500, special_non_maintained: 147, special_total: 7869, ap_pru_academy: 3, ap_pru_free_school: 0, ap_pru_la_maintained: 6, ap_pru_total: 9, general_fe_tertiary_colleges: 1805, specialist_post_16_institutions: 829, ukrlp_provider: 0, fe_total: 2634, elective_home_education: 237, other_arrangements_la: 390, other_arrangements_parents: 20, online_provider: null, w_settings: null, other_schools: null, other_placement_settings: 321, neet: 553, neet_ntci: 173, neet_other: 0, neet_other_csa: 0, ed_elsewhere: 1694, nm_early_years: 67, placement_unknown: 380 },
  2025: { ehcplans: 20635, mainstream_la_maintained: 1961, mainstream_la_maintained_resourced_provision: 1, mainstream_la_maintained_senunit: 480, mainstream_academy: 3827, mainstream_academy_resourced_provision: 50, mainstream_academy_senunit: 535, mainstream_free_school: 436, mainstream_free_school_resourced_provision: 9, mainstream_free_school_senunit: 0, mainstream_independent: 153, mainstream_total: 7452, special_la_maintained: 5428, special_academy_free: 999, special_independent: 1487, special_non_maintained: 136, special_total: 8050, ap_pru_academy: 16, ap_pru_free_school: 0, ap_pru_la_maintained: 3, ap_pru_total: 19, general_fe_tertiary_colleges: 2024, specialist_post_16_institutions: 928, ukrlp_provider: 0, fe_total: 2952, elective_home_education: 355, other_arrangements_la: 399, other_arrangements_parents: 59, online_provider: 0, w_settings: 0, other_schools: 3, other_placement_settings: 416, neet: 221, neet_ntci: 0, neet_other: 80, neet_other_csa: 249, ed_elsewhere: 1782, nm_early_years: 66, placement_unknown: 314 },
};

const GROUP_TOTALS: ReadonlyArray<[string, readonly string[]]> = [
  ['mainstream_total', ['mainstream_la_maintained', 'mainstream_la_maintained_resourced_provision', 'mainstream_la_maintained_senunit', 'mainstream_academy', 'mainstream_academy_resourced_provision', 'mainstream_academy_senunit', 'mainstream_free_school', 'mainstream_free_school_resourced_provision', 'mainstream_free_school_senunit', 'mainstream_independent']],
  ['special_total', ['special_la_maintained', 'special_academy_free', 'special_independent', 'special_non_maintained']],
  ['ap_pru_total', ['ap_pru_la_maintained', 'ap_pru_academy', 'ap_pru_free_school']],
  ['fe_total', ['general_fe_tertiary_colleges', 'specialist_post_16_institutions', 'ukrlp_provider']],
  ['ed_elsewhere', ['elective_home_education', 'other_arrangements_la', 'other_arrangements_parents', 'other_placement_settings', 'neet', 'neet_ntci', 'neet_other', 'w_settings', 'other_schools']],
  ['nm_early_years', ['nm_early_years']],
];

/**
 * Exact setting-type counts the sample puts on each census day. From the DfE
 * row: suppressed cells (x) are 0; neet_other_csa (compulsory school age NEET,
 * not a CONTRACT type) is folded into neet_other; where a DfE group total is
 * smaller than its published columns (ed_elsewhere in 2019, 2022, 2023, by
 * exactly other_placement_settings: the break in series) other_placement_settings
 * gives way so that every group total matches; placement_unknown takes what is
 * left of `ehcplans` (incl. await_prov_2022 / perm_ex_2022 before 2023).
 */
export function caseloadTargets(year: number): Record<SettingType, number> {
  const row = DFE_CASELOAD[year];
  if (!row) throw new Error(`no DfE caseload for ${year}`);
  const v = (k: string): number => row[k] ?? 0;
  const t: Record<string, number> = {};
  for (const [, cols] of GROUP_TOTALS) for (const c of cols) t[c] = v(c);
  t.neet_other = v('neet_other') + v('neet_other_csa');
  let total = 0;
  for (const [group, cols] of GROUP_TOTALS) {
    const sum = cols.reduce((s, c) => s + (t[c] as number), 0);
    const excess = sum - v(group);
    if (excess > 0 && group === 'ed_elsewhere' && excess <= (t.other_placement_settings as number)) {
      t.other_placement_settings = (t.other_placement_settings as number) - excess;
    } else if (excess !== 0) {
      throw new Error(`DfE caseload ${year}: ${group} does not reconcile (${excess})`);
    }
    total += v(group);
  }
  t.placement_unknown = v('ehcplans') - total;
  return t as Record<SettingType, number>;
}
