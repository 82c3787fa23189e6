// Worker threads for the parse phase of an ingest: the main thread reads and
// splits the CSV, the workers check the rows and make their spool text
// (rowStager.stageBatch), and the main thread writes the answers to the spool
// in file order. Parsing is most of an ingest's CPU time, so on a machine with
// several cores this is where the cores go.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { SourceName } from '../../models/index.js';
import type { ColumnMapping } from '../csv/columns.js';
import type { CsvRecord } from '../csv/csvReader.js';
import type { StagedBatch } from '../rowStager.js';

/** One batch for a worker. */
export interface StageJob {
  id: number;
  source: SourceName;
  file: string;
  mapping: ColumnMapping;
  /** As parsed: the worker maps them to the source's columns (cheaper to send than mapped rows). */
  records: CsvRecord[];
}

/** A worker's answer: the batch's spool text, or the error that stopped it (a bug). */
export type StageReply = { id: number; batch: StagedBatch; error?: undefined } | { id: number; batch?: undefined; error: string };

export interface StagerPool {
  readonly size: number;
  /** Checks a batch in the next worker; resolves with its spool text. */
  stage(job: Omit<StageJob, 'id'>): Promise<StagedBatch>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** Files smaller than this are parsed on the main thread: starting workers would cost more than they save. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** The default number of staging workers: one per core. */
export function defaultWorkerCount(): number {
  return availableParallelism();
}

/** Starts `size` staging workers holding the pseudonym secret. */
export function createStagerPool(size: number, secret: Buffer): StagerPool {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a stager pool needs at least one worker, not ${size}`);
  const workers: Worker[] = [];
  const waiting = new Map<number, { resolve: (b: StagedBatch) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failed: Error | undefined;
  const failAll = (error: Error) => {
    failed ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  for (let i = 0; i < size; i++) {
    const worker = new Worker(new URL('./stagerWorker.js', import.meta.url), { workerData: { secretHex: secret.toString('hex') } });
    worker.on('message', (reply: StageReply) => {
      const w = waiting.get(reply.id);
      if (w === undefined) return;
      waiting.delete(reply.id);
      if (reply.error !== undefined) w.reject(new Error(`a staging worker failed: ${reply.error}`));
      else w.resolve(reply.batch);
    });
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => {
      if (code !== 0) failAll(new Error(`a staging worker stopped (exit code ${code})`));
    });
    workers.push(worker);
  }
  return {
    size,
    stage(job) {
      if (failed !== undefined) return Promise.reject(failed);
      const id = nextId++;
      return new Promise<StagedBatch>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        (workers[id % size] as Worker).postMessage({ ...job, id } satisfies StageJob);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
