// The manifest of a return (manifest.json in its folder): what it was made
// from (the event-log position and every source file up to it, with sha256),
// by which code (package version and git commit), what the data-quality checks
// said, and the sha256 of every file written. It holds no clock: the same log
// position gives the same manifest.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommittedFile } from '../../models/index.js';

export interface ManifestSource {
  source: string;
  file: string;
  sha256: string;
  firstSeq: number;
  lastSeq: number;
  events: number;
}

export interface ManifestCheck {
  check: string;
  severity: string;
  status: string;
  findings: number;
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface CodeVersion {
  name: string;
  version: string;
  /** The git commit the code was built from, when known (SENDWH_GIT_COMMIT, else the repository's .git). */
  commit?: string;
}

export interface ReturnManifest {
  return: 'safety-valve';
  quarter: string;
  quarterStart: string;
  quarterEnd: string;
  published: boolean;
  logPosition: number;
  authority: { laCode: string | null; name: string };
  code: CodeVersion;
  sources: ManifestSource[];
  checks: ManifestCheck[];
  files: ManifestFile[];
}

export const MANIFEST_FILE = 'manifest.json';

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest's bytes: two-space JSON with a final newline, keys in declaration order. */
export function manifestBytes(manifest: ReturnManifest): Buffer {
  return Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
}

/** The log's files up to a position, as the manifest lists them (no commit times: they are not part of the data). */
export function sourcesUpTo(files: readonly CommittedFile[], position: number): ManifestSource[] {
  return files
    .filter((f) => f.count > 0 && f.lastSeq <= position)
    .sort((a, b) => a.firstSeq - b.firstSeq)
    .map((f) => ({ source: f.source, file: f.file, sha256: f.sha256, firstSeq: f.firstSeq, lastSeq: f.lastSeq, events: f.count }));
}

let cachedRoot: string | undefined;

/** The folder holding sendwh's package.json (found from this module, in source and in dist/). */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'sendwh') {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // not ours: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the package.json of sendwh');
    dir = parent;
  }
}

/** The code's version: package.json's, and the git commit when SENDWH_GIT_COMMIT or the repository's .git says it. */
export function codeVersion(env: NodeJS.ProcessEnv = process.env): CodeVersion {
  const root = packageRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const commit = commitFromEnv(env) ?? commitFromGit(join(root, '.git'));
  return commit === undefined ? { name: pkg.name, version: pkg.version } : { name: pkg.name, version: pkg.version, commit };
}

/** "sendwh 0.1.0 (commit 1a2b3c4)". */
export function describeCode(code: CodeVersion): string {
  return `${code.name} ${code.version}${code.commit ? ` (commit ${code.commit.slice(0, 12)})` : ''}`;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function commitFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.SENDWH_GIT_COMMIT?.trim().toLowerCase();
  return value && SHA.test(value) ? value : undefined;
}

/** Reads HEAD without running git: a detached HEAD's hash, or the branch's ref (loose or packed). */
function commitFromGit(gitDir: string): string | undefined {
  try {
    let dir = gitDir;
    if (statSync(dir).isFile()) {
      // A worktree or submodule: ".git" is a file naming the real directory.
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dir, 'utf8'));
      if (!pointer) return undefined;
      dir = join(dirname(gitDir), pointer[1]!.trim());
    }
    const head = readFileSync(join(dir, 'HEAD'), 'utf8').trim();
    if (SHA.test(head)) return head;
    const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
    if (ref === undefined) return undefined;
    const common = existsSync(join(dir, 'commondir')) ? join(dir, readFileSync(join(dir, 'commondir'), 'utf8').trim()) : dir;
    for (const base of [dir, common]) {
      const loose = join(base, ref);
      if (existsSync(loose)) {
        const hash = readFileSync(loose, 'utf8').trim();
        if (SHA.test(hash)) return hash;
      }
    }
    const packed = join(common, 'packed-refs');
    if (existsSync(packed)) {
      for (const line of readFileSync(packed, 'utf8').split('\n')) {
        const [hash, name] = line.trim().split(' ');
        if (name === ref && hash !== undefined && SHA.test(hash)) return hash;
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}
