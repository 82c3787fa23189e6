import { describe, expect, it } from 'vitest';
import { AREAS_RULES } from '../../ingest/areas/areasSpec.js';
import { CASES_RULES } from '../../ingest/cases/casesSpec.js';
import { CENSUS_RULES } from '../../ingest/census/censusSpec.js';
import { COST_CENTRES_RULES } from '../../ingest/costCentres/costCentresSpec.js';
import { EES_RULES } from '../../ingest/ees/eesSpec.js';
import { FINANCE_RULES } from '../../ingest/finance/financeSpec.js';
import { PLACEMENTS_RULES } from '../../ingest/placements/placementsSpec.js';
import { SAFETY_VALVE_PLAN_RULES } from '../../ingest/safetyValvePlan/safetyValvePlanSpec.js';
import { SCHOOLS_RULES } from '../../ingest/schools/schoolsSpec.js';
import { SOURCE_SPECS, specFor } from '../../ingest/sources.js';
import { PERSON_LEVEL_SOURCES, SNAPSHOT_SOURCES, SOURCE_NAMES, UsageError, type SourceName } from '../../models/index.js';

const RULES: Record<SourceName, readonly string[]> = {
  census: CENSUS_RULES,
  cases: CASES_RULES,
  placements: PLACEMENTS_RULES,
  finance: FINANCE_RULES,
  schools: SCHOOLS_RULES,
  'cost-centres': COST_CENTRES_RULES,
  areas: AREAS_RULES,
  'safety-valve-plan': SAFETY_VALVE_PLAN_RULES,
  ees: EES_RULES,
};

describe('the source registry', () => {
  it('has a spec for every source, under its own name', () => {
    expect(Object.keys(SOURCE_SPECS).sort()).toEqual([...SOURCE_NAMES].sort());
    for (const name of SOURCE_NAMES) expect(specFor(name).source).toBe(name);
  });

  it('keeps snapshot sources as fields and the others as hashes', () => {
    for (const name of SOURCE_NAMES) expect({ name, state: specFor(name).state }).toEqual({ name, state: SNAPSHOT_SOURCES.has(name) ? 'fields' : 'hash' });
  });

  it('refuses an unknown source as a usage error', () => {
    expect(() => specFor('pupils')).toThrow(UsageError);
  });

  it('gives every source distinct columns and stable rule codes <source>.<column-kebab>.<rule>', () => {
    let total = 0;
    for (const name of SOURCE_NAMES) {
      const columns = specFor(name).columns.map((c) => c.name.toLowerCase());
      expect(new Set(columns).size).toBe(columns.length);
      const rules = RULES[name];
      expect(new Set(rules).size).toBe(rules.length);
      for (const rule of rules) expect(rule).toMatch(new RegExp(`^${name}\\.[a-z0-9]+(-[a-z0-9]+)*\\.[a-z0-9]+(-[a-z0-9]+)*$`));
      total += rules.length;
    }
    expect(total).toBe(24 + 33 + 15 + 13 + 5 + 5 + 3 + 8 + 3);
  });

  it('declares no personal column in a person-level source', () => {
    for (const name of PERSON_LEVEL_SOURCES) for (const c of specFor(name).columns) expect(c.name).not.toMatch(/name|address|postcode/i);
  });
});
