// checkRow parses a row's cells with zod's compiled parser and runs the
// cross-column rules itself: for any row, good or bad, it must say exactly what
// the whole zod schema says at runtime (the same value, or the same diagnostics
// in the same order).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkRow, toDiagnostics } from '../../../ingest/fields/rowSchema.js';
import { CensusRow } from '../../../ingest/census/censusSpec.js';
import { FinanceRow } from '../../../ingest/finance/financeSpec.js';
import { CaseRow } from '../../../ingest/cases/casesSpec.js';
import type { SourceName } from '../../../models/index.js';

const GOOD = { CensusDate: '2025-01-16', UPN: 'B801200005001', LAEstab: '8862001', DOB: '2014-03-05', Sex: 'F', NCyearActual: '5', SENprovision: 'K', SENtype1: 'ASD' };

/** What the whole schema says at runtime. */
function runtime(source: SourceName, schema: z.ZodType, row: Record<string, string | undefined>) {
  const result = schema.safeParse(row);
  return result.success ? { ok: true, value: result.data } : { ok: false, diagnostics: toDiagnostics(source, result.error.issues) };
}

/** A cell: mostly one of some good spellings, else a bad one, blank or absent. */
const cell = (good: string[], bad: string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...good), weight: 12 },
    ...(bad.length > 0 ? [{ arbitrary: fc.constantFrom(...bad), weight: 1 }] : []),
    { arbitrary: fc.constantFrom<string | undefined>('', undefined), weight: 1 },
  );

describe('checkRow', () => {
  it('property: gives what the whole census schema gives, cross-column rules included', () => {
    const row = fc.record({
      CensusDate: cell(['2025-01-16', '03/10/2024', ' 2024-05-16 '], ['2025-01-15', '2025-02-30', 'soon']),
      UPN: cell(['B801200005001', 'g80120000101a'], ['A801200005001', 'B80120000500']),
      LAEstab: cell(['8862001'], ['886200', '88620011']),
      URN: cell(['118000'], ['11800A']),
      DOB: cell(['2014-03-05', '29/02/2012', '2025-01-16'], ['2026-04-01', '31/02/2014']),
      Sex: cell(['M', 'f'], ['X']),
      NCyearActual: cell(['R', '5', 'n1', 'X'], ['15']),
      SENprovision: cell(['N', 'K', 'e'], ['S']),
      SENtype1: cell(['ASD', 'NSA', 'SLCN'], ['ADHD']),
      SENtype2: cell(['ASD', 'NSA', 'MLD'], ['ADHD']),
    });
    const seen = { good: 0, bad: 0 };
    fc.assert(
      fc.property(row, (r) => {
        const fast = checkRow('census', CensusRow, r);
        expect(fast).toEqual(runtime('census', CensusRow, r));
        seen[fast.ok ? 'good' : 'bad']++;
      }),
      { numRuns: 3000 },
    );
    // Both kinds of row were tried, and rows that break only a cross-column rule too.
    expect(seen.good).toBeGreaterThan(100);
    expect(seen.bad).toBeGreaterThan(100);
    expect(checkRow('census', CensusRow, { ...GOOD, SENtype2: 'ASD' })).toEqual({
      ok: false,
      diagnostics: [{ rule: 'census.sen-type2.same-as-type1', column: 'SENtype2', message: 'SENtype2 repeats SENtype1: the secondary need must differ from the primary need.' }],
    });
  });

  it('property: gives what the whole schema gives for finance (no cross-column rules) and cases', () => {
    const posting = fc.record({
      TransactionID: cell(['T1', ' T 2 '], []),
      FinancialYear: cell(['2024-25'], ['2024-26', '24-25']),
      Period: cell(['1', '13', '016'], ['0', '17', 'x']),
      PostingDate: cell(['2024-04-10', '10/04/2024'], ['2024-13-01']),
      CostCentre: cell(['HN100'], []),
      LedgerType: cell(['Actual', 'budget'], ['Plan']),
      Amount: cell(['1,234.50', '(12.00)', '£5'], ['1.234', '12,34']),
    });
    const seen = { good: 0, bad: 0 };
    const same = (source: SourceName, schema: z.ZodType) => (r: Record<string, string | undefined>) => {
      const fast = checkRow(source, schema, r);
      expect(fast).toEqual(runtime(source, schema, r));
      seen[fast.ok ? 'good' : 'bad']++;
    };
    fc.assert(fc.property(posting, same('finance', FinanceRow)), { numRuns: 2000 });
    const caseRow = fc.record({
      ExtractDate: cell(['2024-06-30'], ['2024-06-31']),
      RequestID: cell(['R1'], []),
      PersonID: cell(['P1'], []),
      DOB: cell(['2012-05-09'], ['2030-01-01']),
      AreaTeam: cell(['East', 'north'], ['Middle']),
      ReceivedDate: cell(['2024-01-10'], ['2024-07-01']),
      RequestOutcome: cell(['Y', 'N'], ['Q']),
      RequestOutcomeDate: cell(['2024-02-15'], ['2023-12-01']),
      AssessmentOutcome: cell(['Y', 'A'], ['Q']),
      AssessmentOutcomeDate: cell(['2024-05-20'], ['2023-01-01']),
    });
    fc.assert(fc.property(caseRow, same('cases', CaseRow)), { numRuns: 2000 });
    expect(seen.good).toBeGreaterThan(200);
    expect(seen.bad).toBeGreaterThan(200);
  });
});
