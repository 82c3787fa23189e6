// One small error hierarchy for bugs and infrastructure faults. Expected problems
// (a bad row, a bad file) are values (see diagnostics.ts), not exceptions.

/** Why a command failed; maps to the CLI exit code (CONTRACT §3). */
export type ErrorKind = 'usage' | 'bad-input' | 'failure';

export class SendwhError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  /** What the user can do about it, printed under the message. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { cause?: unknown; hint?: string; kind?: ErrorKind } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SendwhError';
    this.code = code;
    this.kind = options.kind ?? 'failure';
    this.hint = options.hint;
  }
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends SendwhError {
  constructor(message: string, hint?: string) {
    super('bad-usage', message, { kind: 'usage', ...(hint === undefined ? {} : { hint }) });
  }
}

/** A whole input file that cannot be read (not CSV, wrong encoding, missing column): exit code 2. */
export class BadInputError extends SendwhError {
  readonly file: string;
  constructor(code: string, file: string, message: string, hint?: string) {
    super(code, `${file}: ${message}`, { kind: 'bad-input', ...(hint === undefined ? {} : { hint }) });
    this.file = file;
  }
}

/** The CLI exit code for an error (0 done, 1 failed, 2 bad usage or bad input file). */
export function exitCodeFor(error: unknown): 1 | 2 {
  return error instanceof SendwhError && error.kind !== 'failure' ? 2 : 1;
}
