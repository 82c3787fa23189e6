// The one way results reach stdout: text (a table on a terminal) or, with
// --json, exactly one JSON document. Logs never go here (they go to stderr).

export interface Output {
  readonly json: boolean;
  /** Prints the command's result: `text` renders it for people, JSON prints it as data. */
  result(value: unknown, text: (value: unknown) => string): void;
  /** A line for people only (suppressed with --json). */
  line(text: string): void;
  /** A live progress line on a terminal (stderr); nothing when not a terminal. */
  progress(text: string): void;
  endProgress(): void;
}

export function createOutput(options: { json: boolean; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream }): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  let live = false;
  return {
    json: options.json,
    result(value, text) {
      if (options.json) stdout.write(JSON.stringify(value, bigintReplacer, 2) + '\n');
      else {
        const rendered = text(value);
        if (rendered) stdout.write(rendered.endsWith('\n') ? rendered : rendered + '\n');
      }
    },
    line(text) {
      if (!options.json) stdout.write(text + '\n');
    },
    progress(text) {
      if (!stderr.isTTY) return;
      stderr.write(`\r\x1b[2K${text}`);
      live = true;
    },
    endProgress() {
      if (live) stderr.write('\r\x1b[2K');
      live = false;
    },
  };
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? (Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()) : value;
}

/** A plain text table with right-aligned numbers. */
export function renderTable(rows: ReadonlyArray<Record<string, unknown>>, columns?: readonly string[]): string {
  if (rows.length === 0) return '(no rows)';
  const cols = columns ?? Object.keys(rows[0] as object);
  const cells = rows.map((r) => cols.map((c) => formatCell(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length)));
  const numeric = cols.map((_, i) => rows.every((r) => typeof r[cols[i] as string] === 'number' || typeof r[cols[i] as string] === 'bigint' || r[cols[i] as string] == null));
  const fmt = (values: string[]) =>
    values.map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [fmt([...cols]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n');
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value, bigintReplacer);
  return String(value);
}
