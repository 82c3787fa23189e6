// The ingest pipeline on real files and a real record index (DuckDB in a temp
// dir): snapshot diffing across two cases extracts, the same log whatever the
// batch size, and a file that changes while it is read.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryEventLog } from '../../ingest/log/memoryEventLog.js';
import { openRecordIndex } from '../../ingest/recordIndex.js';
import { ingestFile } from '../../ingest/pipeline.js';
import { expandInputs } from '../../ingest/extractReader.js';
import { specFor } from '../../ingest/sources.js';
import { createPseudonymiser } from '../../ingest/pseudonym.js';
import { BadInputError, type EventLog, type SourceName, type StoredEvent } from '../../models/index.js';
import { tempDir } from '../support/cli.js';

const pseudonymise = createPseudonymiser(Buffer.alloc(32, 7));
const CASES_HEADER = 'ExtractDate,RequestID,PersonID,UPN,DOB,Sex,AreaTeam,ReceivedDate,RequestOutcome,RequestOutcomeDate,AssessmentOutcome,AssessmentOutcomeDate,Week20Exception,PrimaryNeed,PlanStartDate,CeaseDate,CeaseReason,Surname';

async function ingest(log: EventLog, indexPath: string, source: SourceName, path: string, batchSize?: number) {
  const index = await openRecordIndex(indexPath);
  try {
    const [input] = await expandInputs(source, [path]);
    return await ingestFile({ spec: specFor(source), specs: specFor, input: input!, log, index, pseudonymise, ...(batchSize ? { batchSize } : {}) });
  } finally {
    index.close();
  }
}

async function all(log: EventLog): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of log.read()) out.push(...batch);
  return out;
}

describe('ingest pipeline', () => {
  it('turns two cases snapshots into only what changed: progress events and a correction', async () => {
    const dir = tempDir();
    const first = join(dir, 'cases_2024-03-31.csv');
    writeFileSync(first, [
      CASES_HEADER,
      '2024-03-31,R1,P1,,2012-05-09,M,East,2024-01-10,Y,2024-02-15,A,,,,,,,Alpha',
      '2024-03-31,R2,P2,,2013-06-01,F,North,2024-02-01,,,,,,,,,,Beta',
    ].join('\n'));
    const second = join(dir, 'cases_2024-06-30.csv');
    writeFileSync(second, [
      CASES_HEADER,
      // R1: the plan was issued and started (progress)
      '2024-06-30,R1,P1,,2012-05-09,M,East,2024-01-10,Y,2024-02-15,Y,2024-05-20,0,ASD,2024-05-20,,,Alpha',
      // R2: the area team was corrected (correction)
      '2024-06-30,R2,P2,,2013-06-01,F,South,2024-02-01,,,,,,,,,,Beta',
    ].join('\n'));
    const log = createMemoryEventLog();
    const index = join(dir, 'index.duckdb');
    const a = await ingest(log, index, 'cases', first);
    expect(a).toMatchObject({ accepted: 2, duplicates: 0, corrections: 0, rejected: 0 });
    const b = await ingest(log, index, 'cases', second);
    expect(b).toMatchObject({ accepted: 1, duplicates: 0, corrections: 1, rejected: 0 });
    const events = await all(log);
    const later = events.filter((e) => e.seq > (a.lastSeq ?? 0));
    expect(later.map((e) => `${e.key}:${e.type}`).sort()).toEqual(['R1:EhcPlanIssued', 'R1:EhcPlanStarted', 'R2:CaseRecordCorrected']);
    expect(later.find((e) => e.type === 'CaseRecordCorrected')!.data).toEqual({ requestId: 'R2', areaTeam: 'South' });
    // The same snapshot again, and the older one ingested late, change nothing.
    expect(await ingest(log, index, 'cases', second)).toMatchObject({ events: 0 });
    const older = join(dir, 'cases_2024-03-31_copy.csv');
    writeFileSync(older, `${CASES_HEADER}\n2024-03-31,R2,P2,,2013-06-01,F,North,2024-02-01,,,,,,,,,,Beta\n`);
    expect(await ingest(log, index, 'cases', older)).toMatchObject({ events: 0, duplicates: 1 });
  });

  it('gives the same log whatever the batch size', async () => {
    const dir = tempDir();
    const path = join(dir, 'finance.csv');
    const lines = ['TransactionID,FinancialYear,Period,PostingDate,CostCentre,LedgerType,Amount'];
    for (let i = 0; i < 60; i++) lines.push(`T${i % 45},2024-25,${1 + (i % 12)},2024-06-15,CC${i % 5},Actual,"£1,${String(i).padStart(3, '0')}.50"`);
    lines.push('T99,2024-25,17,2024-05-01,CC1,Actual,12.00');
    writeFileSync(path, lines.join('\n'));
    const reference = createMemoryEventLog();
    await ingest(reference, join(dir, 'ref.duckdb'), 'finance', path, 8192);
    const expected = await all(reference);
    expect(expected.filter((e) => e.type === 'RowQuarantined')).toHaveLength(1);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 70 }), async (batchSize) => {
        const log = createMemoryEventLog();
        await ingest(log, join(dir, `p${run++}.duckdb`), 'finance', path, batchSize);
        expect(await all(log)).toEqual(expected);
      }),
      { numRuns: 8 },
    );
  });

  it('refuses a file whose bytes change between the hash pass and the parse, appending nothing', async () => {
    const dir = tempDir();
    const path = join(dir, 'ledger.csv');
    writeFileSync(path, ['TransactionID,FinancialYear,Period,PostingDate,CostCentre,LedgerType,Amount', 'T1,2024-25,1,2024-04-10,HN100,Actual,100.00'].join('\n'));
    const log = createMemoryEventLog();
    const index = await openRecordIndex(join(dir, 'index.duckdb'));
    try {
      const [input] = await expandInputs('finance', [path]);
      // What the hash pass read is not what the parse then reads: another program was still writing the file.
      const changing = { ...input!, sha256: async () => '0'.repeat(64) };
      const error = await ingestFile({ spec: specFor('finance'), specs: specFor, input: changing, log, index, pseudonymise }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadInputError);
      expect((error as BadInputError).code).toBe('changed-while-reading');
      expect((error as BadInputError).message).toBe('ledger.csv: changed while it was being read');
      expect(await log.position()).toBe(0);
      expect(await log.files()).toEqual([]);
    } finally {
      index.close();
    }
  });
});
