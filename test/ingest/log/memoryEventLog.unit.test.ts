// The in-memory event log passes the event-log contract (it has no durable storage).
import { describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../../ingest/log/memoryEventLog.js';
import { describeEventLogContract, readAll } from './eventLogContract.js';
import { ledgerEvents, ledgerMeta } from './fixtures/testEvents.js';

describeEventLogContract('memory', async () => ({ log: createMemoryEventLog(), cleanup: async () => {} }), { durable: false });

describe('memory event log', () => {
  it('is a separate log per instance', async () => {
    const one = createMemoryEventLog();
    const two = createMemoryEventLog();
    const a = ledgerMeta('ledger-a.csv');
    const tx = await one.begin(a);
    await tx.append(ledgerEvents(a, 3));
    await tx.commit();
    expect(await one.position()).toBe(3);
    expect(await two.position()).toBe(0);
    expect(one.kind).toBe('memory');
  });

  it('stores copies: changing a read or appended event does not change the log', async () => {
    const log = createMemoryEventLog();
    const a = ledgerMeta('ledger-a.csv');
    const events = ledgerEvents(a, 2);
    const tx = await log.begin(a);
    await tx.append(events);
    await tx.commit();
    (events[0] as { data: Record<string, unknown> }).data.amount = '1.00';
    const [first] = await readAll(log);
    (first as { data: Record<string, unknown> }).data.amount = '2.00';
    expect((await readAll(log))[0]?.data.amount).toBe(ledgerEvents(a, 1)[0]?.data.amount);
    expect(await log.verify()).toMatchObject({ ok: true, events: 2 });
  });
});
