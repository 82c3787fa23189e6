// sendwh demo: the main job on the embedded default. Writes the bundled sample
// extracts (a Kent-sized authority, 2019-2025), ingests them and builds the
// warehouse, then prints where everything is.
import { join } from 'node:path';
import { UsageError, type SourceName } from '../../../models/index.js';
import { generateSample } from '../../../ingest/sample/generateSample.js';
import type { Command, Context } from '../command.js';
import { renderTable } from '../output.js';
import { ingestFiles } from './ingest.js';
import type { IngestReport } from '../../../ingest/pipeline.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'write the sample extracts, ingest them, build the warehouse (start here)',
  usage: 'demo [--out DIR] [--seed N]',
  description: [
    'The main job on its embedded default, with no servers: writes a full, realistic set of sample extracts',
    'for a Kent-sized authority (2019-2025: census, cases, placements, finance, schools, cost centres, areas,',
    'the Safety Valve plan), ingests them into the event log under --home, builds the warehouse and prints',
    'where everything is. Run it again: the log already holds every file, so nothing is added twice.',
  ].join('\n'),
  options: [
    { name: 'out', type: 'string', usage: '--out DIR', description: 'where to write the sample extracts (default <home>/sample)' },
    { name: 'seed', type: 'string', usage: '--seed N', description: 'seed of the sample generator (default 2025): same seed, same files' },
  ],
  async run(ctx) {
    const started = Date.now();
    const outDir = (ctx.options.out as string | undefined) ?? join(ctx.home.root, 'sample');
    const seed = ctx.options.seed === undefined ? 2025 : Number(ctx.options.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, not '${String(ctx.options.seed)}'`);
    ctx.output.progress('writing sample extracts...');
    const sample = await generateSample(outDir, { seed, onProgress: (m) => ctx.output.progress(m) });
    ctx.output.endProgress();
    const reports: IngestReport[] = [];
    const demoCtx: Context = { ...ctx, trigger: 'demo' };
    for (const group of groupBySource(sample.files)) {
      const { reports: r, failures } = await ingestFiles(demoCtx, group.source, group.paths);
      if (failures.length > 0) throw new Error(`the sample extracts were refused: ${failures.map((f) => f.message).join('; ')}`);
      reports.push(...r);
    }
    const result = {
      home: ctx.home.root,
      sample: outDir,
      eventLog: ctx.home.log,
      files: reports.map((r) => ({ source: r.source, file: r.file, accepted: r.accepted, duplicates: r.duplicates, corrections: r.corrections, rejected: r.rejected, events: r.events })),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    ctx.output.result(result, () => [
      renderTable(result.files),
      '',
      `sample extracts: ${outDir}`,
      `event log:       ${ctx.home.log}  (check it: sendwh verify --home ${ctx.home.root})`,
      `quarantine:      ${reports.reduce((n, r) => n + r.rejected, 0)} row(s)  (sendwh quarantine --home ${ctx.home.root})`,
      `done in ${result.seconds}s`,
    ].join('\n'));
  },
};

/** Keeps the generator's order (reference data first, then extracts oldest first), grouping runs of one source. */
function groupBySource(files: ReadonlyArray<{ source: SourceName; path: string }>): Array<{ source: SourceName; paths: string[] }> {
  const groups: Array<{ source: SourceName; paths: string[] }> = [];
  for (const f of files) {
    const last = groups[groups.length - 1];
    if (last && last.source === f.source) last.paths.push(f.path);
    else groups.push({ source: f.source, paths: [f.path] });
  }
  return groups;
}
