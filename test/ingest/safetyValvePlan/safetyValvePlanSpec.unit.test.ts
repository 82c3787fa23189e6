import { describe, expect, it } from 'vitest';
import { SAFETY_VALVE_PLAN_RULES, safetyValvePlanSpec } from '../../../ingest/safetyValvePlan/safetyValvePlanSpec.js';
import type { SafetyValvePlanYear } from '../../../models/index.js';
import { expectCatalogueValid, expectEachRuleAlone, valueOf, type RuleCases } from '../fields/specHarness.js';

const GOOD = { FinancialYear: '2024-25', Item: 'Maintained Special Schools', Amount: '163000000' };

const CASES: RuleCases = [
  ['safety-valve-plan.financial-year.required', { FinancialYear: undefined }],
  ['safety-valve-plan.financial-year.format', { FinancialYear: 'FY2024' }],
  ['safety-valve-plan.financial-year.not-consecutive', { FinancialYear: '2024-23' }],
  ['safety-valve-plan.item.required', { Item: undefined }],
  ['safety-valve-plan.item.code', { Item: 'Estimated High Needs Grant' }],
  ['safety-valve-plan.amount.required', { Amount: undefined }],
  ['safety-valve-plan.amount.format', { Amount: '£163m' }],
];

const rowsOf = (rows: Array<[string, string, string]>) =>
  rows.map(([FinancialYear, Item, Amount], i) => ({ value: valueOf(safetyValvePlanSpec, { FinancialYear, Item, Amount }), line: i + 2 }));

describe('safety-valve-plan rows', () => {
  it('break each row rule alone; with the file rule (duplicate item) they cover every rule', () => {
    expectEachRuleAlone(
      safetyValvePlanSpec,
      GOOD,
      CASES,
      SAFETY_VALVE_PLAN_RULES.filter((r) => r !== 'safety-valve-plan.item.duplicate'),
    );
    expect(SAFETY_VALVE_PLAN_RULES).toContain('safety-valve-plan.item.duplicate');
  });

  it('accept every contract item, in any case, stored canonically', () => {
    for (const item of ['Savings', 'High Needs Grant', 'Transfer from Schools Block', 'Other Variances', 'DfE Contribution', 'Council Contribution', 'Accumulated Position', 'post 16'])
      expect(valueOf(safetyValvePlanSpec, { ...GOOD, Item: item }).items[0]!.item.toLowerCase()).toBe(item.toLowerCase());
    expect(valueOf(safetyValvePlanSpec, { ...GOOD, Item: 'dfe contribution', Amount: '(9,000,000)' }).items).toEqual([{ item: 'DfE Contribution', amount: '-9000000.00' }]);
  });

  it('reduce to one plan per year, items in file order, the line of the first row', () => {
    const rows = rowsOf([
      ['2024-25', 'Maintained Special Schools', '163000000'],
      ['2025-26', 'Maintained Special Schools', '165000000'],
      ['2024-25', 'High Needs Grant', '-323000000'],
      ['2024-25', 'Accumulated Position', '97000000'],
    ]);
    expect(safetyValvePlanSpec.checkRows!(rows)).toEqual([]);
    const plans = safetyValvePlanSpec.reduce!(rows);
    expect(plans).toEqual([
      {
        line: 2,
        value: {
          financialYear: '2024-25',
          items: [
            { item: 'Maintained Special Schools', amount: '163000000.00' },
            { item: 'High Needs Grant', amount: '-323000000.00' },
            { item: 'Accumulated Position', amount: '97000000.00' },
          ],
        },
      },
      { line: 3, value: { financialYear: '2025-26', items: [{ item: 'Maintained Special Schools', amount: '165000000.00' }] } },
    ]);
    expect(plans.map((p) => safetyValvePlanSpec.key(p.value))).toEqual(['2024-25', '2025-26']);
    expect(rows[0]!.value.items).toHaveLength(1);
  });

  it('flag a repeated item on the later row, and keep the earlier one', () => {
    const rows = rowsOf([
      ['2024-25', 'Post 16', '25000000'],
      ['2025-26', 'Post 16', '33000000'],
      ['2024-25', 'post 16', '26000000'],
    ]);
    const flagged = safetyValvePlanSpec.checkRows!(rows);
    expect(flagged).toEqual([{ line: 4, diagnostics: [expect.objectContaining({ rule: 'safety-valve-plan.item.duplicate', column: 'Item' })] }]);
    expect(safetyValvePlanSpec.reduce!(rows).map((p) => p.value.items)).toEqual([[{ item: 'Post 16', amount: '25000000.00' }], [{ item: 'Post 16', amount: '33000000.00' }]]);
  });

  it('agree a new year and revise a changed one', () => {
    const plan: SafetyValvePlanYear = { financialYear: '2027-28', items: [{ item: 'Council Contribution', amount: '10000000.00' }] };
    const events = [...safetyValvePlanSpec.diff(undefined, plan).events, ...safetyValvePlanSpec.diff('changed', { ...plan, items: [{ item: 'Council Contribution', amount: '-10000000.00' }] }).events];
    expect(events.map((e) => e.type)).toEqual(['SafetyValvePlanAgreed', 'SafetyValvePlanRevised']);
    expectCatalogueValid(events);
  });
});
