// Dimension: how school types and SENSetting codes name a setting_type.
import { column, defineModel } from '../model.js';

/** dim_setting_mappings: one row per GIAS establishment type or SENSetting code. */
export const dimSettingMappings = defineModel({
  name: 'dim_setting_mappings',
  layer: 'dim',
  grain: 'source_kind × source_value',
  description:
    'The contract mapping from a GIAS TypeOfEstablishment (name) or a SENSetting code to a setting_type. A type not listed is other_schools.',
  reads: [],
  sql: 'marts/dim_setting_mappings.sql',
  refresh: 'full',
  columns: [
    column('source_kind', 'varchar', 'gias_type (TypeOfEstablishment (name), matched case-insensitively) or sen_setting (placement SENSetting code).'),
    column('source_value', 'varchar', 'The establishment type name or SENSetting code.'),
    column('setting_type', 'varchar', 'The setting_type it names (before any _resourced_provision or _senunit suffix).'),
  ],
});
