#!/usr/bin/env -S node --max-semi-space-size=64
// The composition root: parses the command line, reads config, creates the
// logger and wires adapters into the command that was asked for.
// The bin runs Node with a 64 MB young generation (semi-space): an ingest makes
// short-lived strings and objects for every row, and with V8's default 16 MB
// the scavenger runs four times as often and copies the rows of every batch in
// flight: at a million rows that was a quarter of the ingest's time.
import { parseArgs } from 'node:util';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exitCodeFor, SendwhError, UsageError } from '../../models/index.js';
import { GLOBAL_OPTIONS, type Command, type Context, type OptionSpec } from './command.js';
import { homePaths, resolveHome } from './home.js';
import { createOutput } from './output.js';
import { createLogger } from './logging.js';
import { COMMANDS } from './commands/index.js';
import { triggerFromEnv } from '../runs/recordCommand.js';

/** Runs sendwh with these arguments; returns the exit code (0 done, 1 failed, 2 bad usage or input). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  const wantsJson = argv.includes('--json');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic ? COMMANDS.find((c) => c.name === topic) : undefined;
    process.stdout.write((command ? commandHelp(command) : generalHelp()) + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`sendwh ${await version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const output = createOutput({ json: wantsJson });
  const logger = createLogger({ env, command: name });
  try {
    if (!command) throw new UsageError(`unknown command '${name}'`, `run 'sendwh --help' for the list of commands`);
    const specs = [...GLOBAL_OPTIONS, ...command.options];
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: Object.fromEntries(specs.map((o) => [o.name, { type: o.type, multiple: o.multiple ?? false, ...(o.short ? { short: o.short } : {}) }])),
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message.split('\n')[0]}`, `run 'sendwh ${command.name} --help'`);
    }
    if (parsed.values.help) {
      process.stdout.write(commandHelp(command) + '\n');
      return 0;
    }
    const home = homePaths(resolveHome(parsed.values.home as string | undefined, env));
    const ctx: Context = {
      home,
      output,
      logger: logger.child({ command: command.name }),
      options: parsed.values as Record<string, string | boolean | string[] | undefined>,
      positionals: parsed.positionals,
      env,
      trigger: triggerFromEnv(env),
    };
    // Run recording opens the event log and the warehouse: loaded only when a command runs, not for --help.
    const { runRecorded } = await import('./runRecording.js');
    const code = await runRecorded(ctx, command, rest);
    return code ?? 0;
  } catch (error) {
    output.endProgress();
    return reportError(error, wantsJson, logger);
  }
}

function reportError(error: unknown, json: boolean, logger: ReturnType<typeof createLogger>): number {
  const code = exitCodeFor(error);
  const e = error instanceof SendwhError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (json) {
    process.stdout.write(JSON.stringify({ ok: false, error: { code: e?.code ?? 'internal', message, hint: e?.hint } }, null, 2) + '\n');
  }
  if (e) logger.debug({ code: e.code, cause: String(e.cause ?? '') }, message);
  else logger.error({ err: error }, 'unexpected failure (a bug: please report it with this log)');
  process.stderr.write(`sendwh: ${message}\n${e?.hint ? `  hint: ${e.hint}\n` : ''}`);
  return code;
}

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'sendwh: the SEND and High Needs data warehouse (event log -> DuckDB)',
    '',
    'Usage: sendwh <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...formatOptions(GLOBAL_OPTIONS),
    '  --version                 print the version',
    '',
    "Run 'sendwh <command> --help' for a command's options.",
    'Exit codes: 0 done, 1 failed, 2 bad usage or bad input file.',
    'Logs (JSON; pretty on a terminal) go to stderr; set SENDWH_LOG_LEVEL=debug|info|warn|error (default warn).',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [
    `Usage: sendwh ${command.usage}`,
    '',
    command.description,
    '',
    ...(command.options.length > 0 ? ['Options:', ...formatOptions(command.options), ''] : []),
    'Options for every command:',
    ...formatOptions(GLOBAL_OPTIONS),
    ...(command.examples && command.examples.length > 0 ? ['', 'Examples:', ...command.examples.map((e) => `  ${e}`)] : []),
  ].join('\n');
}

function formatOptions(options: readonly OptionSpec[]): string[] {
  const flags = options.map((o) => `  ${o.short ? `-${o.short}, ` : ''}${o.usage ?? `--${o.name}${o.type === 'string' ? ' VALUE' : ''}`}`);
  // One column for the descriptions, two spaces past the longest flag.
  const width = Math.max(...flags.map((f) => f.length)) + 2;
  return options.map((o, i) => (flags[i] as string).padEnd(width) + o.description);
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sendwh: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
