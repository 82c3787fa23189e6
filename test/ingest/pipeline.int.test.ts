// The ingest pipeline on real files and a real record index (DuckDB in a temp
// dir): snapshot diffing across two cases extracts, an index in an older
// format rebuilt from the log, a new census extract
// appended as formed and one with duplicates and corrections classified, the
// index folding a file in after another worker's append, the same log
// whatever the batch size, and a file that changes while it is read.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryEventLog } from '../../ingest/log/memoryEventLog.js';
import { openRecordIndex } from '../../ingest/recordIndex.js';
import { ingestFile } from '../../ingest/pipeline.js';
import { expandInputs } from '../../ingest/extractReader.js';
import { specFor } from '../../ingest/sources.js';
import { createPseudonymiser } from '../../ingest/pseudonym.js';
import { BadInputError, type AppendTransaction, type EncodedEvent, type EventLog, type Logger, type SourceName, type StoredEvent } from '../../models/index.js';
import { makeUpn } from '../../ingest/sample/upn.js';
import { tempDir } from '../support/cli.js';

const pseudonymise = createPseudonymiser(Buffer.alloc(32, 7));
const CASES_HEADER = 'ExtractDate,RequestID,PersonID,UPN,DOB,Sex,AreaTeam,ReceivedDate,RequestOutcome,RequestOutcomeDate,AssessmentOutcome,AssessmentOutcomeDate,Week20Exception,PrimaryNeed,PlanStartDate,CeaseDate,CeaseReason,Surname';

async function ingest(log: EventLog, indexPath: string, source: SourceName, path: string, batchSize?: number, logger?: Logger) {
  const index = await openRecordIndex(indexPath);
  try {
    const [input] = await expandInputs(source, [path]);
    return await ingestFile({
      spec: specFor(source), specs: specFor, input: input!, log, index, pseudonymise,
      ...(batchSize ? { batchSize } : {}), ...(logger ? { logger } : {}),
    });
  } finally {
    index.close();
  }
}

/** A logger keeping every message (debug included), to check which way a file went. */
function recordingLogger(messages: string[]): Logger {
  const keep = (_fields: object, message: string) => void messages.push(message);
  const logger: Logger = { debug: keep, info: keep, warn: keep, error: keep, child: () => logger };
  return logger;
}

const CENSUS_HEADER = 'CensusDate,UPN,LAEstab,DOB,Sex,NCyearActual,SENprovision,SENtype1';
const pupil = (upn: string, year: string, censusDate = '2025-01-16') => `${censusDate},${upn},8862001,2016-05-01,F,${year},N,`;

/** What the record index holds, per source, and its log position. */
async function indexState(indexPath: string): Promise<{ position: number; keys: Record<string, number> }> {
  const index = await openRecordIndex(indexPath);
  try {
    const reader = await index.connection.runAndReadAll('select source, count(*)::integer from record_state group by source');
    return { position: await index.position(), keys: Object.fromEntries(reader.getRowsJS() as Array<[string, number]>) };
  } finally {
    index.close();
  }
}

/**
 * A log whose appends take their seqs when they commit, as on Kafka, and whose every commit lands just after
 * another worker's (`meanwhile`): the events appended are kept until then.
 */
