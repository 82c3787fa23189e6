// sendwh quarantine: the rows that broke a rule, with where they were and why.
import { SOURCE_NAMES } from '../../../models/index.js';
import { defineCommand } from '../command.js';

export const quarantineCommand = defineCommand(
  {
    name: 'quarantine',
    summary: 'list rejected rows with their reasons',
    usage: 'quarantine [--source S]',
    description: [
      'Lists every row that broke a rule of the contract: the source, file, line, rule and a plain-English',
      'reason. The file and line lead a data steward back to the original row; personal data is minimised',
      '(identifiers pseudonymised, dates of birth to the month, names and postcodes never kept).',
      'Fix the row in the source system and ingest a corrected extract: the good version goes in as usual.',
    ].join('\n'),
    options: [{ name: 'source', type: 'string', usage: '--source S', description: `only this source (${SOURCE_NAMES.join(', ')})` }],
  },
  () => import('./run/quarantine.js'),
);
