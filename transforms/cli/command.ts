// How a CLI command is declared: its name, help text, options and what it
// does. main.ts parses the arguments and hands each command a Context.
// Every declaration is loaded on every start (for --help and to parse the
// arguments), so it imports only what its help text needs; what the command
// does lives in commands/run/<name>.ts, imported when the command runs (see
// defineCommand): `sendwh ingest` never loads the warehouse, the returns or
// the scheduler, and `sendwh --help` loads none of them.
import type { Logger } from '../../models/index.js';
import type { HomePaths } from './home.js';
import type { Output } from './output.js';
import { EVENT_LOG_OPTIONS } from './eventLogOptions.js';
import type { RunRecorder } from '../runs/runRecord.js';

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Shown in --help, e.g. '--format table|csv|json'. */
  usage?: string;
  description: string;
}

export interface Context {
  home: HomePaths;
  output: Output;
  logger: Logger;
  /** The command's parsed options (global ones included). */
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  /** Set when the command runs on a schedule or inside another command (demo), for run records. */
  trigger: 'cli' | 'schedule' | 'demo';
  /** The run record of this command, when it is one that is recorded (ingest, build, return, ...): add inputs, positions, counts, checks. */
  run?: RunRecorder;
}

/** A command as --help and the argument parser see it. */
export interface CommandDeclaration {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The synopsis, e.g. 'ingest <source> <file>...'. */
  usage: string;
  /** Paragraphs shown by `sendwh <command> --help`. */
  description: string;
  options: readonly OptionSpec[];
  examples?: readonly string[];
}

/** What a command does: the `run` its module under commands/run/ exports. */
export interface CommandImplementation {
  run(ctx: Context): Promise<number | void>;
}

/** A declared command that runs: made by defineCommand. */
export interface Command extends CommandDeclaration {
  run(ctx: Context): Promise<number | void>;
}

/**
 * A command from its declaration and a loader of its implementation, e.g.
 * `() => import('./run/ingest.js')`: the implementation and everything it
 * imports are loaded when the command runs, not when the CLI starts.
 */
export function defineCommand(declaration: CommandDeclaration, implementation: () => Promise<CommandImplementation>): Command {
  return {
    ...declaration,
    async run(ctx) {
      const { run } = await implementation();
      return run(ctx);
    },
  };
}

/** Options every command takes (CONTRACT §3). */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'home', type: 'string', usage: '--home DIR', description: 'the installation directory: event log, warehouse, secret, run records (default .sendwh/ here, or $SENDWH_HOME)' },
  { name: 'json', type: 'boolean', description: 'print one JSON document on stdout instead of text' },
  { name: 'help', type: 'boolean', short: 'h', description: 'show help for the command' },
  // Which event log (embedded or Kafka) and how to reach it: see eventLogOptions.ts.
  ...EVENT_LOG_OPTIONS,
];
