-- dim_setting_mappings: how a placement's school type (GIAS TypeOfEstablishment)
-- or SENSetting code names its setting_type (CONTRACT §2). Constants, rewritten
-- whole on every build. GIAS types match case-insensitively; any other type is
-- other_schools.

delete from dim_setting_mappings;

insert into dim_setting_mappings by name
with mappings as (
  select *
  from (
    values
      ('gias_type', 'Community school', 'mainstream_la_maintained'),
      ('gias_type', 'Voluntary aided school', 'mainstream_la_maintained'),
      ('gias_type', 'Voluntary controlled school', 'mainstream_la_maintained'),
      ('gias_type', 'Foundation school', 'mainstream_la_maintained'),
      ('gias_type', 'LA nursery school', 'mainstream_la_maintained'),
      ('gias_type', 'Academy converter', 'mainstream_academy'),
      ('gias_type', 'Academy sponsor led', 'mainstream_academy'),
      ('gias_type', 'City technology college', 'mainstream_academy'),
      ('gias_type', 'University technical college', 'mainstream_academy'),
      ('gias_type', 'Studio schools', 'mainstream_academy'),
      ('gias_type', 'Academy 16-19 converter', 'mainstream_academy'),
      ('gias_type', 'Academy 16 to 19 sponsor led', 'mainstream_academy'),
      ('gias_type', 'Free schools', 'mainstream_free_school'),
      ('gias_type', 'Free schools 16 to 19', 'mainstream_free_school'),
      ('gias_type', 'Other independent school', 'mainstream_independent'),
      ('gias_type', 'Community special school', 'special_la_maintained'),
      ('gias_type', 'Foundation special school', 'special_la_maintained'),
      ('gias_type', 'Academy special converter', 'special_academy_free'),
      ('gias_type', 'Academy special sponsor led', 'special_academy_free'),
      ('gias_type', 'Free schools special', 'special_academy_free'),
      ('gias_type', 'Other independent special school', 'special_independent'),
      ('gias_type', 'Non-maintained special school', 'special_non_maintained'),
      ('gias_type', 'Pupil referral unit', 'ap_pru_la_maintained'),
      ('gias_type', 'Academy alternative provision converter', 'ap_pru_academy'),
      ('gias_type', 'Academy alternative provision sponsor led', 'ap_pru_academy'),
      ('gias_type', 'Free schools alternative provision', 'ap_pru_free_school'),
      ('gias_type', 'Further education', 'general_fe_tertiary_colleges'),
      ('gias_type', 'Sixth form centres', 'general_fe_tertiary_colleges'),
      ('gias_type', 'Special post 16 institution', 'specialist_post_16_institutions'),
      ('gias_type', 'Welsh establishment', 'w_settings'),
      ('sen_setting', 'EHE', 'elective_home_education'),
      ('sen_setting', 'OLA', 'other_arrangements_la'),
      ('sen_setting', 'OPA', 'other_arrangements_parents'),
      ('sen_setting', 'EYP', 'nm_early_years'),
      ('sen_setting', 'OTH', 'other_placement_settings'),
      ('sen_setting', 'NEET', 'neet'),
      ('sen_setting', 'NIEC', 'neet_ntci'),
      ('sen_setting', 'NIEO', 'neet_other')
  ) as v(source_kind, source_value, setting_type)
)
select
  source_kind as source_kind,
  source_value as source_value,
  setting_type as setting_type
from mappings;
