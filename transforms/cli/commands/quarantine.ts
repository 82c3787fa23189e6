// sendwh quarantine: the rows that broke a rule, with where they were and why.
import { SourceName, SOURCE_NAMES, UsageError, type SourceName as Source } from '../../../models/index.js';
import type { Command, Context } from '../command.js';
import { openEventLog, using } from '../services.js';
import { renderTable } from '../output.js';

export interface QuarantineRow {
  source: Source;
  file: string;
  line: number;
  rule: string;
  reason: string;
  raw: Record<string, string | null>;
}

export const quarantineCommand: Command = {
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
  async run(ctx) {
    const rows = await listQuarantine(ctx, ctx.options.source as string | undefined);
    ctx.output.result(rows, () =>
      rows.length === 0 ? 'quarantine is empty' : renderTable(rows.map(({ raw: _raw, ...r }) => r), ['source', 'file', 'line', 'rule', 'reason']) + `\n${rows.length} row(s)`,
    );
  },
};

export async function listQuarantine(ctx: Context, source?: string): Promise<QuarantineRow[]> {
  let filter: Source | undefined;
  if (source !== undefined) {
    const parsed = SourceName.safeParse(source);
    if (!parsed.success) throw new UsageError(`unknown source '${source}'`, `sources are: ${SOURCE_NAMES.join(', ')}`);
    filter = parsed.data;
  }
  const rows: QuarantineRow[] = [];
  await using(openEventLog(ctx), async (log) => {
    for await (const batch of log.read({ type: 'RowQuarantined', ...(filter ? { source: filter } : {}) })) {
      for (const e of batch) {
        const data = e.data as { rules: Array<{ rule: string; message: string }>; raw: Record<string, string | null> };
        rows.push({
          source: e.source,
          file: e.file,
          line: e.line,
          rule: data.rules.map((r) => r.rule).join(', '),
          reason: data.rules.map((r) => r.message).join('; '),
          raw: data.raw,
        });
      }
    }
  });
  return rows;
}
