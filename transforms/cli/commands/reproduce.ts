// sendwh reproduce <submission-id> [--out DIR]: writes a recorded return again,
// byte for byte, from the event log as it was when the return was made. The
// work is in transforms/returns/reproduce.ts; run/reproduce.ts reads the options.
import { defineCommand } from '../command.js';

export const reproduceCommand = defineCommand(
  {
    name: 'reproduce',
    summary: 'write a recorded return again, byte for byte, whatever the log has learnt since',
    usage: 'reproduce <submission-id> [--out DIR]',
    description: [
      "Reads the submission's record (<home>/submissions/<id>.json), builds the warehouse as it was at the",
      "submission's event-log position (the live warehouse is used when it stands exactly there; otherwise a full",
      'build up to that position in a temporary file under the home, removed afterwards), makes the return again and',
      'checks every file against the sha256 in the recorded manifest. Only when all of them match are the files',
      'written; any difference fails (exit 1) naming the files, and nothing is written. Extracts ingested since, even',
      'corrections to the same quarter, do not change the result: run `sendwh return` again for the corrected figures.',
      '',
      'The submission ids are printed by `sendwh return` and are the file names under <home>/submissions.',
    ].join('\n'),
    options: [{ name: 'out', type: 'string', usage: '--out DIR', description: 'the folder to write (default <home>/reproduced/<submission id>)' }],
    examples: ['sendwh reproduce sv-2024-25-Q3-0123456789ab', 'sendwh reproduce sv-2024-25-Q3-0123456789ab --out /tmp/check --json'],
  },
  () => import('./run/reproduce.js'),
);
