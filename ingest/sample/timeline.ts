// The fixed time frame of the Kent sample: when requests start, the census days
// the caseload is calibrated on, and the extract dates of the snapshots.
import { day, springCensusDay } from './dates.js';
import { CASELOAD_YEARS } from './kentFigures.js';

/** Latest ExtractDate: the last snapshot of cases and placements. */
export const LAST_EXTRACT_DAY = day(2025, 3, 31);
/** Spring census days, January 2019..2025. */
export const CENSUS_DAYS: readonly number[] = CASELOAD_YEARS.map((y) => springCensusDay(y));
/** ExtractDate of each cases / placements snapshot (financial year ends 2019..2025). */
export const EXTRACT_DAYS: readonly number[] = [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => day(y, 3, 31));
