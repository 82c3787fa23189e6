// How why compares the warehouse's number with what its units add up to:
// whole numbers and decimals exactly (as text, trailing zeros aside), doubles
// within rounding; and how a build's record names a staging table's source.
import { describe, expect, it } from 'vitest';
import { sameNumber } from '../../../transforms/lineage/index.js';
import { stagingSource } from '../../../transforms/runs/buildRecord.js';

describe('sameNumber', () => {
  it('compares decimals exactly, whatever their trailing zeros or sign of zero', () => {
    expect(sameNumber('1275.75', '1275.750', 'decimal(18,2)')).toBe(true);
    expect(sameNumber('-0.00', '0', 'decimal(18,2)')).toBe(true);
    expect(sameNumber('1275.75', '1275.76', 'decimal(18,2)')).toBe(false);
    expect(sameNumber('10000000000000000.01', '10000000000000000.02', 'decimal(38,2)')).toBe(false);
    expect(sameNumber(null, '0', 'bigint')).toBe(true);
    expect(sameNumber('1487', '1486', 'bigint')).toBe(false);
  });

  it('compares doubles within rounding only', () => {
    expect(sameNumber('0.30000000000000004', '0.3', 'double')).toBe(true);
    expect(sameNumber('0.3', '0.31', 'double')).toBe(false);
  });
});

describe('stagingSource', () => {
  it('reads the source from a staging table name, and none from other tables', () => {
    expect(['stg_cost_centres__cost_centres', 'stg_safety_valve_plan__items', 'stg_cases__requests', 'stg_log__quarantined_rows', 'fct_hnb_spend'].map(stagingSource)).toEqual([
      'cost-centres',
      'safety-valve-plan',
      'cases',
      undefined,
      undefined,
    ]);
  });
});
