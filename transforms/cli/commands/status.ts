// sendwh status: where the log is, what came in last, how fresh the warehouse
// is and what waits in quarantine.
import { defineCommand } from '../command.js';

export const statusCommand = defineCommand(
  {
    name: 'status',
    summary: 'log position, last ingests and runs, warehouse freshness, quarantine counts',
    usage: 'status',
    description: [
      'Shows the event log position, the most recent ingests, how far the warehouse has been built (its log position,',
      'how many events it is behind the log, its last build run) and the data-quality checks of that build (how many',
      'fail, with their findings counted), how many rows wait in quarantine per source, and the last recorded runs',
      '(ingest, build, return, ...: what ran, when, how it ended, log positions, rows in/out/quarantined).',
    ].join('\n'),
    options: [],
  },
  () => import('./run/status.js'),
);
