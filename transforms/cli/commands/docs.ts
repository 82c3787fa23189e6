// sendwh docs [--out DIR]: the data dictionary as a static, searchable site.
import { defineCommand } from '../command.js';

export const docsCommand = defineCommand(
  {
    name: 'docs',
    summary: 'write the data dictionary: a static, searchable HTML site and the extract JSON Schemas',
    usage: 'docs [--out DIR]',
    description: [
      'Writes the data dictionary to DIR (default <home>/docs): index.html, one self-contained page that opens from',
      'disk with no network and has a search box; dictionary.json with the same content for tools; and',
      'schemas/<source>.schema.json, the extract contracts as JSON Schema for data suppliers to validate their files.',
      '',
      'The page has every warehouse table and column with its definition and grain, what each is built from (tables,',
      'and for each column the columns, event fields and extract columns behind it), the extract contracts (columns,',
      'what each cell accepts, rule codes), and the data-quality history: every check at every log position a build',
      'published, every extract file with its rejected rows by rule, and the recent runs. Row counts and history come',
      'from the live warehouse when there is one; without it the definitions alone are written.',
    ].join('\n'),
    options: [{ name: 'out', type: 'string', usage: '--out DIR', description: 'where to write the dictionary (default <home>/docs)' }],
    examples: ['sendwh docs', 'sendwh docs --out /srv/www/sendwh-docs', 'sendwh docs --json'],
  },
  () => import('./run/docs.js'),
);
