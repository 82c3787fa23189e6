// The code lists of CONTRACT §1, taken from the event schemas where they live
// there so an extract rule and the event it feeds can never disagree.
import { CaseFields, CensusPupil, CostCentreKind, LedgerPosting, PlacementFields, SpendLine } from '../../models/index.js';

/** SEN type codes (census SENtype1/SENtype2), NSA included. */
export const SEN_TYPES = CensusPupil.shape.senType1.unwrap().options;
/** SEN type codes allowed as a case's PrimaryNeed (no NSA). */
export const PRIMARY_NEEDS = CaseFields.shape.primaryNeed.unwrap().options;
/** Census NCyearActual: N1, N2, R, 1..14, X. */
export const NC_YEARS = ['N1', 'N2', 'R', ...Array.from({ length: 14 }, (_, i) => String(i + 1)), 'X'] as const;
export const SEN_PROVISIONS = CensusPupil.shape.senProvision.options;
export const SEXES = CensusPupil.shape.sex.options;
export const AREA_TEAMS = CaseFields.shape.areaTeam.options;
export const OUTCOMES = CaseFields.shape.requestOutcome.unwrap().options;
export const REQUEST_SOURCES = CaseFields.shape.requestSource.unwrap().options;
export const CEASE_REASONS = CaseFields.shape.ceaseReason.unwrap().options;
export const SEN_SETTINGS = PlacementFields.shape.senSetting.unwrap().options;
export const LEDGER_TYPES = LedgerPosting.shape.ledgerType.options;
export const COST_CENTRE_KINDS = CostCentreKind.options;
export const SPEND_LINES = SpendLine.options;
/** Safety Valve plan items besides the spend lines (CONTRACT §1.5). */
export const PLAN_ITEMS = [
  ...SpendLine.options,
  'Savings',
  'High Needs Grant',
  'Transfer from Schools Block',
  'Other Variances',
  'DfE Contribution',
  'Council Contribution',
  'Accumulated Position',
] as const;

/**
 * Matches a cell against a code list, exactly or ignoring case and surrounding
 * space, and gives the canonical spelling; undefined when it is not a code.
 */
export function codeMatcher<T extends string>(codes: readonly T[]): (text: string) => T | undefined {
  const exact = new Set<string>(codes);
  const folded = new Map<string, T>(codes.map((c) => [c.toLowerCase(), c]));
  return (text) => (exact.has(text) ? (text as T) : folded.get(text.trim().toLowerCase()));
}
