// mintEvent: the ingest path's one check of an event. A minted event equals
// the event a full check accepts (same id, same stored line), cannot be
// changed afterwards, and a bad one is refused as it is made.
import { describe, expect, it } from 'vitest';
import { checkNewEvent, encodeStoredEvent, mintEvent } from '../../../ingest/log/eventCodec.js';
import { createMemoryEventLog } from '../../../ingest/log/memoryEventLog.js';
import { ledgerEvents, ledgerMeta } from './fixtures/testEvents.js';

const meta = ledgerMeta('ledger_2024-05.csv');

describe('mintEvent', () => {
  it('gives the id and stored bytes a full check gives', () => {
    for (const made of ledgerEvents(meta, 20)) {
      const { id: _id, ...content } = made;
      const minted = mintEvent(structuredClone(content));
      expect(minted.id).toBe(made.id);
      // A plain copy goes through the full check; the minted one is trusted: same line either way.
      expect(encodeStoredEvent(checkNewEvent(minted, meta), 7)).toBe(encodeStoredEvent(checkNewEvent({ ...made }, meta), 7));
    }
  });

  it('freezes the event and its payload, so a trusted event cannot drift from its id', () => {
    const { id: _id, ...content } = ledgerEvents(meta, 1)[0]!;
    const minted = mintEvent(content);
    expect(Object.isFrozen(minted)).toBe(true);
    expect(() => {
      (minted.data as Record<string, unknown>).amount = '1.00';
    }).toThrow(TypeError);
  });

  it('refuses a payload the catalogue does not allow, and a bad envelope, naming file and line', () => {
    const { id: _id, ...content } = ledgerEvents(meta, 1)[0]!;
    expect(() => mintEvent({ ...content, data: { ...content.data, surname: 'Smith' } })).toThrow(/ledger_2024-05\.csv line 2: payload of LedgerPostingRecorded v1 has fields the schema does not know: surname/);
    expect(() => mintEvent({ ...content, asAt: '31/05/2024' })).toThrow(/asAt: not YYYY-MM-DD/);
    expect(() => mintEvent({ ...content, type: 'LedgerRowUpdated' as never })).toThrow(/type: not in the event catalogue/);
  });

  it('is taken by a log as it is: the append stores the minted event', async () => {
    const log = createMemoryEventLog();
    const events = ledgerEvents(meta, 3).map(({ id: _id, ...content }) => mintEvent(content));
    const txn = await log.begin(meta);
    await txn.append(events);
    expect(await txn.commit()).toMatchObject({ firstSeq: 1, lastSeq: 3, count: 3 });
    const stored = [];
    for await (const batch of log.read()) stored.push(...batch);
    expect(stored.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });
});
