// Column-level lineage for the data dictionary: for every column of every
// warehouse table, the columns it is computed from, down to the event fields
// and the extract columns they came in by. Staging columns are read from
// their SQL (each line that projects `'$.<field>'` ... `as <column>`); the
// columns of the later layers are declared below where they are derived, and
// otherwise come from the one upstream table with a column of the same name.
import { EVENT_SCHEMAS, type EventType, type SourceName } from '../../models/index.js';
import { readSqlFile } from '../duckdb/sqlFiles.js';
import { WAREHOUSE_MODELS, type WarehouseModel } from '../warehouse/index.js';
import { specFor } from '../../ingest/sources.js';

/** Where one column comes from. */
export interface ColumnLineage {
  /** Columns of other warehouse tables it is computed from (`table.column`). */
  upstream: string[];
  /** Event fields it is read from (`EventType.field`; `envelope.<field>` for the event's own key, seq, file...). */
  events: string[];
  /** Extract columns those fields came from (`source.Column`). */
  sourceColumns: string[];
}

const up = (...columns: string[]) => columns;

/** Derived columns of the non-staging tables: what each is computed from. */
const DECLARED: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  fct_ehcp_caseload: {
    snapshot_date: up('int_snapshot_dates__spanned.snapshot_date'),
    snapshot_kind: up('int_snapshot_dates__spanned.snapshot_kind'),
    area_team: up('stg_cases__requests.area_team'),
    setting_type: up('int_placements__classified.setting_type', 'int_placements__classified.placement_rank', 'int_placements__classified.entry_date', 'int_placements__classified.leaving_date'),
    setting_group: up('dim_settings.setting_group'),
    primary_need: up('stg_cases__requests.primary_need'),
    age: up('stg_cases__requests.birth_month', 'int_snapshot_dates__spanned.snapshot_date'),
    plans: up('stg_cases__requests.person', 'stg_cases__requests.plan_start_date', 'stg_cases__requests.cease_date', 'stg_cases__requests.request_id'),
  },
  fct_assessment_requests: {
    month: up('stg_cases__requests.received_date', 'int_case_months__spanned.month'),
    area_team: up('stg_cases__requests.area_team'),
    requests_received: up('stg_cases__requests.request_id', 'stg_cases__requests.received_date'),
    decided_to_assess: up('stg_cases__requests.request_outcome'),
    decided_not_to_assess: up('stg_cases__requests.request_outcome'),
    decisions_within_6_weeks: up('stg_cases__requests.request_outcome', 'stg_cases__requests.request_outcome_date', 'stg_cases__requests.received_date'),
  },
  fct_plan_timeliness: {
    month: up('stg_cases__requests.assessment_outcome_date', 'int_case_months__spanned.month'),
    area_team: up('stg_cases__requests.area_team'),
    plans_issued: up('stg_cases__requests.assessment_outcome', 'stg_cases__requests.assessment_outcome_date'),
    issued_within_20_weeks: up('stg_cases__requests.assessment_outcome', 'stg_cases__requests.assessment_outcome_date', 'stg_cases__requests.received_date'),
    plans_issued_ex: up('stg_cases__requests.assessment_outcome', 'stg_cases__requests.assessment_outcome_date', 'stg_cases__requests.week20_exception'),
    issued_within_20_weeks_ex: up(
      'stg_cases__requests.assessment_outcome',
      'stg_cases__requests.assessment_outcome_date',
      'stg_cases__requests.received_date',
      'stg_cases__requests.week20_exception',
    ),
  },
  fct_hnb_spend: {
    line: up('stg_cost_centres__cost_centres.line', 'stg_finance__postings.cost_centre'),
    amount: up('stg_finance__postings.amount', 'stg_cost_centres__cost_centres.kind'),
  },
  fct_dsg_position: Object.fromEntries(
    ['hnb_spend', 'hnb_grant', 'schools_block_transfer', 'other_variances', 'in_year_position', 'dfe_contribution', 'council_contribution', 'accumulated_position', 'unmapped_actuals'].map(
      (c) => [c, up('stg_finance__postings.amount', 'stg_finance__postings.ledger_type', 'stg_finance__postings.cost_centre', 'stg_cost_centres__cost_centres.kind')],
    ),
  ),
  fct_census_sen: {
    primary_need: up('stg_census__pupils.sen_type1'),
    pupils: up('stg_census__pupils.record_key'),
  },
  benchmark_ehcp: {
    measure: up('stg_ees__statistics.dataset', 'stg_ees__statistics.measures'),
    value: up('stg_ees__statistics.measures'),
    published_value: up('stg_ees__statistics.measures'),
  },
  quarantine: {
    rule: up('stg_log__quarantined_rows.rules'),
    reason: up('stg_log__quarantined_rows.rules'),
  },
  dim_schools: {
    district: up('stg_schools__schools.district'),
    laestab: up('stg_schools__schools.la_code', 'stg_schools__schools.establishment_number'),
    area_team: up('stg_areas__districts.area_team', 'stg_schools__schools.district'),
    setting_type: up('dim_setting_mappings.setting_type', 'stg_schools__schools.establishment_type'),
  },
  int_placements__classified: {
    setting_type: up(
      'stg_placements__placements.urn',
      'stg_placements__placements.ukprn',
      'stg_placements__placements.sen_setting',
      'stg_placements__placements.sen_unit',
      'stg_placements__placements.resourced_provision',
      'stg_schools__schools.establishment_type',
      'dim_setting_mappings.setting_type',
    ),
    urn_not_in_schools: up('stg_placements__placements.urn', 'stg_schools__schools.urn'),
  },
  int_snapshot_dates__spanned: {
    snapshot_date: up('stg_cases__requests.plan_start_date', 'stg_log__extract_dates.latest_extract_date'),
    snapshot_kind: up('stg_cases__requests.plan_start_date', 'stg_log__extract_dates.latest_extract_date'),
  },
  int_case_months__spanned: {
    month: up('stg_cases__requests.received_date', 'stg_cases__requests.assessment_outcome_date', 'stg_log__extract_dates.latest_extract_date'),
  },
};

