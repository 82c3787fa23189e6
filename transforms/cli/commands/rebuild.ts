// sendwh rebuild [--verify]: builds the warehouse from the whole event log
// again. With --verify it compares the result with the live warehouse table by
// table instead of publishing it, and fails naming the tables that differ.
import { defineCommand } from '../command.js';

export const rebuildCommand = defineCommand(
  {
    name: 'rebuild',
    summary: 'build from the whole log again; --verify compares with the live warehouse',
    usage: 'rebuild [--verify]',
    description: [
      'Builds the warehouse from the whole event log into a new file. Without --verify the new file replaces the',
      'live one (renamed over it: readers are never blocked), after the data-quality checks have run on it; their',
      'earlier results are carried over as history. Use it after an upgrade of sendwh or when the log was restored.',
      '',
      'With --verify the rebuild reads the log up to the position the live warehouse has read, compares every table',
      'with the live one by content (row count, columns and an order-independent hash of the rows) and leaves the',
      'live warehouse as it is. It exits 0 when they are identical and 1 naming each table that differs. Build',
      'bookkeeping (build_runs) and the data-quality history (dq_check_results, dq_findings) are not compared.',
    ].join('\n'),
    options: [{ name: 'verify', type: 'boolean', description: 'compare with the live warehouse instead of replacing it; exit 1 naming the tables that differ' }],
    examples: ['sendwh rebuild --verify', 'sendwh rebuild', 'sendwh rebuild --verify --json'],
  },
  () => import('./run/rebuild.js'),
);
