// The data-quality checks: each one a SQL file under sql/checks/ that returns
// one row per finding (subject, expected, actual, difference, detail) from the
// warehouse tables, and no rows when all is well. They read no clock and no
// file outside the warehouse, so the same tables always give the same findings.

/** error: the authority's own figures or the warehouse disagree with themselves; warning: worth a look. */
export type Severity = 'error' | 'warning';

/** One declared check. */
export interface QualityCheck {
  name: string;
  severity: Severity;
  /** Its SQL file, relative to sql/. */
  sql: string;
  /** What a pass means, in plain English (the detail of a passing result). */
  passes: string;
}

function check(name: string, severity: Severity, passes: string): QualityCheck {
  return { name, severity, sql: `checks/${name}.sql`, passes };
}

/** Every check, in the order they run and are reported. */
export const QUALITY_CHECKS: readonly QualityCheck[] = [
  check(
    'caseload_groups_add_up',
    'error',
    'on every January census day the setting groups of fct_ehcp_caseload add up to its total and every setting_type has its dim_settings group',
  ),
  check(
    'dfe_caseload_groups_add_up',
    'warning',
    "in the authority's own row of the DfE caseload (benchmark_ehcp), the placement groups add up to ehcplans every January (or there is no such row)",
  ),
  check(
    'caseload_matches_dfe',
    'warning',
    "the January caseload (total and each setting group) matches the authority's own row of the DfE caseload in every year both hold",
  ),
  check(
    'timeliness_matches_dfe',
    'warning',
    "plans issued and issued within 20 weeks (with and without exceptions) match the authority's own row of the DfE 20-week timeliness in every calendar year both hold in full",
  ),
  check(
    'hnb_spend_lines_add_up',
    'error',
    "every financial year's actual High Needs spend lines (fct_hnb_spend) add up to the DSG position's hnb_spend, and its Unmapped line to unmapped_actuals",
  ),
  check(
    'dsg_accumulated_position',
    'error',
    "in fct_dsg_position every year's in-year position is the sum of its parts, and its accumulated position is the previous year's plus the in-year position and the contributions",
  ),
  check(
    'safety_valve_plan_arithmetic',
    'error',
    "in the Safety Valve plan every year's accumulated position is the previous year's plus that year's items (spend lines, savings, grant, transfer, other variances, contributions)",
  ),
  check('unmapped_cost_centres', 'warning', 'every cost centre posted to is in the cost-centre map'),
];
