// An event log wrapper that pauses a build in the middle of reading the log,
// so a test can act (open a reader, kill the process) while a build is running.
import type { EventLog, ReadOptions, StoredEvent } from '../../../../models/index.js';

export interface GatedLog extends EventLog {
  /** Resolves once the build has read its first batch and is waiting. */
  readonly paused: Promise<void>;
  /** Lets the build go on. */
  open(): void;
}

/** Wraps a log: read() yields one batch, then waits for open(). */
export function gate(inner: EventLog, batchSize = 1): GatedLog {
  let signalPaused!: () => void;
  const paused = new Promise<void>((resolve) => (signalPaused = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    kind: `gated-${inner.kind}`,
    paused,
    open: () => release(),
    position: () => inner.position(),
    begin: (meta) => inner.begin(meta),
    files: () => inner.files(),
    verify: () => inner.verify(),
    close: () => inner.close(),
    async *read(options: ReadOptions = {}): AsyncGenerator<StoredEvent[]> {
      let first = true;
      for await (const batch of inner.read({ ...options, batchSize })) {
        yield batch;
        if (first) {
          first = false;
          signalPaused();
          await released;
        }
      }
      if (first) signalPaused();
    },
  };
}
