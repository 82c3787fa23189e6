import { describe, expect, it } from 'vitest';
import { FINANCE_RULES, financeSpec } from '../../../ingest/finance/financeSpec.js';
import { LedgerPosting } from '../../../models/index.js';
import { expectCatalogueValid, expectEachRuleAlone, patch, valueOf, type RuleCases } from '../fields/specHarness.js';

const GOOD = {
  TransactionID: 'T-100',
  FinancialYear: '2024-25',
  Period: '3',
  PostingDate: '2024-06-30',
  CostCentre: 'HN100',
  Subjective: '5100',
  LedgerType: 'Actual',
  Amount: '1,234.50',
  Description: 'Top-up funding, June',
};

const CASES: RuleCases = [
  ['finance.transaction-id.required', { TransactionID: undefined }],
  ['finance.financial-year.required', { FinancialYear: undefined }],
  ['finance.financial-year.format', { FinancialYear: '2024/25' }],
  ['finance.financial-year.not-consecutive', { FinancialYear: '2024-26' }],
  ['finance.period.required', { Period: undefined }],
  ['finance.period.range', { Period: '17' }],
  ['finance.posting-date.required', { PostingDate: undefined }],
  ['finance.posting-date.format', { PostingDate: '30/06/24' }],
  ['finance.cost-centre.required', { CostCentre: undefined }],
  ['finance.ledger-type.required', { LedgerType: undefined }],
  ['finance.ledger-type.code', { LedgerType: 'Commitment' }],
  ['finance.amount.required', { Amount: undefined }],
  ['finance.amount.format', { Amount: '12.345' }],
];

describe('finance rows', () => {
  it('map a good row to a LedgerPosting with an exact amount', () => {
    const value = valueOf(financeSpec, GOOD);
    expect(value).toEqual({
      transactionId: 'T-100', financialYear: '2024-25', period: 3, postingDate: '2024-06-30', costCentre: 'HN100',
      subjective: '5100', ledgerType: 'Actual', amount: '1234.50', description: 'Top-up funding, June',
    });
    expect(LedgerPosting.parse(value)).toEqual(value);
    expect(financeSpec.key(value)).toBe('T-100');
    expect(financeSpec.asAt(value)).toBe('2024-06-30');
  });

  it('store the ledger type canonically and read every amount spelling', () => {
    const value = valueOf(financeSpec, patch(GOOD, { LedgerType: 'FORECAST', Amount: '£(12.00)', Period: '16', Subjective: undefined, Description: undefined, PostingDate: '31/03/2025' }));
    expect(value).toMatchObject({ ledgerType: 'Forecast', amount: '-12.00', period: 16, subjective: null, description: null, postingDate: '2025-03-31' });
    expect(valueOf(financeSpec, patch(GOOD, { Amount: '(1234.50)', LedgerType: 'budget' }))).toMatchObject({ amount: '-1234.50', ledgerType: 'Budget' });
  });

  it('break each rule alone, and the cases cover every finance rule', () => {
    expect(FINANCE_RULES).toHaveLength(13);
    expectEachRuleAlone(financeSpec, GOOD, CASES, FINANCE_RULES);
    for (const bad of ['0', '1.5', '-1', 'twelve']) expect(financeSpec.parse(patch(GOOD, { Period: bad }), { pseudonymise: (s) => s, file: 'f' }).ok).toBe(false);
  });

  it('record a new posting and correct a changed one', () => {
    const value = valueOf(financeSpec, GOOD);
    const events = [...financeSpec.diff(undefined, value).events, ...financeSpec.diff('changed', { ...value, amount: '1200.00' }).events];
    expect(events.map((e) => [e.type, e.data.amount])).toEqual([['LedgerPostingRecorded', '1234.50'], ['LedgerPostingCorrected', '1200.00']]);
    expectCatalogueValid(events);
  });

  it('quarantine a finance row as read', () => {
    expect(financeSpec.minimise(patch(GOOD, { Description: undefined }), { pseudonymise: () => 'x', file: 'f' })).toEqual({ ...GOOD, Description: null });
  });
});
