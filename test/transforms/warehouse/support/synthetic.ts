// A deterministic synthetic event stream: the same n gives the same events in
// every process, so a child process and the test can hold the same log.
import type { NewEvent } from '../../../../models/index.js';
import { caseRecord, event, placementRecord, school } from './events.js';

/** The first n events of the stream (schools, then cases with plans and their placements). */
export function syntheticEvents(n: number): NewEvent[] {
  const events: NewEvent[] = [];
  const types = ['Community school', 'Academy converter', 'Foundation special school', 'Further education'];
  for (let i = 0; i < 4; i++) events.push(withLine(school({ urn: String(100001 + i), type: types[i] as string }), i + 1));
  for (let i = 0; events.length < n; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const year = 2018 + (i % 6);
    events.push(
      withLine(
        caseRecord(
          { requestId: String(i + 1), person: `S${i % 700}`, receivedDate: `${year}-03-${day}`, planStartDate: `${year}-09-${day}`, primaryNeed: i % 3 === 0 ? 'ASD' : 'SEMH', birthMonth: `${2008 + (i % 10)}-0${(i % 9) + 1}` },
          { asAt: '2024-06-30' },
        ),
        events.length + 1,
      ),
    );
    if (events.length < n) {
      events.push(withLine(placementRecord({ placementId: String(i + 1), person: `S${i % 700}`, urn: String(100001 + (i % 5)), entryDate: `${year}-09-01` }, { asAt: '2024-06-30' }), events.length + 1));
    }
  }
  return events.slice(0, n);
}

function withLine(e: NewEvent, line: number): NewEvent {
  return event(e.type, e.source, e.key, e.data, { asAt: e.asAt, file: e.file, line });
}
