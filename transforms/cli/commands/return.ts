// sendwh return safety-valve --quarter YYYY-YY-QN [--out DIR] [--publish]:
// writes the quarterly Safety Valve monitoring return and records the
// submission. The work is in transforms/returns/; run/return.ts reads the options.
import { defineCommand } from '../command.js';

export const returnCommand = defineCommand(
  {
    name: 'return',
    summary: 'write the quarterly Safety Valve monitoring return and record the submission',
    usage: 'return safety-valve --quarter YYYY-YY-QN [--out DIR] [--publish]',
    description: [
      'Brings the warehouse up to date with the event log, then writes the Safety Valve monitoring return for a',
      'financial-year quarter (Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March), with every',
      'figure as at the last day of the quarter, into one folder:',
      '',
      '  safety-valve-return_<quarter>.xlsx  one sheet per table, and an About sheet with the commentary',
      '  safety-valve-return_<quarter>.html  a report to read in any browser, offline: headline figures, commentary,',
      '                                      charts and every table',
      '  csv/<table>.csv                     the same tables: dsg_position, hnb_spend_by_line,',
      '                                      caseload_by_setting_group, requests_and_timeliness, benchmark,',
      '                                      data_quality_checks, data_quality_findings',
      '  manifest.json                       the event-log position the return was made from, the code version, the',
      '                                      sha256 of every source file and every output, and the checks with their status',
      '',
      'The same log position always gives the same files, byte for byte. Each return is recorded as a submission',
      "under <home>/submissions (the id is printed); 'sendwh reproduce <id>' writes it again exactly, whatever the",
      'log has learnt since. A new return for the same quarter shows the figures as the log now knows them.',
      '',
      'With --publish, counts of children from 1 to 4 are shown as c, and enough other counts that none can be',
      'worked out from the totals; the data-quality findings are left out.',
    ].join('\n'),
    options: [
      { name: 'quarter', type: 'string', usage: '--quarter YYYY-YY-QN', description: 'the financial-year quarter, e.g. 2024-25-Q3 (October to December 2024)' },
      { name: 'out', type: 'string', usage: '--out DIR', description: 'the folder to write (default <home>/returns/<submission id>; an earlier return there is replaced)' },
      { name: 'publish', type: 'boolean', description: 'suppress small counts (1 to 4, and what could reveal them) for publication' },
    ],
    examples: [
      'sendwh return safety-valve --quarter 2024-25-Q3',
      'sendwh return safety-valve --quarter 2024-25-Q4 --out ./returns/2024-25-Q4 --json',
      'sendwh return safety-valve --quarter 2024-25-Q4 --publish',
    ],
  },
  () => import('./run/return.js'),
);
