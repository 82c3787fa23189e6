// Every command of the CLI, in the order --help lists them.
import type { Command } from '../command.js';
import { ingestCommand } from './ingest.js';
import { buildCommand } from './build.js';
import { rebuildCommand } from './rebuild.js';
import { sqlCommand } from './sql.js';
import { returnCommand } from './return.js';
import { reproduceCommand } from './reproduce.js';
import { quarantineCommand } from './quarantine.js';
import { verifyCommand } from './verify.js';
import { statusCommand } from './status.js';
import { demoCommand } from './demo.js';
import { scheduleCommand } from './schedule.js';
import { whyCommand } from './why.js';
import { docsCommand } from './docs.js';
import { exportCommand } from './export.js';

export const COMMANDS: readonly Command[] = [demoCommand, ingestCommand, buildCommand, rebuildCommand, sqlCommand, returnCommand, reproduceCommand, scheduleCommand, quarantineCommand, verifyCommand, statusCommand, whyCommand, docsCommand, exportCommand];
