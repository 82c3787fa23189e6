// The contract's SEN area teams, bound as a list parameter so the monthly
// facts have a row for every team in every month (zeros included).
import { listValue } from '@duckdb/node-api';
import { CaseFields } from '../../../models/index.js';

/** The AreaTeam values of CONTRACT §1.2, in contract order. */
export const AREA_TEAMS: readonly string[] = CaseFields.shape.areaTeam.options;

/** The `$area_teams` parameter. */
export const areaTeamsParam = () => listValue([...AREA_TEAMS]);