/** Staging columns projected in a way the SQL scan cannot read (from a list, or a maximum): their event fields. */
const STAGING_DECLARED: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  stg_safety_valve_plan__items: { item_position: ['items'], item: ['items'], amount: ['items'] },
  stg_log__extract_dates: { latest_extract_date: ['envelope.asAt'] },
};

/** Event fields whose extract column is not the field's own name (matched ignoring case and underscores). */
const FIELD_COLUMNS: Readonly<Partial<Record<SourceName, Readonly<Record<string, readonly string[]>>>>> = {
  census: { pupil: ['UPN'], birthMonth: ['DOB'], ncYear: ['NCyearActual'] },
  cases: { person: ['PersonID'], birthMonth: ['DOB'] },
  placements: { person: ['PersonID'], rank: ['PlacementRank'], senUnit: ['SENunitIndicator'], resourcedProvision: ['ResourcedProvisionIndicator'] },
  schools: {
    laCode: ['LA (code)'],
    name: ['EstablishmentName'],
    type: ['TypeOfEstablishment (name)'],
    phase: ['PhaseOfEducation (name)'],
    district: ['DistrictAdministrative (name)'],
    status: ['EstablishmentStatus (name)'],
  },
  'safety-valve-plan': { items: ['Item', 'Amount'] },
  ees: { laCode: ['new_la_code'], measures: ['(every measure column)'], dataset: ['(the file name)'] },
};

/** The envelope of an event, for staging columns read from it rather than from its data. */
const ENVELOPE: Readonly<Record<string, string>> = { key: 'envelope.key', seq: 'envelope.seq', source: 'envelope.source', file: 'envelope.file', sha256: 'envelope.sha256', line: 'envelope.line', as_at: 'envelope.asAt' };

