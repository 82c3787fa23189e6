// Every command of the CLI, in the order --help lists them.
import type { Command } from '../command.js';
import { ingestCommand } from './ingest.js';
import { quarantineCommand } from './quarantine.js';
import { verifyCommand } from './verify.js';
import { statusCommand } from './status.js';
import { demoCommand } from './demo.js';

export const COMMANDS: readonly Command[] = [demoCommand, ingestCommand, quarantineCommand, verifyCommand, statusCommand];
