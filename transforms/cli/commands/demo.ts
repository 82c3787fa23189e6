// sendwh demo: the main job on the embedded default. Writes the bundled sample
// extracts (a Kent-sized authority, 2019-2025), ingests them and builds the
// warehouse (running the data-quality checks), then prints where everything
// is and a short summary read back from the warehouse (run/demo.ts).
import { defineCommand } from '../command.js';

export const demoCommand = defineCommand(
  {
    name: 'demo',
    summary: 'write the sample extracts, ingest them, build the warehouse, write the latest return (start here)',
    usage: 'demo [--out DIR] [--seed N]',
    description: [
      'The main job on its embedded default, with no servers: writes a full, realistic set of sample extracts',
      'for a Kent-sized authority (2019-2025: census, cases, placements, finance, schools, cost centres, areas,',
      'the Safety Valve plan), ingests them into the event log under --home, builds the warehouse (with its',
      'data-quality checks), writes the latest quarterly Safety Valve return (recorded as a submission) and prints',
      'where everything is, with a summary read back from the warehouse: the latest',
      'January caseload by setting group, High Needs spend by line for the latest year, and the checks that found',
      'something. Run it again: the log already holds every file, so nothing is added twice.',
    ].join('\n'),
    options: [
      { name: 'out', type: 'string', usage: '--out DIR', description: 'where to write the sample extracts (default <home>/sample)' },
      { name: 'seed', type: 'string', usage: '--seed N', description: 'seed of the sample generator (default 2025): same seed, same files' },
    ],
  },
  () => import('./run/demo.js'),
);