/** Lineage of every column of every model: `table` -> `column` -> lineage. */
export function columnLineage(models: readonly WarehouseModel[] = WAREHOUSE_MODELS): Map<string, Map<string, ColumnLineage>> {
  const byName = new Map(models.map((m) => [m.name, m]));
  const direct = new Map<string, Map<string, { upstream: string[]; events: string[] }>>();
  for (const model of models) {
    const columns = new Map<string, { upstream: string[]; events: string[] }>();
    const staged = model.layer === 'staging' ? stagingFields(model) : new Map<string, string[]>();
    for (const c of model.columns) {
      if (model.layer === 'staging') {
        columns.set(c.name, { upstream: [], events: staged.get(c.name) ?? [] });
        continue;
      }
      const declared = DECLARED[model.name]?.[c.name];
      if (declared !== undefined) {
        columns.set(c.name, { upstream: [...declared], events: [] });
        continue;
      }
      const sameName = model.reads.filter((r) => byName.get(r)?.columns.some((x) => x.name === c.name));
      columns.set(c.name, { upstream: sameName.length === 1 ? [`${sameName[0]}.${c.name}`] : [], events: [] });
    }
    direct.set(model.name, columns);
  }
  const resolved = new Map<string, Map<string, ColumnLineage>>();
  const resolve = (table: string, column: string, seen: Set<string>): { events: Set<string> } => {
    const id = `${table}.${column}`;
    const entry = direct.get(table)?.get(column);
    const events = new Set<string>(entry?.events ?? []);
    if (entry === undefined || seen.has(id)) return { events };
    seen.add(id);
    for (const u of entry.upstream) {
      const dot = u.indexOf('.');
      for (const e of resolve(u.slice(0, dot), u.slice(dot + 1), seen).events) events.add(e);
    }
    return { events };
  };
  for (const model of models) {
    const columns = new Map<string, ColumnLineage>();
    for (const c of model.columns) {
      const events = [...resolve(model.name, c.name, new Set()).events].sort();
      columns.set(c.name, {
        upstream: direct.get(model.name)?.get(c.name)?.upstream ?? [],
        events,
        sourceColumns: sourceColumnsOf(events),
      });
    }
    resolved.set(model.name, columns);
  }
  return resolved;
}

/** A staging model's columns and the event fields they are projected from (`Type.field` for each type it reads). */
function stagingFields(model: WarehouseModel): Map<string, string[]> {
  const types = model.reads.filter((r): r is EventType => r in EVENT_SCHEMAS);
  const out = new Map<string, string[]>();
  for (const [column, fields] of Object.entries(STAGING_DECLARED[model.name] ?? {})) {
    out.set(column, fields.flatMap((f) => (f.startsWith('envelope.') ? [f] : types.map((t) => `${t}.${f}`))));
  }
  for (const line of readSqlFile(model.sql).split('\n')) {
    const as = /\bas\s+([a-z_][a-z0-9_]*)\s*,?\s*$/.exec(line.trim());
    if (as === null) continue;
    const column = as[1] as string;
    if (!model.columns.some((c) => c.name === column) || out.has(column)) continue;
    const fields = [...line.matchAll(/'\$\.([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
    if (fields.length > 0) {
      out.set(column, types.flatMap((t) => fields.map((f) => `${t}.${f}`)));
      continue;
    }
    const envelope = /^\s*([a-z0-9_]+)\s+as\s/.exec(line);
    const field = envelope === null ? undefined : ENVELOPE[envelope[1] as string];
    if (field !== undefined) out.set(column, [field]);
  }
  return out;
}

/** The extract columns behind event fields (`Type.field`), through each source's column names. */
function sourceColumnsOf(events: readonly string[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    const [type, field] = e.split('.') as [string, string];
    if (type === 'envelope') continue;
    for (const source of sourcesOfType(type)) {
      const spec = specFor(source);
      const named = FIELD_COLUMNS[source]?.[field];
      if (named !== undefined) {
        for (const n of named) out.add(`${source}.${n}`);
        continue;
      }
      const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
      const match = spec.columns.find((c) => fold(c.name) === fold(field));
      if (match !== undefined) out.add(`${source}.${match.name}`);
    }
  }
  return [...out].sort();
}

/** Which sources' extracts give events of a type (from the event catalogue's naming). */
function sourcesOfType(type: string): SourceName[] {
  const prefixes: Array<[RegExp, SourceName]> = [
    [/^CensusPupil/, 'census'],
    [/^(AssessmentRequest|EhcAssessment|EhcPlan|CaseRecord)/, 'cases'],
    [/^Placement/, 'placements'],
    [/^LedgerPosting/, 'finance'],
    [/^School/, 'schools'],
    [/^CostCentre/, 'cost-centres'],
    [/^AreaDistrict/, 'areas'],
    [/^SafetyValvePlan/, 'safety-valve-plan'],
    [/^EesStatistics/, 'ees'],
  ];
  return prefixes.filter(([p]) => p.test(type)).map(([, s]) => s);
}
