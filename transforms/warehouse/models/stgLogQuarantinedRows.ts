// Staging: every extract row that was rejected, with its rules and fields.
import { column, defineModel } from '../model.js';

/** stg_log__quarantined_rows: one row per rejected row of a file. */
export const stgLogQuarantinedRows = defineModel({
  name: 'stg_log__quarantined_rows',
  layer: 'staging',
  grain: 'source × sha256 × line',
  description: 'Every extract row the ingest rejected (RowQuarantined events), one per row of a file version.',
  reads: ['RowQuarantined'],
  sql: 'staging/stg_log__quarantined_rows.sql',
  refresh: 'merge',
  merge: { fold: 'newest-event', key: ['source', 'sha256', 'line'] },
  columns: [
    column('source', 'varchar', 'The extract source (census, cases, ...).'),
    column('file', 'varchar', 'Base name of the file.'),
    column('sha256', 'varchar', 'sha256 of the file, to tell versions of a file name apart.'),
    column('line', 'bigint', '1-based physical line the row started on.'),
    column('rules', 'json', 'The broken rules: a JSON list of {rule, message, column}.'),
    column('raw', 'json', "The row's fields after minimisation, as a JSON object."),
    column('last_seq', 'bigint', 'Log sequence number of the event.'),
  ],
});
