// Cuts a CSV byte stream into chunks of whole records, without decoding it, so
// that each chunk can be decoded and parsed on its own (in a worker thread, or
// on this one) and still give exactly the records and physical line numbers
// that parsing the whole file would. A cut falls only after a line break that
// ends a record: never inside a quoted field, never between CR and LF. Quotes
// are read the way CsvParser reads them: a quote opens a quoted field only at
// the start of a field; anywhere else it is a literal character.
import { BadInputError } from '../../models/errors.js';

/** Whole records of a CSV file as raw bytes, and the physical line the first byte is on. */
export interface RecordChunk {
  bytes: Uint8Array;
  firstLine: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const EMPTY = new Uint8Array(0);

const QUOTE_HINT = 'Inside a quoted field a double quote is written twice (""); look for a stray " on that line.';

/**
 * Incremental: push() the file's bytes as they are read and take the chunks
 * next() gives (each up to the last record end seen); after end(), next()
 * gives the rest. The first chunk holds the file's first record (the header)
 * alone, with any blank lines before it.
 */
export class RecordChunker {
  /** Bytes not yet handed out; its first byte starts a record, on physical line `line`. */
  private carry: Uint8Array = EMPTY;
  private line = 1;
  /** How far carry has been scanned, and the scan's state there. */
  private scanned = 0;
  private recordStart = 0;
  private quotedFrom = -1;
  private recordHasText = false;
  /** Next LF, CR and quote at or after the scan (carry.length: none in what has arrived; -1: not searched). */
  private nextLf = -1;
  private nextCr = -1;
  private nextQuote = -1;
  /** The end of the last whole record found in carry. */
  private lastCut = 0;
  private headerOut = false;
  private ended = false;

  constructor(
    private readonly file: string,
    private readonly maxRecordLength: number,
  ) {}

  /** Adds the next bytes of the file. */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const n = this.carry.length;
    if (n === 0) this.carry = bytes;
    else {
      // A Buffer: its indexOf (every search here) is memchr, a plain Uint8Array's a byte-by-byte loop.
      const joined = Buffer.allocUnsafe(n + bytes.length);
      joined.set(this.carry, 0);
      joined.set(bytes, n);
      this.carry = joined;
    }
    // "None found" meant none in the bytes that had arrived: search again.
    if (this.nextLf === n) this.nextLf = -1;
    if (this.nextCr === n) this.nextCr = -1;
    if (this.nextQuote === n) this.nextQuote = -1;
  }

  /** The file has no more bytes. */
  end(): void {
    this.ended = true;
  }

  /** The next chunk of whole records, or undefined until more bytes are pushed (or, after end(), when all is out). */
  next(): RecordChunk | undefined {
    if (this.lastCut === 0) this.scan();
    if (this.lastCut > 0) return this.cut(this.lastCut);
    if (this.ended) return this.carry.length === 0 ? undefined : this.cut(this.carry.length);
    if (this.carry.length - this.recordStart > this.maxRecordLength) this.refuseLongRecord();
    return undefined;
  }

  private cut(at: number): RecordChunk {
    const bytes = this.carry.subarray(0, at);
    const chunk = { bytes, firstLine: this.line };
    this.line += countLineBreaks(bytes);
    this.carry = this.carry.subarray(at);
    const shift = (p: number) => (p < 0 ? p : p - at);
    this.scanned -= at;
    this.recordStart -= at;
    this.quotedFrom = shift(this.quotedFrom);
    this.nextLf = shift(this.nextLf);
    this.nextCr = shift(this.nextCr);
    this.nextQuote = shift(this.nextQuote);
    this.lastCut = 0;
    return chunk;
  }

  /** Scans carry from where the last scan stopped, moving lastCut to the end of the last whole record. */
  private scan(): void {
    const b = this.carry;
    const n = b.length;
    let p = this.scanned;
    let nextLf = this.nextLf;
    let nextCr = this.nextCr;
    let nextQuote = this.nextQuote;
    for (;;) {
      if (nextQuote < p) nextQuote = orEnd(b.indexOf(QUOTE, p), n);
      if (this.quotedFrom >= 0) {
        // Inside a quoted field: find its closing quote ("" is an escaped quote).
        const q = nextQuote;
        if (q >= n - 1) {
          p = q; // none yet, or a quote at the very end that may be half of ""
          break;
        }
        p = b[q + 1] === QUOTE ? q + 2 : q + 1;
        if (p === q + 1) this.quotedFrom = -1;
        continue;
      }
      if (nextLf < p) nextLf = orEnd(b.indexOf(LF, p), n);
      if (nextCr < p) nextCr = orEnd(b.indexOf(CR, p), n);
      const eol = nextLf < nextCr ? nextLf : nextCr;
      if (nextQuote < eol) {
        const q = nextQuote;
        this.recordHasText = true;
        if (q === this.recordStart || b[q - 1] === COMMA) this.quotedFrom = q;
        p = q + 1;
        continue;
      }
      if (eol === n) {
        if (n > p) this.recordHasText = true;
        p = n;
        break;
      }
      if (eol === n - 1 && b[eol] === CR && !this.ended) {
        p = eol; // the next byte may be the LF of a CRLF
        break;
      }
      if (eol > this.recordStart) this.recordHasText = true;
      const end = b[eol] === CR && b[eol + 1] === LF ? eol + 2 : eol + 1;
      p = end;
      this.recordStart = end;
      const hadText = this.recordHasText;
      this.recordHasText = false;
      if (this.headerOut) this.lastCut = end;
      else if (hadText) {
        this.headerOut = true;
        this.lastCut = end;
        break; // the header goes out alone
      }
    }
    this.scanned = p;
    this.nextLf = nextLf;
    this.nextCr = nextCr;
    this.nextQuote = nextQuote;
  }

  private refuseLongRecord(): never {
    const limit = this.maxRecordLength.toLocaleString('en-GB');
    if (this.quotedFrom >= 0) {
      const line = this.line + countLineBreaks(this.carry.subarray(0, this.quotedFrom));
      throw new BadInputError(
        'unterminated-quote',
        this.file,
        `the quoted field starting on line ${line} runs on for more than ${limit} characters without a closing quote`,
        QUOTE_HINT,
      );
    }
    const line = this.line + countLineBreaks(this.carry.subarray(0, this.recordStart));
    throw new BadInputError(
      'not-csv',
      this.file,
      `line ${line} is longer than ${limit} characters: this does not look like a CSV file`,
      'Check that the file is a comma-separated text export.',
    );
  }
}

function orEnd(index: number, n: number): number {
  return index < 0 ? n : index;
}

/** Line breaks (LF, CRLF or a lone CR) in bytes. */
export function countLineBreaks(bytes: Uint8Array): number {
  let k = 0;
  for (let p = bytes.indexOf(LF); p >= 0; p = bytes.indexOf(LF, p + 1)) k++;
  for (let p = bytes.indexOf(CR); p >= 0; p = bytes.indexOf(CR, p + 1)) if (bytes[p + 1] !== LF) k++;
  return k;
}
