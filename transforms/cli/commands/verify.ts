// sendwh verify: proves the event log's integrity end to end.
import { defineCommand } from '../command.js';

export const verifyCommand = defineCommand(
  {
    name: 'verify',
    summary: "check the event log's integrity end to end",
    usage: 'verify',
    description: [
      'Re-reads the whole event log: every segment against its recorded sha256, every event against its id',
      '(so an edited event is named), the sequence numbers (a removed or reordered event is named), and every',
      'payload against its schema. Exits 1 and lists the problems when anything is wrong.',
    ].join('\n'),
    options: [],
  },
  () => import('./run/verify.js'),
);
