// sendwh sql: read-only SQL on the live warehouse. One query from the command
// line, a script from stdin, or an interactive prompt on a terminal. It opens
// the published file read-only, so it is served while a build or rebuild runs
// (builds write a separate file and rename it over the live one) and it can
// never change a table: the warehouse is rebuilt from the event log.
import { defineCommand } from '../command.js';

export const sqlCommand = defineCommand(
  {
    name: 'sql',
    summary: 'run read-only SQL on the warehouse (stdin or a prompt without QUERY)',
    usage: 'sql [QUERY] [--format table|csv|json]',
    description: [
      'Runs SQL on the live warehouse, opened read-only: a build or rebuild running at the same time never blocks it',
      '(builds write a separate file and publish it by renaming), and nothing it runs can change a table. Queries,',
      'DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PRAGMA and SET are allowed; INSERT, UPDATE, DELETE, CREATE, DROP, ALTER,',
      'COPY, EXPORT, ATTACH, INSTALL, LOAD and the like are refused (exit 2) before any statement of the query runs:',
      'the warehouse is rebuilt from the event log, so change the extracts, not the tables.',
      '',
      'QUERY may hold several statements separated by ";". Without QUERY, the SQL is read from stdin when stdin is',
      'not a terminal; on a terminal an interactive prompt starts (sendwh> ; a statement ends with ";", .tables lists',
      'the tables, .quit or Ctrl-D leaves). The prompt sees a newer build from the next statement on.',
      '',
      'Output: a table on a terminal, CSV when stdout is piped, or as --format says; --json means --format json.',
      'JSON is an array of row objects (an array of such arrays when several statements return rows); counts and',
      'money are JSON numbers, dates are YYYY-MM-DD text. Tables: see README "The warehouse", or sendwh sql "show tables".',
    ].join('\n'),
    options: [
      { name: 'format', type: 'string', usage: '--format table|csv|json', description: 'how to print results (default: table on a terminal, else csv)' },
      { name: 'interactive', type: 'boolean', description: 'start the prompt even when stdin is not a terminal (e.g. an editor\'s shell)' },
    ],
    examples: [
      'sendwh sql "select * from fct_hnb_spend limit 5"',
      'sendwh sql "select financial_year, line, sum(amount) as amount from fct_hnb_spend where ledger_type = \'Actual\' group by all order by all" --format csv > spend.csv',
      'sendwh sql --json "select * from dq_check_results where log_position = (select max(log_position) from dq_check_results)"',
      'sendwh sql < monthly_queries.sql',
      'sendwh sql',
    ],
  },
  () => import('./run/sql.js'),
);
