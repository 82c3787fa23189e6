// An append-only UTF-8 buffer: text goes in piece by piece and comes out as
// one run of bytes, without first joining the pieces into one big string (a
// long-lived string that the garbage collector would copy, then encode). The
// parse phase writes its spool and event text into two of these per chunk.
// A thread whose sinks' bytes go elsewhere and come back (a staging worker's,
// via the main thread: parallel/stagerPool.ts) keeps them here for its next
// sinks, instead of allocating and collecting a megabyte or so per chunk.
const encoder = new TextEncoder();
const MAX_SPARE = 8;
const spare: ArrayBuffer[] = [];

export class ByteSink {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialBytes = 1 << 16) {
    const reused = spare.findIndex((b) => b.byteLength >= initialBytes);
    this.buffer = reused < 0 ? new Uint8Array(initialBytes) : new Uint8Array(spare.splice(reused, 1)[0] as ArrayBuffer);
  }

  /** Gives a sink's buffer back to this thread for later sinks (once nothing else uses it). */
  static recycle(buffer: ArrayBuffer): void {
    if (spare.length < MAX_SPARE) spare.push(buffer);
  }

  /** Appends text as UTF-8. */
  write(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (this.length + 3 * text.length > this.buffer.length) this.grow(this.length + 3 * text.length);
    this.length += encoder.encodeInto(text, this.buffer.subarray(this.length)).written;
  }

  /** The bytes written so far (a view: its buffer can be handed to another thread). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  private grow(needed: number): void {
    const next = new Uint8Array(Math.max(needed, 2 * this.buffer.length));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}
