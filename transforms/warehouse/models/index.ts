// The warehouse's models: every node of the DAG, in no particular order
// (the runner orders them by what they read).
import type { WarehouseModel } from '../model.js';
import { stgCasesRequests } from './stgCasesRequests.js';
import { stgPlacementsPlacements } from './stgPlacementsPlacements.js';
import { stgCensusPupils } from './stgCensusPupils.js';
import { stgFinancePostings } from './stgFinancePostings.js';
import { stgSchoolsSchools } from './stgSchoolsSchools.js';
import { stgCostCentresCostCentres } from './stgCostCentresCostCentres.js';
import { stgAreasDistricts } from './stgAreasDistricts.js';
import { stgSafetyValvePlanItems } from './stgSafetyValvePlanItems.js';
import { stgEesStatistics } from './stgEesStatistics.js';
import { stgLogQuarantinedRows } from './stgLogQuarantinedRows.js';
import { stgLogExtractDates } from './stgLogExtractDates.js';
import { dimSettings } from './dimSettings.js';
import { dimSettingMappings } from './dimSettingMappings.js';
import { dimSchools } from './dimSchools.js';
import { intPlacementsClassified } from './intPlacementsClassified.js';
import { intSnapshotDatesSpanned } from './intSnapshotDatesSpanned.js';
import { intCaseMonthsSpanned } from './intCaseMonthsSpanned.js';
import { fctEhcpCaseload } from './fctEhcpCaseload.js';
import { fctAssessmentRequests } from './fctAssessmentRequests.js';
import { fctPlanTimeliness } from './fctPlanTimeliness.js';
import { fctHnbSpend } from './fctHnbSpend.js';
import { fctDsgPosition } from './fctDsgPosition.js';
import { fctCensusSen } from './fctCensusSen.js';
import { fctSafetyValvePlan } from './fctSafetyValvePlan.js';
import { benchmarkEhcp } from './benchmarkEhcp.js';
import { quarantine } from './quarantine.js';

/** Every model of the warehouse. */
export const WAREHOUSE_MODELS: readonly WarehouseModel[] = [
  stgCasesRequests,
  stgPlacementsPlacements,
  stgCensusPupils,
  stgFinancePostings,
  stgSchoolsSchools,
  stgCostCentresCostCentres,
  stgAreasDistricts,
  stgSafetyValvePlanItems,
  stgEesStatistics,
  stgLogQuarantinedRows,
  stgLogExtractDates,
  dimSettings,
  dimSettingMappings,
  dimSchools,
  intPlacementsClassified,
  intSnapshotDatesSpanned,
  intCaseMonthsSpanned,
  fctEhcpCaseload,
  fctAssessmentRequests,
  fctPlanTimeliness,
  fctHnbSpend,
  fctDsgPosition,
  fctCensusSen,
  fctSafetyValvePlan,
  benchmarkEhcp,
  quarantine,
];
