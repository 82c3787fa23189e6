// The one contract every event-log adapter passes (file, memory, Kafka): call
// describeEventLogContract from the adapter's test file with a factory that
// gives a fresh, empty log each time. What it pins down beyond the port's types:
// - seqs are gapless from 1; an empty append commits { firstSeq: position+1,
//   lastSeq: position, count: 0 } and is still listed by files();
// - read batches are filled up to batchSize (only the last may be short);
// - refused events throw SendwhError 'invalid-event' and add nothing of their
//   batch (the transaction stays usable); a bad AppendMeta throws
//   'invalid-append'; a second begin while one append is open throws 'log-locked';
// - a finished transaction refuses append/commit, and abort is then a no-op.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SendwhError, type EventLog, type NewEvent, type ReadOptions, type StoredEvent } from '../../../models/index.js';
import { makeEventId } from '../../../ingest/hash.js';
import { checkNewEvent, encodeEvent } from '../../../ingest/log/eventCodec.js';
import { commitFile, commitThreeFiles, ledgerEvents, ledgerMeta, schoolEvents, schoolsMeta } from './fixtures/testEvents.js';

/** A fresh, empty log under test; `reopen` gives another handle on the same storage (callable while the first is open). */
export interface EventLogUnderTest {
  log: EventLog;
  reopen?: () => Promise<EventLog>;
  cleanup: () => Promise<void>;
}

/** All committed events of `log` (with `options`), batches flattened. */
export async function readAll(log: EventLog, options: ReadOptions = {}): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const batch of log.read(options)) all.push(...batch);
  return all;
}

/** The sizes of the batches `log.read(options)` yields. */
export async function batchSizes(log: EventLog, options: ReadOptions = {}): Promise<number[]> {
  const sizes: number[] = [];
  for await (const batch of log.read(options)) sizes.push(batch.length);
  return sizes;
}

/** `events` as the log should give them back from `firstSeq` on. */
export function stored(events: readonly NewEvent[], firstSeq: number): StoredEvent[] {
  return events.map((e, i) => ({ ...e, seq: firstSeq + i }));
}

/** What an adapter offers beyond the core contract. */
export interface ContractFeatures {
  /** The storage outlives the handle: `reopen` must be given and sees every commit (default true). */
  durable?: boolean;
}

