import { describe, expect, it } from 'vitest';
import { COST_CENTRES_RULES, costCentresSpec } from '../../../ingest/costCentres/costCentresSpec.js';
import { expectCatalogueValid, expectEachRuleAlone, valueOf, type RuleCases } from '../fields/specHarness.js';

const GOOD = { CostCentre: 'HN100', Line: 'Post 16', Kind: 'spend' };

const CASES: RuleCases = [
  ['cost-centres.cost-centre.required', { CostCentre: undefined }],
  ['cost-centres.line.required', { Line: undefined }],
  ['cost-centres.kind.required', { Kind: undefined }],
  ['cost-centres.kind.code', { Kind: 'income' }],
  ['cost-centres.line.not-spend-line', { Line: 'Post-16' }],
];

describe('cost-centres rows', () => {
  it('map rows to CostCentre, spend lines in their canonical spelling, other kinds free', () => {
    expect(valueOf(costCentresSpec, GOOD)).toEqual({ costCentre: 'HN100', line: 'Post 16', kind: 'spend' });
    expect(valueOf(costCentresSpec, { CostCentre: 'HN200', Line: 'mainstream school support (incl. SRPs)', Kind: 'Spend' })).toEqual({
      costCentre: 'HN200', line: 'Mainstream School Support (incl. SRPs)', kind: 'spend',
    });
    expect(valueOf(costCentresSpec, { CostCentre: 'G1', Line: 'High Needs Grant', Kind: 'grant' })).toEqual({ costCentre: 'G1', line: 'High Needs Grant', kind: 'grant' });
  });

  it('break each rule alone, and the cases cover every cost-centres rule', () => {
    expectEachRuleAlone(costCentresSpec, GOOD, CASES, COST_CENTRES_RULES);
  });

  it('map a new cost centre and remap a changed one', () => {
    const value = valueOf(costCentresSpec, GOOD);
    const events = [...costCentresSpec.diff(undefined, value).events, ...costCentresSpec.diff('changed', { ...value, line: 'Independent Special Schools' }).events];
    expect(events.map((e) => e.type)).toEqual(['CostCentreMapped', 'CostCentreRemapped']);
    expectCatalogueValid(events);
    expect(costCentresSpec.key(value)).toBe('HN100');
  });
});
