// What sendwh build does (declared in ../build.ts). Also the shared rendering
// of a build's result and of the data-quality results, used by rebuild and demo.
import type { Logger } from '../../../../models/index.js';
import { readLatestQuality, type QualityReport } from '../../../quality/runChecks.js';
import { buildWarehouse, openWarehouseReadOnly, type BuildResult } from '../../../warehouse/index.js';
import type { Context } from '../../command.js';
import type { Output } from '../../output.js';
import type { RunRecorder } from '../../../runs/runRecord.js';
import { recordBuildTables } from '../../../runs/buildRecord.js';
import { renderTable } from '../../output.js';
import { openEventLog, using } from '../../services.js';

export async function run(ctx: Context): Promise<void> {
  const result = await runBuild(ctx, ctx.run);
  const quality = result.quality ?? (await currentQuality(ctx));
  const report = buildReport(result, quality);
  ctx.output.result(report, () => renderBuildReport(report));
}

/** Builds the warehouse of ctx's home from its event log, with progress on a terminal and the run record told. */
export async function runBuild(ctx: Context, run: RunRecorder | undefined): Promise<BuildResult> {
  const result = await using(openEventLog(ctx), (log) => buildWarehouse({ home: ctx.home.root, log, logger: progressLogger(ctx.logger, ctx.output) }));
  ctx.output.endProgress();
  recordBuild(run, result);
  if (!result.upToDate) await recordBuildTables(run, result, () => using(openEventLog(ctx), (log) => log.files()));
  return result;
}

/** Tells a run record what a build did: positions, events and the data-quality checks. */
export function recordBuild(run: RunRecorder | undefined, result: BuildResult): void {
  if (run === undefined) return;
  run.positions({ warehouseAfter: result.toSeq });
  run.detail('build', { mode: result.mode, upToDate: result.upToDate, reason: result.reason ?? null, fromSeq: result.fromSeq, toSeq: result.toSeq, events: result.events, durationMs: result.durationMs });
  run.output({ kind: 'warehouse', path: result.warehouse });
  for (const check of result.quality?.results ?? []) {
    run.check({ name: `dq.${check.checkName}`, status: check.status === 'pass' ? 'pass' : check.severity === 'error' ? 'fail' : 'warn', detail: check.detail });
  }
}

/** The current data-quality results of the live warehouse (for a build that had nothing to do). */
export async function currentQuality(ctx: Context): Promise<QualityReport | undefined> {
  const db = await openWarehouseReadOnly(ctx.home.root);
  try {
    return await readLatestQuality(db.connection);
  } finally {
    db.close();
  }
}

/** What `build` prints (and returns with --json). */
export interface BuildReport {
  mode: string;
  upToDate: boolean;
  reason?: string;
  events: number;
  fromPosition: number;
  toPosition: number;
  durationMs: number;
  warehouse: string;
  quality: QualitySummary | null;
}

/** The data-quality results in short: every check, and the findings of the failing ones. */
export interface QualitySummary {
  logPosition: number;
  checks: number;
  failing: number;
  results: Array<{ check: string; severity: string; status: string; findings: number }>;
  findings: Array<{ check: string; subject: string; expected: number | null; actual: number | null; difference: number | null; detail: string }>;
}

export function buildReport(result: BuildResult, quality: QualityReport | undefined): BuildReport {
  return {
    mode: result.mode,
    upToDate: result.upToDate,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    events: result.events,
    fromPosition: result.fromSeq,
    toPosition: result.toSeq,
    durationMs: result.durationMs,
    warehouse: result.warehouse,
    quality: quality === undefined ? null : summariseQuality(quality),
  };
}

export function summariseQuality(quality: QualityReport): QualitySummary {
  return {
    logPosition: quality.logPosition,
    checks: quality.results.length,
    failing: quality.results.filter((r) => r.status === 'fail').length,
    results: quality.results.map((r) => ({ check: r.checkName, severity: r.severity, status: r.status, findings: r.findingCount })),
    findings: quality.findings.map((f) => ({ check: f.checkName, subject: f.subject, expected: f.expected, actual: f.actual, difference: f.difference, detail: f.detail })),
  };
}

export function renderBuildReport(report: BuildReport): string {
  const n = (x: number): string => x.toLocaleString('en-GB');
  const lines = report.upToDate
    ? [`warehouse already up to date at log position ${n(report.toPosition)}: nothing to build`]
    : [
        `warehouse built (${report.mode}${report.reason ? `: ${report.reason}` : ''}): ${n(report.events)} events read, log position ${n(report.fromPosition)} -> ${n(report.toPosition)}, in ${(report.durationMs / 1000).toFixed(1)}s`,
      ];
  lines.push(`warehouse: ${report.warehouse}`);
  lines.push('', renderQuality(report.quality));
  return lines.join('\n');
}

/** The data-quality summary for people: a line, the table of checks, then each finding of the failing ones. */
export function renderQuality(quality: QualitySummary | null): string {
  if (quality === null) return 'data quality: no checks recorded yet (run sendwh build)';
  const lines = [
    `data quality at log position ${quality.logPosition.toLocaleString('en-GB')}: ${quality.checks} checks, ${quality.failing === 0 ? 'all pass' : `${quality.failing} failing with ${quality.findings.length} finding(s)`}`,
    renderTable(quality.results, ['status', 'severity', 'check', 'findings']),
  ];
  if (quality.findings.length > 0) {
    lines.push('', 'findings:');
    for (const f of quality.findings) lines.push(`  ${f.check}: ${f.detail}`);
    lines.push('', 'all findings, with history: sendwh sql "select * from dq_findings order by log_position desc"');
  }
  return lines.join('\n');
}

/**
 * Progress on a terminal from the build's own log events (events read, each
 * model built, each check run); every event still goes to the logger.
 */
export function progressLogger(logger: Logger, output: Output): Logger {
  const observe = (fields: Record<string, unknown>, message: string): void => {
    const count = typeof fields.events === 'number' ? fields.events.toLocaleString('en-GB') : undefined;
    if (message === 'loading events' && count !== undefined) output.progress(`reading the event log: ${count} events`);
    else if (message === 'events loaded' && count !== undefined) output.progress(`${count} events read; building the tables...`);
    else if (message === 'model built' && typeof fields.model === 'string') output.progress(`built ${fields.model}`);
    else if (message === 'check run' && typeof fields.check === 'string') output.progress(`checked ${fields.check}`);
  };
  const wrap = (inner: Logger): Logger => ({
    debug(fields, message) {
      observe(fields, message);
      inner.debug(fields, message);
    },
    info(fields, message) {
      observe(fields, message);
      inner.info(fields, message);
    },
    warn(fields, message) {
      inner.warn(fields, message);
    },
    error(fields, message) {
      inner.error(fields, message);
    },
    child(bindings) {
      return wrap(inner.child(bindings));
    },
  });
  return wrap(logger);
}