function logWithAnotherWorker(inner: EventLog, meanwhile: () => Promise<void>): EventLog {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property !== 'begin') return Reflect.get(target, property, receiver) as unknown;
      return async (meta: Parameters<EventLog['begin']>[0]): Promise<AppendTransaction> => {
        const steps: Array<(txn: AppendTransaction) => Promise<void>> = [];
        return {
          append: async (events) => void steps.push((txn) => txn.append([...events])),
          // The bytes are views into the caller's reused buffers: copied now.
          appendEncoded: async (events) => {
            const copies: EncodedEvent[] = events.map((e) => e.slice());
            steps.push((txn) => txn.appendEncoded(copies));
          },
          commit: async () => {
            await meanwhile();
            const txn = await inner.begin(meta);
            for (const step of steps) await step(txn);
            return txn.commit();
          },
          abort: async () => undefined,
        };
      };
    },
  });
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

  it('rebuilds an index written in the older text format from the log, and classifies against it', async () => {
    const dir = tempDir();
    const log = createMemoryEventLog();
    const indexPath = join(dir, 'index.duckdb');
    const cases = join(dir, 'cases_2024-03-31.csv');
    writeFileSync(cases, [CASES_HEADER, '2024-03-31,R1,P1,,2012-05-09,M,East,2024-01-10,,,,,,,,,,Alpha'].join('\n'));
    const first = join(dir, 'census_a.csv');
    writeFileSync(first, [CENSUS_HEADER, pupil('B801200005001', '3'), pupil('H801200001001', '3')].join('\n'));
    await ingest(log, indexPath, 'cases', cases);
    await ingest(log, indexPath, 'census', first);
    // What an older sendwh left: identities as text (and nothing this one could join on).
    const old = await DuckDBInstance.create(indexPath);
    const connection = await old.connect();
    await connection.run(`drop table record_state;
      create table record_state (source varchar not null, key varchar not null, hash varchar not null, as_at date, value varchar);
      insert into record_state values ('census', 'stale', 'stale', null, null)`);
    connection.closeSync();
    old.closeSync();

    // One pupil again, one corrected, and the case's area team changed: judged against the rebuilt index.
    const second = join(dir, 'census_b.csv');
    writeFileSync(second, [CENSUS_HEADER, pupil('B801200005001', '3'), pupil('H801200001001', '4')].join('\n'));
    expect(await ingest(log, indexPath, 'census', second)).toMatchObject({ accepted: 0, duplicates: 1, corrections: 1, events: 1, firstSeq: 4 });
    const later = join(dir, 'cases_2024-06-30.csv');
    writeFileSync(later, [CASES_HEADER, '2024-06-30,R1,P1,,2012-05-09,M,South,2024-01-10,,,,,,,,,,Alpha'].join('\n'));
    expect(await ingest(log, indexPath, 'cases', later)).toMatchObject({ accepted: 0, corrections: 1, events: 1, firstSeq: 5 });
    expect(await indexState(indexPath)).toEqual({ position: 5, keys: { cases: 1, census: 2 } });
  });

  it('appends a new census extract as its events were formed; a later one with a duplicate, a correction and a repeated key is classified', async () => {
    const dir = tempDir();
    const log = createMemoryEventLog();
    const indexPath = join(dir, 'index.duckdb');
    const first = join(dir, 'census_a.csv');
    writeFileSync(first, [CENSUS_HEADER, pupil('B801200005001', '3'), pupil('H801200001001', '3'), pupil('G80120000101A', '3')].join('\n'));
    expect(await ingest(log, indexPath, 'census', first)).toMatchObject({ accepted: 3, duplicates: 0, corrections: 0, events: 3, firstSeq: 1, lastSeq: 3 });
    expect(await indexState(indexPath)).toEqual({ position: 3, keys: { census: 3 } });

    // The same pupil again, one in another year (a correction), one new pupil twice.
    const second = join(dir, 'census_b.csv');
    writeFileSync(second, [CENSUS_HEADER, pupil('B801200005001', '3'), pupil('H801200001001', '4'), pupil('A950000178301', '3'), pupil('A950000178301', '3')].join('\n'));
    expect(await ingest(log, indexPath, 'census', second)).toMatchObject({ accepted: 1, duplicates: 2, corrections: 1, events: 2, firstSeq: 4, lastSeq: 5 });
    const events = await all(log);
    expect(events.map((e) => [e.seq, e.type, e.file, e.line])).toEqual([
      [1, 'CensusPupilRecorded', 'census_a.csv', 2],
      [2, 'CensusPupilRecorded', 'census_a.csv', 3],
      [3, 'CensusPupilRecorded', 'census_a.csv', 4],
      [4, 'CensusPupilRecordCorrected', 'census_b.csv', 3],
      [5, 'CensusPupilRecorded', 'census_b.csv', 4],
    ]);
    expect((await log.verify()).ok).toBe(true);
    expect(await indexState(indexPath)).toEqual({ position: 5, keys: { census: 4 } });

    // A new census day whose only exception is a key twice in the file.
    const third = join(dir, 'census_c.csv');
    writeFileSync(third, [CENSUS_HEADER, pupil('B801200005001', '4', '2025-05-15'), pupil('B801200005001', '4', '2025-05-15')].join('\n'));
    expect(await ingest(log, indexPath, 'census', third)).toMatchObject({ accepted: 1, duplicates: 1, events: 1, firstSeq: 6, lastSeq: 6 });
    expect(await indexState(indexPath)).toEqual({ position: 6, keys: { census: 5 } });
  });

  it('streams a new file to the log past its first chunk, and reads it again to classify a repeat found later', async () => {
    const dir = tempDir();
    const log = createMemoryEventLog();
    const indexPath = join(dir, 'index.duckdb');
    // 12,000 pupils (about 700 KB: several 256 KB chunks); the last row repeats the first pupil.
    const upns = Array.from({ length: 12_000 }, (_, i) => makeUpn(886, 2000 + Math.floor(i / 1000), 18, i % 1000));
    const big = join(dir, 'census_big.csv');
    writeFileSync(big, [CENSUS_HEADER, ...upns.map((u) => pupil(u, '3')), pupil(upns[0]!, '3')].join('\n'));
    const messages: string[] = [];
    const report = await ingest(log, indexPath, 'census', big, undefined, recordingLogger(messages));
    expect(report).toMatchObject({ rows: 12_001, accepted: 12_000, duplicates: 1, corrections: 0, events: 12_000, firstSeq: 1, lastSeq: 12_000 });
    expect(messages).toContain('a record past the first chunk is a duplicate or a correction: reading the file again to classify it');
    const events = await all(log);
    expect(events.map((e) => e.line)).toEqual(Array.from({ length: 12_000 }, (_, i) => i + 2));
    expect((await log.verify()).ok).toBe(true);
    expect(await indexState(indexPath)).toEqual({ position: 12_000, keys: { census: 12_000 } });

    // A file that repeats pupils from its first chunk on is spooled from the start and classified once.
    const again = join(dir, 'census_again.csv');
    writeFileSync(again, [CENSUS_HEADER, ...upns.slice(0, 6000).map((u, i) => pupil(u, i === 5999 ? '4' : '3'))].join('\n'));
    messages.length = 0;
    expect(await ingest(log, indexPath, 'census', again, undefined, recordingLogger(messages))).toMatchObject({ accepted: 0, duplicates: 5999, corrections: 1, events: 1, firstSeq: 12_001 });
    expect(messages).toContain('the first chunk holds duplicates or corrections: spooling the events to classify them');
    expect(messages).not.toContain('a record past the first chunk is a duplicate or a correction: reading the file again to classify it');
    expect((await all(log)).at(-1)).toMatchObject({ type: 'CensusPupilRecordCorrected', line: 6001 });
  });

  it('folds a new file into the index after the events another worker committed first', async () => {
    const dir = tempDir();
    const inner = createMemoryEventLog();
    const ledger = join(dir, 'ledger.csv');
    writeFileSync(ledger, ['TransactionID,FinancialYear,Period,PostingDate,CostCentre,LedgerType,Amount', 'T1,2024-25,1,2024-04-10,HN100,Actual,100.00'].join('\n'));
    // The other worker has its own record index, as on another machine.
    const log = logWithAnotherWorker(inner, async () => void (await ingest(inner, join(dir, 'other.duckdb'), 'finance', ledger)));
    const census = join(dir, 'census_a.csv');
    writeFileSync(census, [CENSUS_HEADER, pupil('B801200005001', '3'), pupil('H801200001001', '3')].join('\n'));
    const indexPath = join(dir, 'index.duckdb');
    expect(await ingest(log, indexPath, 'census', census)).toMatchObject({ accepted: 2, events: 2, firstSeq: 2, lastSeq: 3 });
    expect((await all(inner)).map((e) => e.source)).toEqual(['finance', 'census', 'census']);
    // The index took the other worker's posting first, then this file: all at the log's end.
    expect(await indexState(indexPath)).toEqual({ position: 3, keys: { census: 2, finance: 1 } });
    // So the posting, seen again, is a duplicate.
    expect(await ingest(inner, indexPath, 'finance', join(dir, 'ledger.csv'))).toMatchObject({ alreadyIngested: true });
    const again = join(dir, 'ledger_again.csv');
    writeFileSync(again, ['TransactionID,FinancialYear,Period,PostingDate,CostCentre,LedgerType,Amount', 'T1,2024-25,1,2024-04-10,HN100,Actual,100.00', ''].join('\n'));
    expect(await ingest(inner, indexPath, 'finance', again)).toMatchObject({ accepted: 0, duplicates: 1, events: 0 });
  });

  it('keys holding a quote, a backslash, a tab or other text: written as JSON in the spool, matched exactly the next time', async () => {
    const dir = tempDir();
    const header = 'TransactionID,FinancialYear,Period,PostingDate,CostCentre,LedgerType,Amount';
    const posting = (id: string, amount: string) => `${id},2024-25,1,2024-04-10,HN100,Actual,${amount}`;
    const ids = ['"T""1"', 'T\\2', '"T\t3"', 'Tö4', 'T 5'];
    const first = join(dir, 'ledger_a.csv');
    writeFileSync(first, [header, ...ids.map((id) => posting(id, '10.00'))].join('\n'));
    const log = createMemoryEventLog();
    const indexPath = join(dir, 'index.duckdb');
    expect(await ingest(log, indexPath, 'finance', first)).toMatchObject({ accepted: 5, events: 5 });
    expect((await all(log)).map((e) => e.key)).toEqual(['T"1', 'T\\2', 'T\t3', 'Tö4', 'T 5']);
    // The same postings, the one with a tab in its id changed: four duplicates and one correction.
    const second = join(dir, 'ledger_b.csv');
    writeFileSync(second, [header, ...ids.map((id, i) => posting(id, i === 2 ? '12.00' : '10.00'))].join('\n'));
    expect(await ingest(log, indexPath, 'finance', second)).toMatchObject({ accepted: 0, duplicates: 4, corrections: 1, events: 1 });
    expect((await all(log)).at(-1)).toMatchObject({ key: 'T\t3', type: 'LedgerPostingCorrected' });
    expect(await indexState(indexPath)).toEqual({ position: 6, keys: { finance: 5 } });
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
