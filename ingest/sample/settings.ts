// The placement setting types of CONTRACT §2 (the DfE caseload column names),
// their groups, and how a GIAS establishment type maps to one. The generator
// uses this to place people; the reference SQL re-implements it independently.

/** Every setting_type of CONTRACT §2, in the DfE caseload column order. */
export const SETTING_TYPES = [
  'mainstream_la_maintained',
  'mainstream_la_maintained_resourced_provision',
  'mainstream_la_maintained_senunit',
  'mainstream_academy',
  'mainstream_academy_resourced_provision',
  'mainstream_academy_senunit',
  'mainstream_free_school',
  'mainstream_free_school_resourced_provision',
  'mainstream_free_school_senunit',
  'mainstream_independent',
  'special_la_maintained',
  'special_academy_free',
  'special_independent',
  'special_non_maintained',
  'ap_pru_la_maintained',
  'ap_pru_academy',
  'ap_pru_free_school',
  'general_fe_tertiary_colleges',
  'specialist_post_16_institutions',
  'ukrlp_provider',
  'elective_home_education',
  'other_arrangements_la',
  'other_arrangements_parents',
  'other_placement_settings',
  'neet',
  'neet_ntci',
  'neet_other',
  'w_settings',
  'other_schools',
  'nm_early_years',
  'placement_unknown',
] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

export const SETTING_GROUPS = ['mainstream', 'special', 'ap_pru', 'fe', 'ed_elsewhere', 'nm_early_years', 'placement_unknown'] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number];

/** The DfE total a setting type adds up into. */
export function settingGroupOf(s: SettingType): SettingGroup {
  if (s.startsWith('mainstream_')) return 'mainstream';
  if (s.startsWith('special_')) return 'special';
  if (s.startsWith('ap_pru_')) return 'ap_pru';
  if (s === 'general_fe_tertiary_colleges' || s === 'specialist_post_16_institutions' || s === 'ukrlp_provider') return 'fe';
  if (s === 'nm_early_years') return 'nm_early_years';
  if (s === 'placement_unknown') return 'placement_unknown';
  return 'ed_elsewhere';
}

/** SENSetting code of the placements extract for the non-school setting types. */
export const SEN_SETTING_CODES: Partial<Record<SettingType, string>> = {
  elective_home_education: 'EHE',
  other_arrangements_la: 'OLA',
  other_arrangements_parents: 'OPA',
  nm_early_years: 'EYP',
  other_placement_settings: 'OTH',
  neet: 'NEET',
  neet_ntci: 'NIEC',
  neet_other: 'NIEO',
};

/** GIAS `TypeOfEstablishment (name)` -> base setting type (CONTRACT §2 table; anything else is other_schools). */
export const GIAS_TYPE_SETTING: Readonly<Record<string, SettingType>> = {
  'Community school': 'mainstream_la_maintained',
  'Voluntary aided school': 'mainstream_la_maintained',
  'Voluntary controlled school': 'mainstream_la_maintained',
  'Foundation school': 'mainstream_la_maintained',
  'LA nursery school': 'mainstream_la_maintained',
  'Academy converter': 'mainstream_academy',
  'Academy sponsor led': 'mainstream_academy',
  'City technology college': 'mainstream_academy',
  'University technical college': 'mainstream_academy',
  'Studio schools': 'mainstream_academy',
  'Academy 16-19 converter': 'mainstream_academy',
  'Academy 16 to 19 sponsor led': 'mainstream_academy',
  'Free schools': 'mainstream_free_school',
  'Free schools 16 to 19': 'mainstream_free_school',
  'Other independent school': 'mainstream_independent',
  'Community special school': 'special_la_maintained',
  'Foundation special school': 'special_la_maintained',
  'Academy special converter': 'special_academy_free',
  'Academy special sponsor led': 'special_academy_free',
  'Free schools special': 'special_academy_free',
  'Other independent special school': 'special_independent',
  'Non-maintained special school': 'special_non_maintained',
  'Pupil referral unit': 'ap_pru_la_maintained',
  'Academy alternative provision converter': 'ap_pru_academy',
  'Academy alternative provision sponsor led': 'ap_pru_academy',
  'Free schools alternative provision': 'ap_pru_free_school',
  'Further education': 'general_fe_tertiary_colleges',
  'Sixth form centres': 'general_fe_tertiary_colleges',
  'Special post 16 institution': 'specialist_post_16_institutions',
  'Welsh establishment': 'w_settings',
};

/** The base setting type of a GIAS establishment type. */
export function settingOfGiasType(type: string): SettingType {
  return GIAS_TYPE_SETTING[type] ?? 'other_schools';
}
