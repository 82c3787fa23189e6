// The two tables where the data-quality checks keep their results, with
// history: every build appends one row per check (and one per finding) at the
// log position it read up to, so "what did the checks say when the return was
// signed" stays answerable. Readers (the Safety Valve return, `sendwh status`)
// take the rows at the greatest log_position.
import type { TableSpec } from '../duckdb/ddl.js';
import { column } from '../warehouse/model.js';

/** dq_check_results: one row per check per build. */
export const DQ_CHECK_RESULTS: TableSpec = {
  name: 'dq_check_results',
  description:
    'The data-quality checks run after every build and rebuild, with history: one row per check for each log position a build published. The rows at the greatest log_position are the current results; earlier rows are what the checks said then.',
  columns: [
    column('log_position', 'bigint', 'The log position the build that ran the check read up to (build_checkpoint.log_position of that build).'),
    column('check_name', 'varchar', 'Name of the check (its SQL is sql/checks/<check_name>.sql).'),
    column('severity', 'varchar', 'error (the warehouse or the authority\'s own figures disagree with themselves) or warning (a difference worth a look, e.g. against published statistics).'),
    column('status', 'varchar', 'pass (no findings) or fail (one or more findings).'),
    column('finding_count', 'bigint', 'Number of findings (rows of dq_findings for this check and log position).'),
    column('detail', 'varchar', 'Plain English: what was checked when it passes; the differences found, one by one, when it fails.'),
  ],
};

/** dq_findings: one row per individual finding per build. */
export const DQ_FINDINGS: TableSpec = {
  name: 'dq_findings',
  description:
    'The individual findings of the data-quality checks, with history: one row per difference found, for each log position a build published (see dq_check_results).',
  columns: [
    column('log_position', 'bigint', 'The log position the build that found it read up to.'),
    column('check_name', 'varchar', 'The check that found it (dq_check_results.check_name).'),
    column('subject', 'varchar', 'What the finding is about: a year, a year and group, a cost centre, ...'),
    column('expected', 'double', 'The value the check expected (e.g. a stated total, the published figure); NULL when there is none.'),
    column('actual', 'double', 'The value found (e.g. the sum of the lines, the warehouse figure).'),
    column('difference', 'double', 'actual - expected.'),
    column('detail', 'varchar', 'The finding in plain English, with the figures.'),
  ],
};

/** Both quality tables, in creation order. */
export const QUALITY_TABLES: readonly TableSpec[] = [DQ_CHECK_RESULTS, DQ_FINDINGS];
