// The data-quality checks' public surface: the checks, the tables that keep
// their results with history, running them on a built file and reading the
// current results back.
export { QUALITY_CHECKS } from './checks.js';
export type { QualityCheck, Severity } from './checks.js';
export { DQ_CHECK_RESULTS, DQ_FINDINGS, QUALITY_TABLES } from './tables.js';
export { runQualityChecks, readLatestQuality, createQualityTables } from './runChecks.js';
export type { CheckResult, Finding, QualityReport, RunChecksOptions } from './runChecks.js';
