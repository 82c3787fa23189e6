// What sendwh status does (declared in ../status.ts).
import { statSync } from 'node:fs';
import { readWarehouseStatus } from '../../../warehouse/index.js';
import type { Context } from '../../command.js';
import { openEventLog, using } from '../../services.js';
import { renderTable } from '../../output.js';
import { listQuarantine } from './quarantine.js';
import { readRuns, runLine } from '../../../runs/runsTable.js';

export async function run(ctx: Context): Promise<void> {
  const { position, files } = await using(openEventLog(ctx), async (log) => ({ position: await log.position(), files: await log.files() }));
  const quarantine = await listQuarantine(ctx);
  const bySource = new Map<string, number>();
  for (const q of quarantine) bySource.set(q.source, (bySource.get(q.source) ?? 0) + 1);
  // A warehouse file that cannot be read shows as not built (the next build replaces it); status still answers.
  const wh = await readWarehouseStatus(ctx.home.root).catch((error: unknown) => {
    ctx.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'cannot read the warehouse');
    return { exists: false } as Awaited<ReturnType<typeof readWarehouseStatus>>;
  });
  const warehouse = wh.exists ? { ...wh, position: wh.logPosition ?? 0 } : null;
  const status = {
    home: ctx.home.root,
    log: { position, files: files.length },
    lastIngests: files.slice(-10).reverse().map((f) => ({ committedAt: f.committedAt, source: f.source, file: f.file, events: f.count, sha256: f.sha256 })),
    warehouse: warehouse === null
      ? { path: ctx.home.warehouse, built: false }
      : {
          path: ctx.home.warehouse,
          built: true,
          position: warehouse.position,
          behindBy: position - warehouse.position,
          builtAt: statSync(ctx.home.warehouse).mtime.toISOString(),
          definitionsCurrent: warehouse.definitionsCurrent ?? null,
          lastRun: warehouse.lastRun ?? null,
          quality: warehouse.quality ?? null,
        },
    quarantine: Object.fromEntries([...bySource].sort()),
    lastRuns: (await readRuns(ctx.home.root, { limit: 10 })).map(runLine),
  };
  ctx.output.result(status, () => [
    `home:       ${status.home}`,
    `event log:  position ${position.toLocaleString('en-GB')} (${files.length} files)`,
    warehouse === null
      ? `warehouse:  not built yet: run 'sendwh build'`
      : `warehouse:  built to position ${warehouse.position.toLocaleString('en-GB')}${position > warehouse.position ? ` (${position - warehouse.position} events behind: run 'sendwh build')` : ' (up to date)'}`,
    ...(warehouse?.lastRun
      ? [`last build: ${warehouse.lastRun.mode}, ${warehouse.lastRun.events.toLocaleString('en-GB')} events (positions ${warehouse.lastRun.fromSeq.toLocaleString('en-GB')} -> ${warehouse.lastRun.toSeq.toLocaleString('en-GB')}), finished ${warehouse.lastRun.finishedAt}`]
      : []),
    ...(warehouse?.definitionsCurrent === false ? [`            built by other model definitions: the next 'sendwh build' builds in full`] : []),
    ...(warehouse?.quality
      ? [
          `checks:     ${warehouse.quality.failing.length === 0 ? `all ${warehouse.quality.checks} pass` : `${warehouse.quality.failing.length} of ${warehouse.quality.checks} failing (${warehouse.quality.failing.map((f) => `${f.checkName} ${f.findingCount}`).join(', ')})`}${warehouse.quality.failing.length > 0 ? ` (see 'sendwh build' or dq_findings)` : ''}`,
        ]
      : []),
    `quarantine: ${quarantine.length === 0 ? 'empty' : [...bySource].map(([s, n]) => `${s} ${n}`).join(', ') + " (see 'sendwh quarantine')"}`,
    '',
    'last ingests:',
    renderTable(status.lastIngests.map(({ sha256: _s, ...r }) => r)),
    '',
    "last runs (every run: table runs in the warehouse, as of its last build; steps indented):",
    renderTable(status.lastRuns.map(({ runId: _r, error: _e, ...r }) => r)),
  ].join('\n'));
}
