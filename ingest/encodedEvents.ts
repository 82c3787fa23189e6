// Events of one extract file spelt out in their canonical form from JSON
// pieces, id included, in bulk: the parse phase forms the event of every row of
// a record-hash source this way (rowStager.ts, in worker threads for big
// files), and the classify phase re-forms the few that turn out to be
// corrections. Byte for byte what mintEvent and the adapters' encodeEvent give
// for the same event (test/ingest/encodedEvents.unit.test.ts), and `sendwh
// verify` re-checks every id and payload once committed.
import type { EventType, SourceName } from '../models/index.js';
import { sha256Hex } from './hash.js';

/** The version of RowQuarantined events. */
export const QUARANTINE_EVENT_VERSION = 1;

/** Forms the canonical JSON (without seq) of an event of one file from its pieces (each already JSON). */
export type EventFormer = (type: EventType, v: number, keyJson: string, asAtJson: string, line: number, dataJson: string) => string;

/** The event former of one file (source, base name, sha256). */
export function eventFormer(source: SourceName, file: string, sha256: string): EventFormer {
  // Everything after the key that the id input and the event share.
  const fileJson = JSON.stringify(file);
  const sourceJson = JSON.stringify(source);
  const shaJson = JSON.stringify(sha256);
  return (type, v, keyJson, asAtJson, line, dataJson) => {
    const typeJson = JSON.stringify(type);
    // models/eventId.ts eventIdInput: [type, v, source, key, asAt, file, sha256, line, data]
    const id = sha256Hex(`[${typeJson},${v},${sourceJson},${keyJson},${asAtJson},${fileJson},${shaJson},${line},${dataJson}]`).slice(0, 32);
    return (
      `{"id":"${id}","type":${typeJson},"v":${v},"source":${sourceJson},"key":${keyJson},"asAt":${asAtJson},` +
      `"file":${fileJson},"sha256":${shaJson},"line":${line},"data":${dataJson}}`
    );
  };
}

/** The key of a quarantined row's event: where the row was. */
export function quarantineKey(file: string, line: number): string {
  return `${file}:${line}`;
}