/** Runs the event-log contract against the adapter `makeLog` builds. */
export function describeEventLogContract(
  name: string,
  makeLog: () => Promise<EventLogUnderTest>,
  features: ContractFeatures = {},
): void {
  const durable = features.durable ?? true;
  describe(`event log contract: ${name}`, () => {
    let sut: EventLogUnderTest;
    let log: EventLog;
    const opened: EventLog[] = [];

    const reopen = async (): Promise<EventLog | undefined> => {
      if (sut.reopen === undefined) return undefined;
      const other = await sut.reopen();
      opened.push(other);
      return other;
    };

    const seqs = async (options: ReadOptions) => (await readAll(log, options)).map((e) => e.seq);

    beforeEach(async () => {
      sut = await makeLog();
      log = sut.log;
    });

    afterEach(async () => {
      for (const other of opened.splice(0)) await other.close();
      await log.close();
      await sut.cleanup();
    });

    it('starts empty: position 0, no files, no events, verifies', async () => {
      expect(await log.position()).toBe(0);
      expect(await log.files()).toEqual([]);
      expect(await batchSizes(log)).toEqual([]);
      expect(await log.verify()).toEqual({ ok: true, events: 0, files: 0, problems: [] });
    });

    it('assigns gapless seqs from 1, within and across appends', async () => {
      const a = ledgerMeta('ledger-a.csv');
      const b = schoolsMeta('schools-b.csv');
      const aEvents = ledgerEvents(a, 7);
      const bEvents = schoolEvents(b, 4);

      const tx = await log.begin(a);
      await tx.append(aEvents.slice(0, 3));
      await tx.append([]);
      await tx.append(aEvents.slice(3));
      expect(await tx.commit()).toEqual({ firstSeq: 1, lastSeq: 7, count: 7 });
      expect(await log.position()).toBe(7);

      expect(await commitFile(log, b, bEvents)).toEqual({ firstSeq: 8, lastSeq: 11, count: 4 });
      expect(await log.position()).toBe(11);

      const all = await readAll(log);
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(all).toEqual([...stored(aEvents, 1), ...stored(bEvents, 8)]);
    });

    it('takes encoded events (appendEncoded) as the same events, interleaved with append in order, and verifies them', async () => {
      const a = ledgerMeta('ledger-a.csv');
      const events = ledgerEvents(a, 6);
      // As the ingest hands them over: views into one buffer of lines, not buffers of their own.
      const jsons = events.map((e) => encodeEvent(checkNewEvent(e, a)));
      const block = Buffer.from(jsons.map((j) => `${j}\n`).join(''));
      let at = 0;
      const encoded = jsons.map((j) => {
        const length = Buffer.byteLength(j);
        const view = block.subarray(at, at + length);
        at += length + 1;
        return view;
      });
      const tx = await log.begin(a);
      await tx.append(events.slice(0, 2));
      await tx.appendEncoded(encoded.slice(2, 5));
      await tx.appendEncoded([]);
      await tx.append(events.slice(5));
      expect(await tx.commit()).toEqual({ firstSeq: 1, lastSeq: 6, count: 6 });
      expect(await readAll(log)).toEqual(stored(events, 1));
      expect(await log.verify()).toMatchObject({ ok: true, events: 6, files: 1 });
    });

    it('lets verify name an encoded event whose content does not match its id', async () => {
      const a = ledgerMeta('ledger-a.csv');
      const [first, second] = ledgerEvents(a, 2) as [NewEvent, NewEvent];
      const forged = encodeEvent(checkNewEvent(second, a)).replace(`"line":${second.line}`, `"line":${second.line + 100}`);
      const tx = await log.begin(a);
      await tx.append([first]);
      await tx.appendEncoded([Buffer.from(forged)]);
      await tx.commit();
      const report = await log.verify();
      expect(report.ok).toBe(false);
      expect(report.problems.map((p) => p.seq)).toEqual([2]);
    });

    it('commits an empty append as a known file with count 0 and no events', async () => {
      const a = ledgerMeta('ledger-a.csv');
      expect(await commitFile(log, ledgerMeta('empty-1.csv'), [])).toEqual({ firstSeq: 1, lastSeq: 0, count: 0 });
      await commitFile(log, a, ledgerEvents(a, 5));
      expect(await commitFile(log, ledgerMeta('empty-2.csv'), [])).toEqual({ firstSeq: 6, lastSeq: 5, count: 0 });
      expect(await log.position()).toBe(5);
      const files = await log.files();
      expect(files.map((f) => [f.file, f.firstSeq, f.lastSeq, f.count])).toEqual([
        ['empty-1.csv', 1, 0, 0],
        ['ledger-a.csv', 1, 5, 5],
        ['empty-2.csv', 6, 5, 0],
      ]);
      expect((await readAll(log)).length).toBe(5);
      expect(await commitFile(log, a, ledgerEvents(a, 2, 10))).toEqual({ firstSeq: 6, lastSeq: 7, count: 2 });
    });

    it('abort leaves nothing, and the next append takes the same seqs', async () => {
      const a = ledgerMeta('ledger-a.csv');
      await commitFile(log, a, ledgerEvents(a, 3));
      const b = ledgerMeta('ledger-b.csv');
      const tx = await log.begin(b);
      await tx.append(ledgerEvents(b, 4));
      await tx.abort();
      expect(await log.position()).toBe(3);
      expect((await log.files()).map((f) => f.file)).toEqual(['ledger-a.csv']);
      expect((await readAll(log)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(await commitFile(log, b, ledgerEvents(b, 2))).toEqual({ firstSeq: 4, lastSeq: 5, count: 2 });
      expect(await log.verify()).toMatchObject({ ok: true, events: 5, files: 2 });
    });

    it('keeps appended events invisible until commit, to this handle and to another', async () => {
      const a = ledgerMeta('ledger-a.csv');
      const events = ledgerEvents(a, 6);
      const tx = await log.begin(a);
      await tx.append(events);
      const other = await reopen();
      for (const view of other === undefined ? [log] : [log, other]) {
        expect(await view.position()).toBe(0);
        expect(await view.files()).toEqual([]);
        expect(await batchSizes(view)).toEqual([]);
      }
      await tx.commit();
      for (const view of other === undefined ? [log] : [log, other]) {
        expect(await view.position()).toBe(6);
        expect(await readAll(view)).toEqual(stored(events, 1));
      }
    });

    it('reads in seq order with after, until, source and batchSize', async () => {
      await commitThreeFiles(log, [4, 3, 5]); // ledger events 1..4, school events 5..7, ledger events 8..12

      expect(await seqs({})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(await seqs({ after: 3 })).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(await seqs({ until: 6 })).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await seqs({ after: 3, until: 9 })).toEqual([4, 5, 6, 7, 8, 9]);
      expect(await seqs({ after: 12 })).toEqual([]);
      expect(await seqs({ after: 5, until: 5 })).toEqual([]);
      expect(await seqs({ source: 'schools' })).toEqual([5, 6, 7]);
      expect(await seqs({ source: 'finance', after: 2, until: 9 })).toEqual([3, 4, 8, 9]);
      expect(await seqs({ source: 'census' })).toEqual([]);

      expect(await batchSizes(log, { batchSize: 5 })).toEqual([5, 5, 2]);
      expect(await batchSizes(log, { batchSize: 1 })).toEqual(Array(12).fill(1));
      expect(await batchSizes(log, { batchSize: 4, after: 1 })).toEqual([4, 4, 3]);
      expect(await batchSizes(log, { batchSize: 100 })).toEqual([12]);
      expect(await batchSizes(log, { batchSize: 2, source: 'finance' })).toEqual([2, 2, 2, 2, 1]);
    });

    it('reads only the events of one type when asked, with the other options', async () => {
      await commitThreeFiles(log, [4, 3, 5]);
      expect(await seqs({ type: 'SchoolPublished' })).toEqual([5, 6, 7]);
      expect(await seqs({ type: 'LedgerPostingRecorded', after: 2, until: 9 })).toEqual([3, 4, 8, 9]);
      expect(await seqs({ type: 'LedgerPostingRecorded', source: 'schools' })).toEqual([]);
      expect(await seqs({ type: 'RowQuarantined' })).toEqual([]);
      expect(await readAll(log, { type: 'SchoolPublished' })).toEqual((await readAll(log)).filter((e) => e.type === 'SchoolPublished'));
      expect(await batchSizes(log, { batchSize: 2, type: 'LedgerPostingRecorded' })).toEqual([2, 2, 2, 2, 1]);
    });

    it('lists committed files oldest first with their ranges', async () => {
      const a = ledgerMeta('ledger-a.csv');
      const b = schoolsMeta('schools-b.csv');
      const before = Date.now();
      await commitFile(log, a, ledgerEvents(a, 4));
      await commitFile(log, b, schoolEvents(b, 3));
      const files = await log.files();
      expect(files.map(({ committedAt, ...rest }) => rest)).toEqual([
        { ...a, firstSeq: 1, lastSeq: 4, count: 4 },
        { ...b, firstSeq: 5, lastSeq: 7, count: 3 },
      ]);
      for (const f of files) {
        expect(f.committedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        expect(Date.parse(f.committedAt)).toBeGreaterThanOrEqual(before - 1000);
      }
    });

    it('refuses malformed events and wrong ids, appending nothing of the refused batch', async () => {
      const a = ledgerMeta('ledger-a.csv');
      const [good1, good2, good3] = ledgerEvents(a, 3) as [NewEvent, NewEvent, NewEvent];
      const rehash = (e: Omit<NewEvent, 'id'>): NewEvent => ({ ...e, id: makeEventId(e) });
      const { id: _id, ...content } = good2;
      const bad: Array<[string, unknown]> = [
        ['wrong id', { ...good2, id: good1.id }],
        ['id not hex', { ...good2, id: 'not-an-id' }],
        ['missing line', (({ line: _l, ...rest }) => rest)(good2)],
        ['payload breaks its schema', rehash({ ...content, data: { ...content.data, amount: '12.3' } })],
        ['payload has an unknown field', rehash({ ...content, data: { ...content.data, surname: 'x' } })],
        ['unknown type', { ...good2, type: 'PlanUpdated' }],
        ['unknown version', rehash({ ...content, v: 9 })],
        ['source of another file', rehash({ ...content, source: 'census' })],
      ];
      const tx = await log.begin(a);
      await tx.append([good1]);
      for (const [why, event] of bad) {
        const attempt = tx.append([good2, event as NewEvent]);
        await expect(attempt, why).rejects.toBeInstanceOf(SendwhError);
        await expect(attempt, why).rejects.toMatchObject({ code: 'invalid-event' });
      }
      await tx.append([good2, good3]);
      expect(await tx.commit()).toEqual({ firstSeq: 1, lastSeq: 3, count: 3 });
      expect(await readAll(log)).toEqual(stored([good1, good2, good3], 1));
    });

    it('releases the writer after a refused batch is aborted', async () => {
      const a = ledgerMeta('ledger-a.csv');
      const [good] = ledgerEvents(a, 1) as [NewEvent];
      const tx = await log.begin(a);
      await expect(tx.append([{ ...good, key: 'edited' }])).rejects.toMatchObject({ code: 'invalid-event' });
      await tx.abort();
      expect(await log.position()).toBe(0);
      expect(await commitFile(log, a, [good])).toEqual({ firstSeq: 1, lastSeq: 1, count: 1 });
    });

    it('refuses to begin an append for an unknown source or without the file checksum', async () => {
      const a = ledgerMeta('ledger-a.csv');
      await expect(log.begin({ ...a, source: 'payroll' as never })).rejects.toMatchObject({ code: 'invalid-append' });
      await expect(log.begin({ ...a, sha256: 'abc' })).rejects.toMatchObject({ code: 'invalid-append' });
      await expect(log.begin({ ...a, file: '' })).rejects.toMatchObject({ code: 'invalid-append' });
      expect(await commitFile(log, a, ledgerEvents(a, 1))).toEqual({ firstSeq: 1, lastSeq: 1, count: 1 });
      expect((await log.files()).length).toBe(1);
    });

    it('allows one append at a time', async () => {
      const a = ledgerMeta('ledger-a.csv');
      const tx = await log.begin(a);
      await expect(log.begin(ledgerMeta('ledger-b.csv'))).rejects.toMatchObject({ code: 'log-locked' });
      await tx.append(ledgerEvents(a, 2));
      await tx.commit();
      const b = ledgerMeta('ledger-b.csv');
      expect(await commitFile(log, b, ledgerEvents(b, 1))).toEqual({ firstSeq: 3, lastSeq: 3, count: 1 });
    });

    it('finishes a transaction once: no append or commit after commit, abort is then a no-op', async () => {
      const a = ledgerMeta('ledger-a.csv');
      const tx = await log.begin(a);
      await tx.append(ledgerEvents(a, 2));
      await tx.commit();
      await expect(tx.append(ledgerEvents(a, 1, 10))).rejects.toBeInstanceOf(SendwhError);
      await expect(tx.commit()).rejects.toBeInstanceOf(SendwhError);
      await tx.abort();
      expect(await log.position()).toBe(2);
      expect((await readAll(log)).length).toBe(2);
    });

    if (durable) {
      it('keeps committed appends across a reopen, and continues after them', async () => {
        expect(sut.reopen, 'a durable adapter gives reopen').toBeTypeOf('function');
        const a = ledgerMeta('ledger-a.csv');
        const b = schoolsMeta('schools-b.csv');
        await commitFile(log, a, ledgerEvents(a, 5));
        await commitFile(log, b, schoolEvents(b, 2));
        await commitFile(log, ledgerMeta('empty.csv'), []);
        const files = await log.files();
        await log.close();
        log = (await reopen()) as EventLog;
        opened.pop();
        expect(await log.position()).toBe(7);
        expect(await log.files()).toEqual(files);
        expect(await readAll(log)).toEqual([...stored(ledgerEvents(a, 5), 1), ...stored(schoolEvents(b, 2), 6)]);
        const c = ledgerMeta('ledger-c.csv');
        expect(await commitFile(log, c, ledgerEvents(c, 3))).toEqual({ firstSeq: 8, lastSeq: 10, count: 3 });
        expect(await log.verify()).toEqual({ ok: true, events: 10, files: 4, problems: [] });
      });
    }

    it('gives the same log whatever the append and read batch sizes (property)', async () => {
      const a = ledgerMeta('ledger-prop.csv');
      const prefix = schoolsMeta('schools-prefix.csv');
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 40 }),
          // 0 appends an empty batch; at least one size moves on
          fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 8 }).filter((s) => s.some((n) => n > 0)),
          fc.integer({ min: 1, max: 50 }),
          fc.boolean(),
          async (count, sizes, readBatch, withPrefix) => {
            const events = ledgerEvents(a, count);
            const before = withPrefix ? schoolEvents(prefix, 3) : [];
            const fresh = await makeLog();
            try {
              if (withPrefix) await commitFile(fresh.log, prefix, before);
              const tx = await fresh.log.begin(a);
              for (let at = 0, i = 0; at < events.length; i++) {
                const size = sizes[i % sizes.length] as number;
                await tx.append(events.slice(at, at + size));
                at += size;
              }
              const result = await tx.commit();
              expect(result).toEqual({ firstSeq: before.length + 1, lastSeq: before.length + count, count });
              const batches: StoredEvent[][] = [];
              for await (const batch of fresh.log.read({ batchSize: readBatch })) batches.push(batch);
              expect(batches.every((b) => b.length >= 1 && b.length <= readBatch)).toBe(true);
              expect(batches.flat()).toEqual([...stored(before, 1), ...stored(events, before.length + 1)]);
              expect(await fresh.log.verify()).toMatchObject({ ok: true, events: before.length + count });
            } finally {
              await fresh.log.close();
              await fresh.cleanup();
            }
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
