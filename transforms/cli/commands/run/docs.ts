// What sendwh docs does (declared in ../docs.ts): writes the dictionary with transforms/docs/.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeDocs } from '../../../docs/index.js';
import type { Context } from '../../command.js';
import { openEventLog, using } from '../../services.js';
import { eventLogChoice } from '../../eventLogOptions.js';

export async function run(ctx: Context): Promise<void> {
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
}
