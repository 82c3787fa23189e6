// Staging: the latest ExtractDate the log holds for the snapshot extracts.
import { column, defineModel } from '../model.js';
import { stgCasesRequests } from './stgCasesRequests.js';
import { stgPlacementsPlacements } from './stgPlacementsPlacements.js';

/** stg_log__extract_dates: one row per snapshot source. */
export const stgLogExtractDates = defineModel({
  name: 'stg_log__extract_dates',
  layer: 'staging',
  grain: 'source',
  description: 'The latest ExtractDate among the events of each snapshot extract (cases, placements): where the data reaches.',
  // Every event of the snapshot extracts: those the cases and placements models fold.
  reads: [...stgCasesRequests.reads, ...stgPlacementsPlacements.reads],
  sql: 'staging/stg_log__extract_dates.sql',
  refresh: 'merge',
  merge: { fold: 'own', key: ['source'] },
  columns: [
    column('source', 'varchar', 'cases or placements.'),
    column('latest_extract_date', 'date', 'The latest ExtractDate of any event of the source.'),
  ],
});
