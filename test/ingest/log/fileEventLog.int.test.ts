// The embedded file event log: the event-log contract on a real directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileEventLog } from '../../../ingest/log/fileEventLog.js';
import { describeEventLogContract } from './eventLogContract.js';

describeEventLogContract('file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sendwh-log-'));
  const logDir = join(dir, 'log');
  return {
    log: await createFileEventLog(logDir),
    reopen: () => createFileEventLog(logDir),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
