// Lineage: where every number of the warehouse comes from (`sendwh why`).
export { explainCell, parseFilters, sameNumber } from './explainCell.js';
export type { CellFilters, ExplainOptions, MeasureCheck, Unit, WhyResult } from './explainCell.js';
export { LINEAGE_TABLES, lineageFor, filterColumns } from './lineageTables.js';
export type { LineageTable } from './lineageTables.js';
export { readRecordHistories, recordId } from './recordEvents.js';
export type { Correction, FieldValue, RecordEvent, RecordHistory, RecordRef } from './recordEvents.js';
export { logAsOf, warehouseAsOf, submissionPosition, readCheckpoint, asOfHome } from './asOf.js';
