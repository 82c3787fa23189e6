// sendwh docs [--out DIR]: the data dictionary as a static, searchable site.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeDocs } from '../../docs/index.js';
import type { Command } from '../command.js';
import { openEventLog, using } from '../services.js';
import { eventLogChoice } from '../eventLogOptions.js';

export const docsCommand: Command = {
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
  async run(ctx) {
    const out = resolve((ctx.options.out as string | undefined) ?? join(ctx.home.root, 'docs'));
    const hasLog = eventLogChoice(ctx).kind === 'kafka' || existsSync(ctx.home.log);
    const files = hasLog ? await using(openEventLog(ctx), (log) => log.files()) : [];
    const written = await writeDocs(out, { home: ctx.home.root, files });
    ctx.output.result(written, () =>
      [
        `data dictionary: ${written.index}`,
        `  ${written.tables} tables, ${written.columns.toLocaleString('en-GB')} columns, ${written.sources} extract contracts`,
        `  JSON for tools: ${written.json}`,
        `  JSON Schemas:   ${join(out, 'schemas')}/<source>.schema.json`,
      ].join('\n'),
    );
  },
};
