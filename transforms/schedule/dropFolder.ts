// The drop folder: extracts are dropped into <drop>/<source>/ (one subfolder
// per source, named as `sendwh ingest` names sources: census, cases, ...). A
// file is taken only once it has stopped changing: two looks at least
// `stableMs` apart must see the same size, modification time and inode. It is
// then ingested (in a child `sendwh ingest`) and moved to
// <drop>/processed/<source>/ or, when ingest refuses it (exit 2), to
// <drop>/rejected/<source>/ with a .reason.txt beside it. A file that failed
// for another reason (exit 1: e.g. the log was locked) stays and is retried.
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SOURCE_NAMES, type SourceName } from '../../models/index.js';
import type { CliRunner } from './childRun.js';
import type { DropFileOutcome, RunStep } from './scheduleState.js';

/** The folders under the drop folder that are not sources. */
export const PROCESSED_DIR = 'processed';
export const REJECTED_DIR = 'rejected';

/** Names that uploaders use while a file is still being written: never taken, whatever their age. */
const IN_PROGRESS = /^[.~]|\.(tmp|temp|part|partial|filepart|crdownload|download|swp)$/i;

/** A file in a source folder. */
export interface DropFile {
  source: SourceName;
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface DropPoll {
  /** Files unchanged across two looks at least stableMs apart: ready to take. */
  stable: DropFile[];
  /** Files seen but still changing (or seen for the first time). */
  waiting: DropFile[];
  /** Entries that are not in a source folder (relative paths), left alone. */
  ignored: string[];
}

export interface DropScanner {
  poll(): Promise<DropPoll>;
}

/** Creates the drop folder and its source subfolders if missing. */
export async function ensureDropFolders(root: string): Promise<void> {
  for (const source of SOURCE_NAMES) await mkdir(join(root, source), { recursive: true });
}

/** Watches a drop folder by polling; `now` is injectable so tests can drive the clock. */
export function createDropScanner(root: string, options: { stableMs: number; now?: () => number }): DropScanner {
  const now = options.now ?? Date.now;
  const seen = new Map<string, { size: number; mtimeMs: number; ino: number; since: number }>();
  return {
    async poll() {
      const at = now();
      const stable: DropFile[] = [];
      const waiting: DropFile[] = [];
      const ignored: string[] = [];
      const present = new Set<string>();
      for (const entry of await readdirOrEmpty(root)) {
        if (entry.name === PROCESSED_DIR || entry.name === REJECTED_DIR) continue;
        if (!entry.isDirectory() || !(SOURCE_NAMES as readonly string[]).includes(entry.name)) {
          if (!IN_PROGRESS.test(entry.name)) ignored.push(entry.name);
          continue;
        }
        const source = entry.name as SourceName;
        for (const file of await readdirOrEmpty(join(root, source))) {
          if (!file.isFile() || IN_PROGRESS.test(file.name)) continue;
          const path = join(root, source, file.name);
          const st = await stat(path).catch(() => undefined);
          if (st === undefined) continue;
          present.add(path);
          const f: DropFile = { source, path, name: file.name, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
          const before = seen.get(path);
          if (before !== undefined && before.size === f.size && before.mtimeMs === f.mtimeMs && before.ino === f.ino) {
            (at - before.since >= options.stableMs ? stable : waiting).push(f);
          } else {
            seen.set(path, { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino, since: at });
            waiting.push(f);
          }
        }
      }
      for (const path of seen.keys()) if (!present.has(path)) seen.delete(path);
      return { stable, waiting, ignored };
    },
  };
}

async function readdirOrEmpty(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** True when the file is still exactly as the scanner saw it (it may have been taken by another process meanwhile). */
export async function unchanged(file: DropFile): Promise<boolean> {
  const st = await stat(file.path).catch(() => undefined);
  return st !== undefined && st.size === file.size && st.mtimeMs === file.mtimeMs && st.ino === file.ino;
}

/** 20250116T070000Z: a file-name-safe timestamp (also on Windows). */
export function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Ingests one stable file and moves it to processed/ or rejected/ (or leaves it to retry). */
export async function ingestDropFile(
  root: string,
  file: DropFile,
  runner: CliRunner,
  at: Date = new Date(),
): Promise<{ outcome: DropFileOutcome; step: RunStep }> {
  const { result, ...step } = await runner.run(['ingest', file.source, file.path]);
  if (step.exitCode === 0 || step.exitCode === 2) {
    const dir = join(root, step.exitCode === 0 ? PROCESSED_DIR : REJECTED_DIR, file.source);
    await mkdir(dir, { recursive: true });
    const target = join(dir, `${stamp(at)}_${file.name}`);
    await rename(file.path, target);
    if (step.exitCode === 0) return { outcome: { source: file.source, file: file.name, outcome: 'processed', movedTo: target }, step };
    const reason = refusal(result, step.summary);
    await writeFile(`${target}.reason.txt`, reasonText(file, reason, at, root));
    return { outcome: { source: file.source, file: file.name, outcome: 'rejected', movedTo: target, reason: reason.message }, step };
  }
  return { outcome: { source: file.source, file: file.name, outcome: 'retry', reason: step.summary }, step };
}

function refusal(result: unknown, summary: string): { message: string; hint?: string } {
  const r = (result ?? {}) as { errors?: Array<{ message?: string; hint?: string }>; error?: { message?: string; hint?: string } };
  const first = r.errors?.[0] ?? r.error;
  if (first?.message) return { message: first.message, ...(first.hint ? { hint: first.hint } : {}) };
  return { message: summary };
}

function reasonText(file: DropFile, reason: { message: string; hint?: string }, at: Date, root: string): string {
  return [
    `${file.name} was refused by 'sendwh ingest ${file.source}' on ${at.toISOString()} (exit code 2: nothing of it was written to the event log).`,
    '',
    `Reason: ${reason.message}`,
    ...(reason.hint ? [`What to do: ${reason.hint}`] : []),
    '',
    `Put the corrected file in ${join(root, file.source)} to try again.`,
    '',
  ].join('\n');
}
