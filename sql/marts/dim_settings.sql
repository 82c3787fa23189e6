-- dim_settings: every setting_type of fct_ehcp_caseload with its setting_group
-- (the DfE caseload totals: the groups add up to the DfE's ehcplans) and label.
-- Constants of the contract, rewritten whole on every build.

delete from dim_settings;

insert into dim_settings by name
with settings as (
  select *
  from (
    values
      (1, 'mainstream_la_maintained', 'mainstream', 'Mainstream school: LA maintained'),
      (2, 'mainstream_la_maintained_resourced_provision', 'mainstream', 'Mainstream school: LA maintained, resourced provision'),
      (3, 'mainstream_la_maintained_senunit', 'mainstream', 'Mainstream school: LA maintained, SEN unit'),
      (4, 'mainstream_academy', 'mainstream', 'Mainstream school: academy'),
      (5, 'mainstream_academy_resourced_provision', 'mainstream', 'Mainstream school: academy, resourced provision'),
      (6, 'mainstream_academy_senunit', 'mainstream', 'Mainstream school: academy, SEN unit'),
      (7, 'mainstream_free_school', 'mainstream', 'Mainstream school: free school'),
      (8, 'mainstream_free_school_resourced_provision', 'mainstream', 'Mainstream school: free school, resourced provision'),
      (9, 'mainstream_free_school_senunit', 'mainstream', 'Mainstream school: free school, SEN unit'),
      (10, 'mainstream_independent', 'mainstream', 'Mainstream school: independent'),
      (11, 'special_la_maintained', 'special', 'Special school: LA maintained'),
      (12, 'special_academy_free', 'special', 'Special school: academy or free school'),
      (13, 'special_independent', 'special', 'Special school: independent'),
      (14, 'special_non_maintained', 'special', 'Special school: non-maintained'),
      (15, 'ap_pru_la_maintained', 'ap_pru', 'Alternative provision or pupil referral unit: LA maintained'),
      (16, 'ap_pru_academy', 'ap_pru', 'Alternative provision: academy'),
      (17, 'ap_pru_free_school', 'ap_pru', 'Alternative provision: free school'),
      (18, 'general_fe_tertiary_colleges', 'fe', 'General FE and tertiary colleges, sixth form centres'),
      (19, 'specialist_post_16_institutions', 'fe', 'Specialist post-16 institutions'),
      (20, 'ukrlp_provider', 'fe', 'Other UKRLP provider (a UKPRN that is not a school)'),
      (21, 'elective_home_education', 'ed_elsewhere', 'Elective home education (EHE)'),
      (22, 'other_arrangements_la', 'ed_elsewhere', 'Other arrangements made by the local authority (OLA)'),
      (23, 'other_arrangements_parents', 'ed_elsewhere', 'Other arrangements made by parents (OPA)'),
      (24, 'other_placement_settings', 'ed_elsewhere', 'Other placement settings (OTH)'),
      (25, 'neet', 'ed_elsewhere', 'Not in education, employment or training (NEET)'),
      (26, 'neet_ntci', 'ed_elsewhere', 'NEET: not known, not currently in (NIEC)'),
      (27, 'neet_other', 'ed_elsewhere', 'NEET: other (NIEO)'),
      (28, 'w_settings', 'ed_elsewhere', 'Welsh establishments'),
      (29, 'other_schools', 'ed_elsewhere', 'Other schools (any other establishment type, or a URN not in schools)'),
      (30, 'nm_early_years', 'nm_early_years', 'Non-maintained early years settings (EYP)'),
      (31, 'placement_unknown', 'placement_unknown', 'No placement active on the day')
  ) as v(sort_order, setting_type, setting_group, label)
)
select
  setting_type as setting_type,
  setting_group as setting_group,
  label as label,
  cast(sort_order as integer) as sort_order
from settings;
