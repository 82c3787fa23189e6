// Where the parse phase of an ingest runs: the main thread reads the file and
// cuts it into chunks of whole records (csv/recordChunker.ts); a stager pool
// decodes, parses and checks each chunk (rowStager.stageChunk) and answers with
// its spool and event text as UTF-8 bytes; the main thread writes the answers
// in file order. Parsing is most of an ingest's CPU time, so on a machine with
// several cores the worker pool is where the cores go; the inline pool runs
// the same function on the main thread (small files, --workers 0).
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { BadInputError, type SourceName } from '../../models/index.js';
import type { ColumnMapping } from '../csv/columns.js';
import type { RecordChunk } from '../csv/recordChunker.js';
import { stageChunk, stagerFor, type StagedBatch } from '../rowStager.js';
import type { MapContext } from '../sourceSpec.js';
import { specFor } from '../sources.js';

/** One chunk of a file to stage. */
export interface StageJob {
  source: SourceName;
  file: string;
  /** The file's sha256 (record-hash sources form their events with it), else null. */
  sha256: string | null;
  mapping: ColumnMapping;
  chunk: RecordChunk;
}


/** What the main thread asks of a worker: stage a chunk, or take back the buffers of staged chunks it has written. */
export type StageRequest = { id: number; job: StageJob } | { recycle: ArrayBuffer[] };

/** A worker's answer: the staged chunk, or the error that stopped it (a bad file, or a bug). */
export type StageReply =
  | { id: number; staged: StagedBatch; error?: undefined }
  | { id: number; staged?: undefined; error: { message: string; badInput?: { code: string; file: string; detail: string; hint?: string } } };

export interface StagerPool {
  /** Chunks worth having in flight at once. */
  readonly size: number;
  /** Stages a chunk; resolves with its text. */
  stage(job: StageJob): Promise<StagedBatch>;
  /** Hands a staged chunk's buffers back to the thread that filled them, once written: the batch is unusable after. */
  release(staged: StagedBatch): void;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** Files smaller than this are parsed on the main thread: starting workers would cost more than they save. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** The young generation of a staging worker's heap. */
const WORKER_YOUNG_GENERATION_MB = 128;

/** The default number of staging workers: one per core. */
export function defaultWorkerCount(): number {
  return availableParallelism();
}

/** Stages a job here: what a worker does, and what the inline pool does. */
export function runStageJob(job: StageJob, pseudonymise: MapContext['pseudonymise']): StagedBatch {
  const stager = stagerFor(specFor(job.source), { pseudonymise, file: job.file }, job.sha256);
  return stageChunk(stager, job.chunk, job.mapping);
}

/** A pool that stages on the calling thread. */
export function inlineStagerPool(pseudonymise: MapContext['pseudonymise']): StagerPool {
  return {
    size: 1,
    stage: async (job) => runStageJob(job, pseudonymise),
    release: () => undefined,
    close: async () => undefined,
  };
}

/** Starts `size` staging workers holding the pseudonym secret. */
export function createStagerPool(size: number, secret: Buffer): StagerPool {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a stager pool needs at least one worker, not ${size}`);
  const workers: Worker[] = [];
  const waiting = new Map<number, { resolve: (s: StagedBatch) => void; reject: (e: Error) => void }>();
  const filledBy = new WeakMap<StagedBatch, Worker>();
  let nextId = 0;
  let failed: Error | undefined;
  const failAll = (error: Error) => {
    failed ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  for (let i = 0; i < size; i++) {
    const worker = new Worker(new URL('./stagerWorker.js', import.meta.url), {
      workerData: { secretHex: secret.toString('hex') },
      // A young generation that holds a chunk's short-lived rows: they die young instead of being promoted.
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    worker.on('message', (reply: StageReply) => {
      const w = waiting.get(reply.id);
      if (w === undefined) return;
      waiting.delete(reply.id);
      if (reply.error === undefined) w.resolve(reply.staged);
      else if (reply.error.badInput !== undefined) {
        const { code, file, detail, hint } = reply.error.badInput;
        w.reject(new BadInputError(code, file, detail, hint));
      } else w.reject(new Error(`a staging worker failed: ${reply.error.message}`));
    });
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => {
      if (code !== 0) failAll(new Error(`a staging worker stopped (exit code ${code})`));
    });
    workers.push(worker);
  }
  return {
    size: 2 * size,
    stage(job) {
      if (failed !== undefined) return Promise.reject(failed);
      const id = nextId++;
      const worker = workers[id % size] as Worker;
      return new Promise<StagedBatch>((resolve, reject) => {
        waiting.set(id, {
          resolve: (staged) => {
            filledBy.set(staged, worker);
            resolve(staged);
          },
          reject,
        });
        worker.postMessage({ id, job } satisfies StageRequest);
      });
    },
    release(staged) {
      const worker = filledBy.get(staged);
      if (worker === undefined || failed !== undefined) return;
      const buffers = [staged.spool.buffer as ArrayBuffer, staged.events.buffer as ArrayBuffer];
      worker.postMessage({ recycle: buffers } satisfies StageRequest, buffers);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
