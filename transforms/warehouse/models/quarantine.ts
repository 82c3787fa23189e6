// The quarantine: every rejected extract row with why it was rejected.
import { column, defineModel } from '../model.js';

/** quarantine: one row per rejected row. */
export const quarantine = defineModel({
  name: 'quarantine',
  layer: 'fct',
  grain: 'one row per rejected row (source × sha256 × line)',
  description:
    'Every extract row that broke a rule of the contract: never lost, never half-applied. The file and line lead a data steward back to the original; personal data is minimised as everywhere.',
  reads: ['stg_log__quarantined_rows'],
  sql: 'marts/quarantine.sql',
  refresh: 'partitions',
  columns: [
    column('source', 'varchar', 'The extract source (census, cases, placements, finance, ...).'),
    column('file', 'varchar', 'Base name of the file.'),
    column('sha256', 'varchar', 'sha256 of the file, to tell versions of a file name apart.'),
    column('line', 'bigint', '1-based physical line the row started on.'),
    column('rule', 'varchar', 'The broken rule codes, joined with ", ".'),
    column('reason', 'varchar', 'The plain-English reasons, joined with "; ".'),
    column('raw', 'varchar', "The row's fields after minimisation, as JSON text."),
  ],
});
