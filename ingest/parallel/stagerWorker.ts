// A staging worker thread: decodes, parses and checks chunks of an extract for
// the main thread's ingest (stagerPool.runStageJob) and answers with their
// spool and event bytes, handed over without a copy (and handed back, once
// written, for the next chunks: ByteSink.recycle). It holds the
// installation's pseudonym secret (given at start, never logged) so that
// identifiers are pseudonymised here, as on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { BadInputError } from '../../models/index.js';
import { createPseudonymiser } from '../pseudonym.js';
import { ByteSink } from '../byteSink.js';
import { runStageJob, type StageReply, type StageRequest } from './stagerPool.js';

const { secretHex } = workerData as { secretHex: string };
const pseudonymise = createPseudonymiser(Buffer.from(secretHex, 'hex'));
const port = parentPort;
if (port === null) throw new Error('stagerWorker.js runs as a worker thread only');

port.on('message', (message: StageRequest) => {
  if ('recycle' in message) {
    for (const buffer of message.recycle) ByteSink.recycle(buffer);
    return;
  }
  const { id, job } = message;
  let reply: StageReply;
  try {
    const staged = runStageJob(job, pseudonymise);
    port.postMessage({ id, staged } satisfies StageReply, [staged.spool.buffer as ArrayBuffer, staged.events.buffer as ArrayBuffer]);
    return;
  } catch (error) {
    if (error instanceof BadInputError) {
      const detail = error.message.slice(error.file.length + 2);
      reply = { id, error: { message: error.message, badInput: { code: error.code, file: error.file, detail, ...(error.hint === undefined ? {} : { hint: error.hint }) } } };
    } else reply = { id, error: { message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) } };
  }
  port.postMessage(reply);
});
