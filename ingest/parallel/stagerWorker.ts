// A staging worker thread: checks batches of rows for the main thread's ingest
// (rowStager.stageBatch) and answers with their spool text. It holds the
// installation's pseudonym secret (given at start, never logged) so that
// identifiers are pseudonymised here, as on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createPseudonymiser } from '../pseudonym.js';
import { specFor } from '../sources.js';
import { stageRecords } from '../rowStager.js';
import type { StageJob, StageReply } from './stagerPool.js';

const { secretHex } = workerData as { secretHex: string };
const pseudonymise = createPseudonymiser(Buffer.from(secretHex, 'hex'));
const port = parentPort;
if (port === null) throw new Error('stagerWorker.js runs as a worker thread only');

port.on('message', (job: StageJob) => {
  let reply: StageReply;
  try {
    reply = { id: job.id, batch: stageRecords(specFor(job.source), { pseudonymise, file: job.file }, job.records, job.mapping) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) };
  }
  port.postMessage(reply);
});
