// sendwh build: brings the warehouse up to date with the event log, reading
// only the events after its checkpoint, runs the data-quality checks on the
// new file and publishes it (readers are never blocked: see
// transforms/warehouse/build.ts). What it does is in run/build.ts.
import { defineCommand } from '../command.js';

export const buildCommand = defineCommand(
  {
    name: 'build',
    summary: "bring the warehouse up to date with the log (only the new events' work)",
    usage: 'build',
    description: [
      'Reads the events the warehouse has not seen yet (after its checkpoint), folds them into the tables they',
      'touch and recomputes only the partitions they reach; the first build, or one after the model definitions',
      'changed, builds from the whole log. The data-quality checks then run on the new file and their results are',
      'kept, with the earlier ones, in dq_check_results and dq_findings. The new file is written beside the live one',
      'and renamed over it, so readers (sendwh sql, DuckDB, Python, Power BI) are never blocked and never see half a',
      'build; a build that fails or is killed leaves the live warehouse as it was.',
      '',
      'Prints the mode (incremental or full, and why), the events read, the log positions read from and to, how',
      'long it took and the data-quality summary (each failing check with its findings). Failing checks do not fail',
      'the build: they are findings to look at (sendwh sql "select * from dq_findings ...").',
    ].join('\n'),
    options: [],
    examples: ['sendwh build', 'sendwh build --json', 'SENDWH_LOG_LEVEL=info sendwh build'],
  },
  () => import('./run/build.js'),
);
