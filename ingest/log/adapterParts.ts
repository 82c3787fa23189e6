// Pieces every durable event-log adapter (the file log, the Kafka log) uses
// the same way: the bounded list of verify problems, how an event range is
// named in them, an append's open/broken/done check, and the queue that runs
// an append's steps one at a time.
import { SendwhError, type AppendMeta, type VerifyProblem } from '../../models/index.js';

/** verify lists at most this many problems, and counts the rest. */
export const MAX_PROBLEMS = 1000;

/** Collects verify problems, keeping the first MAX_PROBLEMS and counting the rest. */
export class ProblemList {
  private readonly problems: VerifyProblem[] = [];
  private dropped = 0;

  add(problem: VerifyProblem): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
    else this.dropped++;
  }

  list(): VerifyProblem[] {
    if (this.dropped === 0) return [...this.problems];
    return [...this.problems, { where: 'log', problem: `and ${this.dropped} more problems not listed` }];
  }
}

/** 'event 7' or 'events 7..9', as verify problems name them. */
export function eventRange(first: number, last: number): string {
  return first === last ? `event ${first}` : `events ${first}..${last}`;
}

/** Where an append transaction is: open, broken by a failed write or send (only abort remains), or done. */
export type AppendState = 'open' | 'broken' | 'done';

/** Throws 'log-transaction-closed' unless the append is open; `failedStep` names what broke it ('write', 'send'). */
export function assertAppendOpen(state: AppendState, meta: AppendMeta, failedStep: string): void {
  if (state === 'open') return;
  const why = state === 'broken' ? `broken by a failed ${failedStep}: abort it` : 'finished';
  throw new SendwhError('log-transaction-closed', `this append (${meta.source} file ${meta.file}) is ${why}`);
}

/** Runs async work strictly one after another (a failed step does not block the next). */
export class SerialQueue {
  private queue: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
