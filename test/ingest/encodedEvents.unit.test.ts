// The bulk path spells out each event from its JSON pieces as it parses: the
// bytes must be exactly those of the one-event path (makeEventId +
// encodeEvent), for any key, as-at date, file name, line and payload.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, type NewEvent } from '../../models/index.js';
import { eventFormer } from '../../ingest/encodedEvents.js';
import { makeEventId } from '../../ingest/hash.js';
import { encodeEvent } from '../../ingest/log/eventCodec.js';

const text = fc.string({ unit: 'binary' });
const isoDate = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('eventFormer', () => {
  it('gives the canonical JSON and id of the same event made one at a time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('CensusPupilRecorded', 'LedgerPostingCorrected', 'RowQuarantined'),
        fc.constantFrom('census', 'finance', 'cost-centres', 'safety-valve-plan'),
        text,
        fc.option(isoDate, { nil: null }),
        text,
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.integer({ min: 1, max: 20_000_000 }),
        fc.dictionary(text, fc.jsonValue()),
        (type, source, key, asAt, file, sha256, line, data) => {
          const content = { type, v: 1, source, key, asAt, file, sha256, line, data } as unknown as Omit<NewEvent, 'id'>;
          const dataJson = canonicalJson(data);
          const event = { id: makeEventId(content, dataJson), ...content } as NewEvent;
          const asAtJson = asAt === null ? 'null' : JSON.stringify(asAt);
          const formed = eventFormer(content.source, file, sha256)(content.type, 1, JSON.stringify(key), asAtJson, line, dataJson);
          expect(formed).toBe(encodeEvent({ event, dataJson }));
        },
      ),
    );
  });
});
