// The caseload targets derived from the DfE row: every total and group as published,
// placement_unknown taking up the difference (shared/reference/README.md).
import { describe, expect, it } from 'vitest';
import { CASELOAD_YEARS, DFE_CASELOAD, caseloadTargets } from '../../../ingest/sample/kentFigures.js';
import { SETTING_GROUPS, SETTING_TYPES, settingGroupOf } from '../../../ingest/sample/settings.js';

describe('Kent caseload targets', () => {
  it('add up to the DfE total and groups every year', () => {
    const groupColumn: Record<string, string> = { mainstream: 'mainstream_total', special: 'special_total', ap_pru: 'ap_pru_total', fe: 'fe_total', ed_elsewhere: 'ed_elsewhere', nm_early_years: 'nm_early_years' };
    for (const year of CASELOAD_YEARS) {
      const t = caseloadTargets(year);
      const dfe = DFE_CASELOAD[year]!;
      expect(SETTING_TYPES.reduce((s, x) => s + t[x], 0)).toBe(dfe.ehcplans);
      for (const g of SETTING_GROUPS) {
        if (g === 'placement_unknown') continue;
        expect(SETTING_TYPES.filter((s) => settingGroupOf(s) === g).reduce((s, x) => s + t[x], 0)).toBe(dfe[groupColumn[g]!]);
      }
    }
  });

  it('put the unexplained difference in placement_unknown', () => {
    expect(CASELOAD_YEARS.map((y) => caseloadTargets(y).placement_unknown)).toEqual([612, 570, 603, 510, 466, 380, 314]);
  });

  it('keep the published setting columns, folding neet_other_csa into neet_other', () => {
    const t2025 = caseloadTargets(2025);
    expect(t2025.neet_other).toBe(80 + 249);
    expect(t2025.other_schools).toBe(3);
    expect(caseloadTargets(2023).other_placement_settings).toBe(0);
    expect(caseloadTargets(2024).other_placement_settings).toBe(321);
    expect(caseloadTargets(2019).elective_home_education).toBe(0);
  });
});
