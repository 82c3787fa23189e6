// What sendwh demo does (declared in ../demo.ts): the sample extracts, their
// ingest, the build and the latest return, each a step of the demo's run record.
import { join } from 'node:path';
import { UsageError, type SourceName } from '../../../../models/index.js';
import { generateSample } from '../../../../ingest/sample/generateSample.js';
import type { Context } from '../../command.js';
import { renderTable } from '../../output.js';
import { ingestFiles } from './ingest.js';
import { describeEventLog, eventLogChoice } from '../../eventLogOptions.js';
import type { IngestReport } from '../../../../ingest/pipeline.js';
import { querySqlFile } from '../../../duckdb/database.js';
import { openWarehouseReadOnly, type BuildResult } from '../../../warehouse/index.js';
import { buildReport, currentQuality, renderQuality, runBuild, type BuildReport } from './build.js';
import { recordReturnRun } from './return.js';
import { writeSafetyValveReturn } from '../../../returns/safetyValveReturn.js';
import { openEventLog, using } from '../../services.js';

export async function run(ctx: Context): Promise<void> {
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
    // Each source's ingest is a step of the demo's run record (with its files, sha256 and counts).
    const { reports: r, failures } = ctx.run
      ? await ctx.run.step('ingest', [group.source, ...group.paths], (child) => ingestFiles({ ...demoCtx, run: child }, group.source, group.paths))
      : await ingestFiles(demoCtx, group.source, group.paths);
    if (failures.length > 0) throw new Error(`the sample extracts were refused: ${failures.map((f) => f.message).join('; ')}`);
    reports.push(...r);
  }
  ctx.output.progress('building the warehouse...');
  const built: BuildResult = ctx.run ? await ctx.run.step('build', [], (child) => runBuild(demoCtx, child)) : await runBuild(demoCtx, undefined);
  const warehouse = await summariseWarehouse(ctx, built);
  ctx.output.progress('writing the latest quarterly Safety Valve return...');
  const writeReturn = (child: Context['run']) =>
    using(openEventLog(ctx), async (log) => {
      const r = await writeSafetyValveReturn({ home: ctx.home.root, log, logger: ctx.logger, env: ctx.env, build: false });
      recordReturnRun({ ...demoCtx, run: child }, r);
      return r;
    });
  const written = ctx.run ? await ctx.run.step('return', ['safety-valve'], (child) => writeReturn(child)) : await writeReturn(undefined);
  ctx.output.endProgress();
  const result = {
    home: ctx.home.root,
    sample: outDir,
    eventLog: describeEventLog(eventLogChoice(ctx), ctx.home.log),
    files: reports.map((r) => ({ source: r.source, file: r.file, accepted: r.accepted, duplicates: r.duplicates, corrections: r.corrections, rejected: r.rejected, events: r.events })),
    warehouse,
    safetyValveReturn: { id: written.id, quarter: written.quarter, out: written.out, logPosition: written.logPosition },
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  ctx.output.result(result, () => [
    renderTable(result.files),
    '',
    `sample extracts: ${outDir}`,
    `event log:       ${result.eventLog}  (check it: sendwh verify --home ${ctx.home.root}${eventLogChoice(ctx).kind === 'kafka' ? ' --log kafka' : ''})`,
    `quarantine:      ${reports.reduce((n, r) => n + r.rejected, 0)} row(s)  (sendwh quarantine --home ${ctx.home.root})`,
    `warehouse:       ${warehouse.path}  (query it: sendwh sql --home ${ctx.home.root} "select * from fct_hnb_spend limit 5")`,
    '',
    renderWarehouseSummary(warehouse),
    '',
    `Safety Valve return ${written.quarter}: ${written.out}`,
    `  (submission ${written.id}; open the .html report in a browser; reproduce it: sendwh reproduce ${written.id} --home ${ctx.home.root})`,
    '',
    `done in ${result.seconds}s`,
  ].join('\n'));
}

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

/** What the demo shows of the warehouse it built. */
interface WarehouseSummary {
  path: string;
  build: BuildReport;
  januaryCaseload: { snapshotDate: string | null; total: number; bySettingGroup: Array<{ settingGroup: string; plans: number }> };
  spend: { financialYear: string | null; byLine: Array<{ line: string; amount: number; amountGbpMillions: number }> };
}

async function summariseWarehouse(ctx: Context, built: BuildResult): Promise<WarehouseSummary> {
  const quality = built.quality ?? (await currentQuality(ctx));
  const db = await openWarehouseReadOnly(ctx.home.root);
  try {
    const caseload = await querySqlFile(db.connection, 'reports/rpt_demo__january_caseload.sql');
    const spend = await querySqlFile(db.connection, 'reports/rpt_demo__spend_by_line.sql');
    const groups = caseload.map((r) => ({ settingGroup: String(r.setting_group), plans: Number(r.plans) }));
    return {
      path: built.warehouse,
      build: buildReport(built, quality),
      januaryCaseload: {
        snapshotDate: caseload[0] === undefined ? null : String(caseload[0].snapshot_date),
        total: groups.reduce((n, g) => n + g.plans, 0),
        bySettingGroup: groups,
      },
      spend: {
        financialYear: spend[0] === undefined ? null : String(spend[0].financial_year),
        byLine: spend.map((r) => ({ line: String(r.line), amount: Number(r.amount), amountGbpMillions: Number(r.amount_gbp_millions) })),
      },
    };
  } finally {
    db.close();
  }
}

function renderWarehouseSummary(w: WarehouseSummary): string {
  const n = (x: number): string => x.toLocaleString('en-GB');
  const b = w.build;
  const lines = [
    b.upToDate
      ? `warehouse already up to date at log position ${n(b.toPosition)}`
      : `warehouse built (${b.mode}): ${n(b.events)} events, log position ${n(b.fromPosition)} -> ${n(b.toPosition)}, in ${(b.durationMs / 1000).toFixed(1)}s`,
    '',
    w.januaryCaseload.snapshotDate === null
      ? 'January caseload: no January census day in the data'
      : `January caseload on ${w.januaryCaseload.snapshotDate}: ${n(w.januaryCaseload.total)} EHC plans`,
    ...w.januaryCaseload.bySettingGroup.map((g) => `  ${g.settingGroup.padEnd(18)} ${n(g.plans).padStart(7)}`),
    '',
    w.spend.financialYear === null ? 'High Needs spend: no actuals in the data' : `High Needs spend ${w.spend.financialYear} (actuals, £m):`,
    ...w.spend.byLine.map(
      (l) => `  ${l.line.padEnd(52)} ${l.amountGbpMillions.toFixed(1).padStart(7)}${Math.abs(l.amount) < 50_000 ? `  (£${l.amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })})` : ''}`,
    ),
    ...(w.spend.byLine.length > 0 ? [`  ${'Total'.padEnd(52)} ${(w.spend.byLine.reduce((s, l) => s + l.amount, 0) / 1e6).toFixed(1).padStart(7)}`] : []),
    '',
    renderQuality(b.quality),
  ];
  return lines.join('\n');
}
