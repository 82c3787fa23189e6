// sendwh ingest <source> <file>...: each file becomes events in one atomic append.
import { SOURCE_NAMES } from '../../../models/index.js';
import { defaultWorkerCount, PARALLEL_MIN_BYTES } from '../../../ingest/parallel/stagerPool.js';
import { defineCommand } from '../command.js';

export const ingestCommand = defineCommand(
  {
    name: 'ingest',
    summary: 'turn extract files into events in the log',
    usage: 'ingest <source> <file>...',
    description: [
      `Reads each extract file, checks every row against the contract, and appends the file's events to the`,
      `event log in one atomic step. Rows that break a rule are kept in quarantine (see 'sendwh quarantine');`,
      `the file's other rows still go in. Ingesting the same file again adds nothing.`,
      ``,
      `Sources: ${SOURCE_NAMES.join(', ')}.`,
      `For ees, a DfE "Education, health and care plans" .zip may be given as published: its data CSVs are read.`,
      `Prints per file: accepted, duplicates, corrections, rejected, events.`,
      ``,
      `Files of ${PARALLEL_MIN_BYTES / 1024 / 1024} MB or more are checked in worker threads, one per CPU core (--workers sets how many`,
      `for every file). The events are the same whatever the number of workers.`,
    ].join('\n'),
    options: [
      {
        name: 'workers',
        type: 'string',
        usage: '--workers <n>',
        description: `worker threads that check rows, for every file (default: one per CPU core, ${defaultWorkerCount()} here, for files of ${PARALLEL_MIN_BYTES / 1024 / 1024} MB or more; 0: rows are checked on the main thread)`,
      },
    ],
    examples: ['sendwh ingest census census_2025-01-16.csv', 'sendwh ingest cases cases_*.csv --json', 'sendwh ingest ees education-health-and-care-plans_2025.zip'],
  },
  () => import('./run/ingest.js'),
);
