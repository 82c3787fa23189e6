// The jobs `sendwh schedule` runs, in a module of their own: the CLI's help names
// them without loading the scheduler (node-cron).

/** The jobs `sendwh schedule` runs. */
export const SCHEDULE_JOBS = ['quarterly-return', 'drop-folder'] as const;
