// The extract contracts, from the zod row schemas the ingest checks every row
// against: each source's columns (required or not, older names accepted, what
// a cell accepts), its rule codes, and a JSON Schema of a row (one object of
// cell texts keyed by column name) that data suppliers can validate their
// files with before sending them. The cell schemas carry their JSON Schema
// keywords in CELL_CONTRACTS (ingest/fields/rowSchema.ts); rules across
// columns cannot be written as JSON Schema and are listed by code.
import { z } from 'zod';
import { PERSON_LEVEL_SOURCES, SNAPSHOT_SOURCES, SOURCE_NAMES, type SourceName } from '../../models/index.js';
import { CELL_CONTRACTS } from '../../ingest/fields/rowSchema.js';
import { specFor } from '../../ingest/sources.js';
import { AreaRow, AREAS_RULES } from '../../ingest/areas/areasSpec.js';
import { CaseRow, CASES_RULES } from '../../ingest/cases/casesSpec.js';
import { CensusRow, CENSUS_RULES } from '../../ingest/census/censusSpec.js';
import { CostCentreRow, COST_CENTRES_RULES } from '../../ingest/costCentres/costCentresSpec.js';
import { EesDimensions, EES_RULES } from '../../ingest/ees/eesSpec.js';
import { FinanceRow, FINANCE_RULES } from '../../ingest/finance/financeSpec.js';
import { PlacementRow, PLACEMENTS_RULES } from '../../ingest/placements/placementsSpec.js';
import { PlanRow, SAFETY_VALVE_PLAN_RULES } from '../../ingest/safetyValvePlan/safetyValvePlanSpec.js';
import { SchoolRow, SCHOOLS_RULES } from '../../ingest/schools/schoolsSpec.js';

const ROWS: Readonly<Record<SourceName, { schema: z.ZodType; rules: readonly string[]; title: string; identity: string }>> = {
  census: { schema: CensusRow, rules: CENSUS_RULES, title: 'School census pupil extract: one row per pupil on roll on a census day', identity: 'CensusDate, UPN, LAEstab' },
  cases: { schema: CaseRow, rules: CASES_RULES, title: 'Synergy EHC needs assessment cases: a full snapshot, one row per request, as at the extract date', identity: 'RequestID' },
  placements: { schema: PlacementRow, rules: PLACEMENTS_RULES, title: 'Synergy placements: a full snapshot, one row per placement', identity: 'PlacementID' },
  finance: { schema: FinanceRow, rules: FINANCE_RULES, title: 'Ledger extract for the High Needs Block and the DSG: one row per posting', identity: 'TransactionID' },
  schools: { schema: SchoolRow, rules: SCHOOLS_RULES, title: 'DfE "Get Information About Schools" establishment download, as published', identity: 'URN' },
  'cost-centres': { schema: CostCentreRow, rules: COST_CENTRES_RULES, title: 'Cost centres: the line and kind of the DSG each cost centre reports under', identity: 'CostCentre' },
  areas: { schema: AreaRow, rules: AREAS_RULES, title: 'Areas: the SEN area team of every district', identity: 'District' },
  'safety-valve-plan': { schema: PlanRow, rules: SAFETY_VALVE_PLAN_RULES, title: 'The agreed Safety Valve trajectory: one row per financial year and item', identity: 'FinancialYear (a new file for a year replaces its plan)' },
  ees: { schema: EesDimensions, rules: EES_RULES, title: 'DfE Explore Education Statistics "Education, health and care plans" open-data CSV', identity: 'dataset (file), time_period, geography and breakdown' },
};

/** One column of an extract contract. */
export interface ContractColumn {
  name: string;
  required: boolean;
  /** Older or alternative header names accepted for it. */
  aliases: string[];
  /** What a cell accepts, in words. */
  accepts: string;
  /** The regular expression a cell must match (as text), when one says it. */
  pattern: string | null;
}

/** The contract of one source's extract files. */
export interface ExtractContract {
  source: SourceName;
  title: string;
  identity: string;
  /** Person-level: name/address/postcode columns dropped, identifiers pseudonymised, dates of birth kept to the month. */
  personLevel: boolean;
  /** A full snapshot diffed against what the log knew (cases, placements), rather than records. */
  snapshot: boolean;
  columns: ContractColumn[];
  /** Every rule code a row can break (`<source>.<column>.<rule>`). */
  rules: readonly string[];
  /** The JSON Schema of one row. */
  jsonSchema: Record<string, unknown>;
}

/** Every source's extract contract. */
export function extractContracts(): ExtractContract[] {
  return SOURCE_NAMES.map(contractOf);
}

function contractOf(source: SourceName): ExtractContract {
  const row = ROWS[source];
  const spec = specFor(source);
  const generated = z.toJSONSchema(row.schema, { metadata: CELL_CONTRACTS, unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  const properties = (generated.properties ?? {}) as Record<string, Record<string, unknown>>;
  const columns: ContractColumn[] = spec.columns.map((c) => {
    const p = properties[c.name] ?? {};
    return {
      name: c.name,
      required: c.required,
      aliases: [...(c.aliases ?? [])],
      accepts: typeof p.description === 'string' ? p.description : c.required ? 'Text; required (never blank).' : 'Text; may be blank.',
      pattern: typeof p.pattern === 'string' ? p.pattern : null,
    };
  });
  return {
    source,
    title: row.title,
    identity: row.identity,
    personLevel: PERSON_LEVEL_SOURCES.has(source),
    snapshot: SNAPSHOT_SOURCES.has(source),
    columns,
    rules: row.rules,
    jsonSchema: rowJsonSchema(source, row.title, columns, properties, spec.extraColumns === 'measures'),
  };
}

function rowJsonSchema(
  source: SourceName,
  title: string,
  columns: readonly ContractColumn[],
  generated: Record<string, Record<string, unknown>>,
  measures: boolean,
): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const c of columns) {
    const cell = { ...(generated[c.name] ?? { type: 'string' }) };
    properties[c.name] = cell;
    for (const alias of c.aliases) properties[alias] = { ...cell, description: `Older name of ${c.name}. ${String(cell.description ?? '')}`.trim() };
  }
  const required = columns.filter((c) => c.required && c.aliases.length === 0).map((c) => c.name);
  const eitherOf = columns.filter((c) => c.required && c.aliases.length > 0).map((c) => ({ anyOf: [c.name, ...c.aliases].map((n) => ({ required: [n] })) }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `sendwh/extracts/${source}.schema.json`,
    title: `sendwh ${source} extract: one row`,
    description: [
      `${title}. One row of the CSV file as a JSON object of its cells (text), keyed by column name.`,
      'Columns are matched by name, case-insensitively, in any order; blank means absent; dates are YYYY-MM-DD or DD/MM/YYYY.',
      measures ? 'Any other column is a measure, kept as published (numbers or symbols such as x, z, c, low).' : 'An unknown extra column is ignored (with a warning).',
      'Rules across columns (and a real calendar date, a UPN check letter) are not expressible here: see x-sendwh-rules.',
    ].join(' '),
    type: 'object',
    properties,
    required,
    ...(eitherOf.length > 0 ? { allOf: eitherOf } : {}),
    additionalProperties: measures ? { type: 'string', description: 'A measure, as published.' } : true,
    'x-sendwh-rules': ROWS[source].rules,
  };
}
