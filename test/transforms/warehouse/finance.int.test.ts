// fct_hnb_spend and fct_dsg_position against CONTRACT §2.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../models/index.js';
import { costCentre, posting } from './support/events.js';
import { buildFrom, query } from './support/warehouse.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

async function given(events: readonly NewEvent[]): Promise<string> {
  const built = await buildFrom(events);
  cleanups.push(built.cleanup);
  return built.home;
}

const MAP = [
  costCentre('CC-MSS', 'Maintained Special Schools', 'spend'),
  costCentre('CC-ISS', 'Independent Special Schools', 'spend'),
  costCentre('CC-GRANT', 'High Needs Grant', 'grant'),
  costCentre('CC-XFER', 'Transfer from Schools Block', 'transfer'),
  costCentre('CC-OTHER', 'Other Variances', 'other_variance'),
  costCentre('CC-DFE', 'DfE Contribution', 'dfe_contribution'),
  costCentre('CC-KCC', 'Council Contribution', 'council_contribution'),
];

describe('fct_hnb_spend', () => {
  it('sums spend-kind postings by year, period, line and ledger type, and shows an unmapped cost centre as Unmapped', async () => {
    const home = await given([
      ...MAP,
      posting({ transactionId: 'T1', financialYear: '2024-25', period: 1, costCentre: 'CC-MSS', amount: '1000.50' }),
      posting({ transactionId: 'T2', financialYear: '2024-25', period: 1, costCentre: 'CC-MSS', amount: '-200.25' }),
      posting({ transactionId: 'T3', financialYear: '2024-25', period: 1, costCentre: 'CC-MSS', ledgerType: 'Budget', amount: '5000.00' }),
      posting({ transactionId: 'T4', financialYear: '2024-25', period: 2, costCentre: 'CC-ISS', amount: '300.00' }),
      posting({ transactionId: 'T5', financialYear: '2024-25', period: 2, costCentre: 'CC-NEW', amount: '77.70' }),
      posting({ transactionId: 'T6', financialYear: '2024-25', period: 2, costCentre: 'CC-GRANT', amount: '-9999.00' }),
    ]);
    const rows = await query(home, `select financial_year, period, line, ledger_type, amount::varchar as amount, typeof(amount) as t from fct_hnb_spend order by period, line, ledger_type`);
    expect(rows).toEqual([
      { financial_year: '2024-25', period: 1, line: 'Maintained Special Schools', ledger_type: 'Actual', amount: '800.25', t: 'DECIMAL(18,2)' },
      { financial_year: '2024-25', period: 1, line: 'Maintained Special Schools', ledger_type: 'Budget', amount: '5000.00', t: 'DECIMAL(18,2)' },
      { financial_year: '2024-25', period: 2, line: 'Independent Special Schools', ledger_type: 'Actual', amount: '300.00', t: 'DECIMAL(18,2)' },
      { financial_year: '2024-25', period: 2, line: 'Unmapped', ledger_type: 'Actual', amount: '77.70', t: 'DECIMAL(18,2)' },
    ]);
  });
});

describe('fct_dsg_position', () => {
  it('sums actuals by kind, leaves Unmapped out, and carries the accumulated position across years (0 before the first)', async () => {
    const home = await given([
      ...MAP,
      // 2022-23: spend 100, grant -80, transfer -5, other 1 => in year 16; dfe -3, council -2 => accumulated 11.
      posting({ transactionId: 'A1', financialYear: '2022-23', costCentre: 'CC-MSS', amount: '60.00' }),
      posting({ transactionId: 'A2', financialYear: '2022-23', costCentre: 'CC-ISS', amount: '40.00' }),
      posting({ transactionId: 'A3', financialYear: '2022-23', costCentre: 'CC-GRANT', amount: '-80.00' }),
      posting({ transactionId: 'A4', financialYear: '2022-23', costCentre: 'CC-XFER', amount: '-5.00' }),
      posting({ transactionId: 'A5', financialYear: '2022-23', costCentre: 'CC-OTHER', amount: '1.00' }),
      posting({ transactionId: 'A6', financialYear: '2022-23', costCentre: 'CC-DFE', amount: '-3.00' }),
      posting({ transactionId: 'A7', financialYear: '2022-23', costCentre: 'CC-KCC', amount: '-2.00' }),
      posting({ transactionId: 'A8', financialYear: '2022-23', costCentre: 'CC-UNMAPPED', amount: '1000.00' }),
      posting({ transactionId: 'A9', financialYear: '2022-23', costCentre: 'CC-MSS', ledgerType: 'Forecast', amount: '7777.00' }),
      // 2023-24: no actuals (a gap): in year 0, accumulated stays 11.
      posting({ transactionId: 'B1', financialYear: '2023-24', costCentre: 'CC-MSS', ledgerType: 'Budget', amount: '50.00' }),
      // 2024-25: spend 30.55, grant -10.10 => in year 20.45; council 5.00 => accumulated 36.45.
      posting({ transactionId: 'C1', financialYear: '2024-25', costCentre: 'CC-MSS', amount: '30.55' }),
      posting({ transactionId: 'C2', financialYear: '2024-25', costCentre: 'CC-GRANT', amount: '-10.10' }),
      posting({ transactionId: 'C3', financialYear: '2024-25', costCentre: 'CC-KCC', amount: '5.00' }),
    ]);
    const rows = await query(
      home,
      `select financial_year, hnb_spend::varchar as spend, hnb_grant::varchar as grant, schools_block_transfer::varchar as transfer,
              other_variances::varchar as other, in_year_position::varchar as in_year, dfe_contribution::varchar as dfe,
              council_contribution::varchar as council, accumulated_position::varchar as accumulated, unmapped_actuals::varchar as unmapped
       from fct_dsg_position order by financial_year`,
    );
    expect(rows).toEqual([
      { financial_year: '2022-23', spend: '100.00', grant: '-80.00', transfer: '-5.00', other: '1.00', in_year: '16.00', dfe: '-3.00', council: '-2.00', accumulated: '11.00', unmapped: '1000.00' },
      { financial_year: '2023-24', spend: '0.00', grant: '0.00', transfer: '0.00', other: '0.00', in_year: '0.00', dfe: '0.00', council: '0.00', accumulated: '11.00', unmapped: '0.00' },
      { financial_year: '2024-25', spend: '30.55', grant: '-10.10', transfer: '0.00', other: '0.00', in_year: '20.45', dfe: '0.00', council: '5.00', accumulated: '36.45', unmapped: '0.00' },
    ]);
    const [types] = await query(home, `select typeof(hnb_spend) as money, typeof(accumulated_position) as acc from fct_dsg_position limit 1`);
    expect(types).toEqual({ money: 'DECIMAL(18,2)', acc: 'DECIMAL(18,2)' });
  });

  it('takes the newest version of a corrected posting', async () => {
    const home = await given([
      ...MAP,
      posting({ transactionId: 'T1', financialYear: '2024-25', costCentre: 'CC-MSS', amount: '100.00' }),
      posting({ transactionId: 'T1', financialYear: '2024-25', costCentre: 'CC-ISS', amount: '120.00' }, 'LedgerPostingCorrected'),
    ]);
    const rows = await query(home, `select line, amount::varchar as amount from fct_hnb_spend order by line`);
    expect(rows).toEqual([{ line: 'Independent Special Schools', amount: '120.00' }]);
    const [dsg] = await query(home, `select hnb_spend::varchar as s from fct_dsg_position`);
    expect(dsg?.s).toBe('120.00');
  });
});
