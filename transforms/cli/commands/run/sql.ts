// What sendwh sql does (declared in ../sql.ts): one query, a script from stdin
// or the interactive prompt, on a read-only SqlSession.
import { createInterface } from 'node:readline';
import { UsageError } from '../../../../models/index.js';
import type { Context } from '../../command.js';
import { renderResultCsv, renderResultTable, resultObjects, SqlSession, type StatementResult } from '../../sqlSession.js';

type Format = 'table' | 'csv' | 'json';
const FORMATS: readonly Format[] = ['table', 'csv', 'json'];

export async function run(ctx: Context): Promise<number> {
  const format = chooseFormat(ctx);
  const session = new SqlSession(ctx.home.root, ctx.home.warehouse);
  try {
    const query = ctx.positionals.join(' ').trim();
    if (query !== '') {
      printResults(ctx, format, await session.run(query));
      return 0;
    }
    if (process.stdin.isTTY || ctx.options.interactive === true) return await prompt(ctx, session, format);
    const script = await readStdin();
    if (script.trim() === '') throw new UsageError('no SQL given: pass a QUERY, pipe SQL on stdin, or run sendwh sql on a terminal for a prompt', 'e.g. sendwh sql "select * from fct_hnb_spend limit 5"');
    printResults(ctx, format, await session.run(script));
    return 0;
  } finally {
    session.close();
  }
}

function chooseFormat(ctx: Context): Format {
  const given = ctx.options.format;
  if (given !== undefined) {
    if (typeof given !== 'string' || !FORMATS.includes(given as Format)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${String(given)}'`);
    }
    if (ctx.output.json && given !== 'json') throw new UsageError(`--json and --format ${given} contradict each other`, 'give one of them');
    return given as Format;
  }
  if (ctx.output.json) return 'json';
  return process.stdout.isTTY ? 'table' : 'csv';
}

/** Prints a query's results: each statement that returns columns, in order. */
function printResults(ctx: Context, format: Format, results: StatementResult[]): void {
  const shown = results.filter((r) => r.columns.length > 0);
  if (format === 'json') {
    const value = shown.length === 1 ? resultObjects(shown[0] as StatementResult) : shown.map(resultObjects);
    // Through the one output function: with --json it prints the JSON; with --format json the text is the same JSON.
    ctx.output.result(value, (v) => JSON.stringify(v, null, 2));
    return;
  }
  const render = format === 'csv' ? renderResultCsv : renderResultTable;
  ctx.output.result(shown, () => shown.map(render).join('\n\n'));
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

const PROMPT_HELP = [
  'Enter SQL ending with ";" (it may span lines). The warehouse is read-only.',
  '  .tables   list the tables        .help   this text        .quit   leave (or Ctrl-D)',
  '  e.g. select financial_year, line, sum(amount) from fct_hnb_spend where ledger_type = \'Actual\' group by all order by all;',
].join('\n');

/** The interactive prompt: statements run when a line ends with ";"; an error is shown and the prompt goes on. */
async function prompt(ctx: Context, session: SqlSession, format: Format): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'sendwh> ', terminal: process.stdin.isTTY === true });
  let buffer = '';
  const write = (text: string): void => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  if (process.stdin.isTTY) write(`sendwh sql on ${ctx.home.warehouse} (read-only). Type .help for help.`);
  let running: Promise<void> = Promise.resolve();
  let closed = false;
  const done = new Promise<void>((resolve) =>
    rl.on('close', () => {
      closed = true;
      resolve();
    }),
  );
  const show = (text = 'sendwh> '): void => {
    if (closed) return;
    rl.setPrompt(text);
    rl.prompt();
  };
  rl.on('SIGINT', () => {
    if (buffer === '') rl.close();
    else {
      buffer = '';
      write('');
      show();
    }
  });
  let quit = false;
  rl.on('line', (line) => {
    running = running.then(async () => {
      // Lines read ahead of a .quit are not run.
      if (quit) return;
      const trimmed = line.trim();
      if (buffer === '' && trimmed.startsWith('.')) {
        const command = trimmed.split(/\s+/)[0];
        if (command === '.quit' || command === '.exit') {
          quit = true;
          rl.close();
          return;
        }
        if (command === '.help') write(PROMPT_HELP);
        else if (command === '.tables') await runAndShow('show tables');
        else write(`unknown command ${command}: .tables, .help or .quit`);
        show();
        return;
      }
      buffer += (buffer === '' ? '' : '\n') + line;
      if (!buffer.trimEnd().endsWith(';')) {
        if (buffer.trim() === '') buffer = '';
        show(buffer === '' ? 'sendwh> ' : '   ...> ');
        return;
      }
      const sql = buffer;
      buffer = '';
      await runAndShow(sql);
      show();
    });
  });
  show();
  async function runAndShow(sql: string): Promise<void> {
    try {
      const results = await session.run(sql);
      const shown = results.filter((r) => r.columns.length > 0);
      for (const result of shown) {
        if (format === 'json') write(JSON.stringify(resultObjects(result), null, 2));
        else write(format === 'csv' ? renderResultCsv(result) : renderResultTable(result));
      }
    } catch (error) {
      const e = error as { message?: string; hint?: string };
      process.stderr.write(`error: ${e.message ?? String(error)}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
    }
  }
  await done;
  await running;
  return 0;
}
