// sendwh status: where the log is, what came in last, how fresh the warehouse
// is and what waits in quarantine.
import { existsSync, statSync } from 'node:fs';
import type { Command } from '../command.js';
import { openEventLog, using } from '../services.js';
import { renderTable } from '../output.js';
import { listQuarantine } from './quarantine.js';
import { warehouseFreshness } from './warehouseInfo.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'log position, last ingests, warehouse freshness, quarantine counts',
  usage: 'status',
  description: 'Shows the event log position, the most recent ingests, how far the warehouse has been built, and how many rows wait in quarantine per source.',
  options: [],
  async run(ctx) {
    const { position, files } = await using(openEventLog(ctx), async (log) => ({ position: await log.position(), files: await log.files() }));
    const quarantine = await listQuarantine(ctx);
    const bySource = new Map<string, number>();
    for (const q of quarantine) bySource.set(q.source, (bySource.get(q.source) ?? 0) + 1);
    const warehouse = existsSync(ctx.home.warehouse) ? await warehouseFreshness(ctx.home.warehouse) : null;
    const status = {
      home: ctx.home.root,
      log: { position, files: files.length },
      lastIngests: files.slice(-10).reverse().map((f) => ({ committedAt: f.committedAt, source: f.source, file: f.file, events: f.count, sha256: f.sha256 })),
      warehouse: warehouse === null
        ? { path: ctx.home.warehouse, built: false }
        : { path: ctx.home.warehouse, built: true, position: warehouse.position, behindBy: position - warehouse.position, builtAt: statSync(ctx.home.warehouse).mtime.toISOString() },
      quarantine: Object.fromEntries([...bySource].sort()),
    };
    ctx.output.result(status, () => [
      `home:       ${status.home}`,
      `event log:  position ${position.toLocaleString('en-GB')} (${files.length} files)`,
      warehouse === null
        ? `warehouse:  not built yet: run 'sendwh build'`
        : `warehouse:  built to position ${warehouse.position.toLocaleString('en-GB')}${position > warehouse.position ? ` (${position - warehouse.position} events behind: run 'sendwh build')` : ' (up to date)'}`,
      `quarantine: ${quarantine.length === 0 ? 'empty' : [...bySource].map(([s, n]) => `${s} ${n}`).join(', ') + " (see 'sendwh quarantine')"}`,
      '',
      'last ingests:',
      renderTable(status.lastIngests.map(({ sha256: _s, ...r }) => r)),
    ].join('\n'));
  },
};
