// What sendwh quarantine does (declared in ../quarantine.ts); listQuarantine
// is also status's count of quarantined rows.
import { SourceName, SOURCE_NAMES, UsageError, type SourceName as Source } from '../../../../models/index.js';
import type { Context } from '../../command.js';
import { openEventLog, using } from '../../services.js';
import { renderTable } from '../../output.js';

export interface QuarantineRow {
  source: Source;
  file: string;
  line: number;
  rule: string;
  reason: string;
  raw: Record<string, string | null>;
}

export async function run(ctx: Context): Promise<void> {
  const rows = await listQuarantine(ctx, ctx.options.source as string | undefined);
  ctx.output.result(rows, () =>
    rows.length === 0 ? 'quarantine is empty' : renderTable(rows.map(({ raw: _raw, ...r }) => r), ['source', 'file', 'line', 'rule', 'reason']) + `\n${rows.length} row(s)`,
  );
}

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
