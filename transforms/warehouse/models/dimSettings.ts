// Dimension: the placement setting types of the caseload and their DfE groups.
import { column, defineModel } from '../model.js';

/** dim_settings: one row per setting_type. */
export const dimSettings = defineModel({
  name: 'dim_settings',
  layer: 'dim',
  grain: 'setting_type',
  description:
    'Every setting_type of fct_ehcp_caseload (the DfE caseload column names) with its setting_group, as the DfE totals group them: the groups add up to the DfE ehcplans.',
  reads: [],
  sql: 'marts/dim_settings.sql',
  refresh: 'full',
  columns: [
    column('setting_type', 'varchar', 'The setting type, named as the DfE caseload column (e.g. mainstream_academy_senunit).'),
    column('setting_group', 'varchar', 'mainstream, special, ap_pru, fe, ed_elsewhere, nm_early_years or placement_unknown.'),
    column('label', 'varchar', 'A plain-English label.'),
    column('sort_order', 'integer', 'Order of the DfE caseload columns, for reports.'),
  ],
});
