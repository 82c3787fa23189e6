// sendwh schedule [--dry-run]: runs the scheduled jobs (the quarterly return on
// its working day; the drop folder's ingests) until stopped; --dry-run lists
// the next runs and why they fall when they do. The logic is in
// transforms/schedule/; run/schedule.ts reads options and config and wires it up.
import { defineCommand } from '../command.js';
import { SCHEDULE_JOBS } from '../../schedule/scheduleJobs.js';

export const scheduleCommand = defineCommand(
  {
    name: 'schedule',
    summary: 'run the scheduled jobs (quarterly return, drop folder); --dry-run lists the next runs',
    usage: 'schedule [--dry-run]',
    description: [
      'Runs until stopped (Ctrl-C or SIGTERM; run it as a service: see "Running on a schedule" in README.md):',
      '',
      '  quarterly-return  at 07:00 Europe/London on the 10th working day after the end of each financial quarter',
      '                    (30 Jun, 30 Sep, 31 Dec, 31 Mar; weekends and England and Wales bank holidays are not',
      '                    working days): sendwh build, then sendwh return safety-valve --quarter <the quarter just ended>.',
      '                    A run missed while the scheduler was not running is caught up once when it starts.',
      '  drop-folder       every 15 s looks at <home>/drop/<source>/ (census, cases, placements, finance, schools,',
      '                    cost-centres, areas, safety-valve-plan, ees). A file is taken once it has stopped changing',
      '                    (same size and modification time on two looks at least 10 s apart), ingested, and moved to',
      '                    drop/processed/<source>/, or, when refused (exit 2), to drop/rejected/<source>/ with a',
      '                    .reason.txt beside it; then sendwh build. Names starting with . or ~, or ending in .tmp,',
      '                    .part, .filepart or .crdownload, are left alone until renamed.',
      '',
      'Each job runs the sendwh CLI in a child process, with this command\'s global options (e.g. --log kafka',
      '--brokers ...); its run records say trigger "schedule". Two schedulers on one home never run at once',
      '(<home>/schedule.lock, taken over if its process has died) and never repeat a run; every run is logged',
      'and recorded in <home>/schedule-state.json.',
      '',
      'Settings come from <home>/schedule.json (every key optional; see README.md), overridden by the options here.',
    ].join('\n'),
    options: [
      { name: 'dry-run', type: 'boolean', description: 'list the next runs, and why they fall then, and exit' },
      { name: 'count', type: 'string', usage: '--count N', description: 'with --dry-run: how many quarterly runs to list (default 4)' },
      { name: 'from', type: 'string', usage: '--from DATE', description: 'with --dry-run: list the runs after this date (YYYY-MM-DD) or ISO time (default now)' },
      { name: 'config', type: 'string', usage: '--config FILE', description: 'the settings file (default <home>/schedule.json; absent: the defaults)' },
      { name: 'jobs', type: 'string', usage: '--jobs LIST', description: `only these jobs, comma separated (${SCHEDULE_JOBS.join(', ')})` },
      { name: 'time', type: 'string', usage: '--time HH:MM', description: 'time of the quarterly return, in the configured time zone (default 07:00)' },
      { name: 'working-day', type: 'string', usage: '--working-day N', description: 'the return runs on this working day after the quarter end (default 10)' },
      { name: 'drop', type: 'string', usage: '--drop DIR', description: 'the drop folder (default <home>/drop)' },
    ],
    examples: [
      'sendwh schedule --dry-run',
      'sendwh schedule --dry-run --from 2024-12-01 --count 2',
      'sendwh schedule --home /srv/sendwh',
      'sendwh schedule --jobs drop-folder --drop /mnt/extracts',
    ],
  },
  () => import('./run/schedule.js'),
);
