// The record of every return made: <home>/submissions/<id>.json holds the
// submission's id, quarter, when it was made, where it was written and its
// whole manifest (so `sendwh reproduce` knows the log position to rebuild and
// the hash every file must have). The id is derived from the manifest's
// sha256: the same outputs are the same submission, recorded once.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendwhError } from '../../models/index.js';
import { manifestBytes, sha256, type ReturnManifest } from './manifest.js';

export interface SubmissionRecord {
  id: string;
  return: 'safety-valve';
  quarter: string;
  /** When the return was made (ISO, UTC): the one clock reading, kept outside the return's files. */
  submittedAt: string;
  logPosition: number;
  published: boolean;
  /** Where the files were written. */
  out: string;
  manifestSha256: string;
  manifest: ReturnManifest;
}

const ID = /^sv-\d{4}-\d{2}-Q[1-4]-[0-9a-f]{12}$/;

/** The submission id of a manifest: sv-<quarter>-<first 12 hex of its sha256>. */
export function submissionId(manifest: ReturnManifest): string {
  return `sv-${manifest.quarter}-${sha256(manifestBytes(manifest)).slice(0, 12)}`;
}

/**
 * Records a submission unless one with the same id (the same outputs) exists;
 * returns the record kept and whether it was already there.
 */
export function recordSubmission(dir: string, manifest: ReturnManifest, facts: { out: string; submittedAt: Date }): { record: SubmissionRecord; alreadyRecorded: boolean } {
  const id = submissionId(manifest);
  const path = join(dir, `${id}.json`);
  if (existsSync(path)) return { record: readSubmission(dir, id), alreadyRecorded: true };
  const record: SubmissionRecord = {
    id,
    return: 'safety-valve',
    quarter: manifest.quarter,
    submittedAt: facts.submittedAt.toISOString(),
    logPosition: manifest.logPosition,
    published: manifest.published,
    out: facts.out,
    manifestSha256: sha256(manifestBytes(manifest)),
    manifest,
  };
  mkdirSync(dir, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(record, null, 2) + '\n', { mode: 0o640 });
  renameSync(temp, path);
  return { record, alreadyRecorded: false };
}

/** Reads a submission by id; a usage error (exit 2) naming the ids there are when it is unknown. */
export function readSubmission(dir: string, id: string): SubmissionRecord {
  if (!ID.test(id)) {
    throw new SendwhError('bad-submission-id', `'${id}' is not a submission id (they look like sv-2024-25-Q3-0123456789ab)`, {
      kind: 'usage',
      hint: hintIds(dir),
    });
  }
  const path = join(dir, `${id}.json`);
  if (!existsSync(path)) {
    throw new SendwhError('submission-not-found', `there is no submission ${id} in ${dir}`, { kind: 'usage', hint: hintIds(dir) });
  }
  let record: SubmissionRecord;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as SubmissionRecord;
  } catch (cause) {
    throw new SendwhError('submission-unreadable', `the submission record ${path} is not valid JSON`, { cause, hint: 'restore it from a backup of the home directory' });
  }
  if (record.id !== id || sha256(manifestBytes(record.manifest)) !== record.manifestSha256) {
    throw new SendwhError('submission-tampered', `the submission record ${path} does not match its own manifest hash`, {
      hint: 'the record was edited after it was written; restore it from a backup of the home directory',
    });
  }
  return record;
}

/** Every submission, oldest first. */
export function listSubmissions(dir: string): SubmissionRecord[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((id) => ID.test(id))
    .map((id) => readSubmission(dir, id))
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id));
}

function hintIds(dir: string): string {
  let ids: string[] = [];
  try {
    ids = listSubmissions(dir).map((s) => `${s.id} (${s.quarter}, ${s.submittedAt})`);
  } catch {
    ids = [];
  }
  return ids.length === 0 ? `no return has been made in this home yet: run \`sendwh return safety-valve --quarter YYYY-YY-QN\`` : `submissions: ${ids.slice(-10).join('; ')}`;
}
