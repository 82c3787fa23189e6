// Child process for the kill -9 test: builds the warehouse of <home>
// incrementally from the first <n> synthetic events, slowly, printing where it
// is (STARTED, LOADING, MODEL <name>, DONE) on stdout so the test can kill it mid-build.
import { createMemoryEventLog } from '../../../../ingest/log/memoryEventLog.js';
import type { EventLog, Logger, ReadOptions, StoredEvent } from '../../../../models/index.js';
import { buildWarehouse } from '../../../../transforms/warehouse/build.js';
import { appendEvents } from './events.js';
import { syntheticEvents } from './synthetic.js';

const [home, total] = [process.argv[2] as string, Number(process.argv[3])];

const inner = createMemoryEventLog();
await appendEvents(inner, syntheticEvents(total));

const slow: EventLog = {
  kind: 'slow-memory',
  position: () => inner.position(),
  begin: (meta) => inner.begin(meta),
  files: () => inner.files(),
  verify: () => inner.verify(),
  close: () => inner.close(),
  async *read(options: ReadOptions = {}): AsyncGenerator<StoredEvent[]> {
    for await (const batch of inner.read({ ...options, batchSize: 100 })) {
      process.stdout.write('LOADING\n');
      yield batch;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  },
};

const logger: Logger = {
  debug: (fields, message) => {
    if (message === 'model built') process.stdout.write(`MODEL ${String(fields.model)}\n`);
  },
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => logger,
};

process.stdout.write('STARTED\n');
await buildWarehouse({ home, log: slow, logger });
process.stdout.write('DONE\n');
