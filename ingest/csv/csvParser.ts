// RFC 4180 record parser over decoded text, fed chunk by chunk: the hot loop of
// every ingest. Pure (no I/O) so it can be driven with any chunking in tests.
// A line without a double quote takes the fast path (indexOf and slice); only
// lines holding a quote go through the field-by-field state machine. The next
// LF, CR, quote and comma positions are cached so every byte is scanned by
// indexOf at most once per search, whatever the line layout.
import { BadInputError } from '../../models/errors.js';

/** One CSV record: its fields as written (not trimmed) and the 1-based physical line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Longest record (in UTF-16 code units) held while waiting for its end: past this the file is refused. */
export const DEFAULT_MAX_RECORD_LENGTH = 16 * 1024 * 1024;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

const QUOTE_HINT = 'Inside a quoted field a double quote is written twice (""); look for a stray " on that line.';

/** Incremental RFC 4180 parser: feed decoded text, take complete records as wanted. */
export class CsvParser {
  // The buffered text, the start of its first unparsed record and that record's
  // physical line, and the cached next positions from there (n = none left).
  private s = '';
  private n = 0;
  private pos = 0;
  private line = 1;
  private final = false;
  private nextLf = -1;
  private nextCr = -1;
  private nextQuote = -1;
  private nextComma = -1;
  /** Set by quotedRecord: the physical line after the record it consumed. */
  private endLine = 0;
  /** Set by quotedRecord when it stops for lack of text: the line of the open quoted field, else 0. */
  private openQuoteLine = 0;

  constructor(
    private readonly file: string,
    private readonly maxRecordLength: number = DEFAULT_MAX_RECORD_LENGTH,
    /** The physical line the text starts on (a chunk of a file, recordChunker.ts). */
    startLine = 1,
  ) {
    this.line = startLine;
  }

  /** Appends decoded text after what is still unparsed. */
  feed(text: string): void {
    if (this.final) throw new Error('CsvParser: feed() after end()');
    const rest = this.pos === 0 ? this.s : this.s.slice(this.pos);
    this.s = rest.length === 0 ? text : rest + text;
    this.n = this.s.length;
    this.pos = 0;
    this.nextLf = this.nextCr = this.nextQuote = this.nextComma = -1;
  }

  /** Marks the end of the text: the last record needs no line break, an open quote is an error. */
  end(): void {
    this.final = true;
  }

  /**
   * Appends up to `max` complete records to `out`. True when it stopped at `max`
   * (call again); false when the buffered text is used up (feed more, or after end() the file is done).
   */
  parse(out: CsvRecord[], max: number): boolean {
    const s = this.s;
    const n = this.n;
    const final = this.final;
    let pos = this.pos;
    let line = this.line;
    let left = max;
    // Locals for the hot loop; the slow path reads and writes the fields.
    let nextLf = this.nextLf;
    let nextCr = this.nextCr;
    let nextQuote = this.nextQuote;
    let nextComma = this.nextComma;
    let starved = true;
    this.openQuoteLine = 0;
    while (pos < n) {
      if (left === 0) {
        starved = false;
        break;
      }
      if (nextLf < pos) nextLf = orEnd(s.indexOf('\n', pos), n);
      if (nextCr < pos) nextCr = orEnd(s.indexOf('\r', pos), n);
      if (nextQuote < pos) nextQuote = orEnd(s.indexOf('"', pos), n);
      const eol = nextLf < nextCr ? nextLf : nextCr;
      if (nextQuote >= eol) {
        if (!final && (eol === n || (eol === n - 1 && s.charCodeAt(eol) === CR))) break; // a CR's LF may be next
        if (eol > pos) {
          const fields: string[] = [];
          let p = pos;
          for (;;) {
            if (nextComma < p) nextComma = orEnd(s.indexOf(',', p), n);
            if (nextComma >= eol) break;
            fields.push(s.slice(p, nextComma));
            p = nextComma + 1;
          }
          fields.push(s.slice(p, eol));
          out.push({ line, fields });
          left--;
        }
        pos = eol === n ? n : eol + (s.charCodeAt(eol) === CR && s.charCodeAt(eol + 1) === LF ? 2 : 1);
        line++;
      } else {
        this.nextLf = nextLf;
        this.nextCr = nextCr;
        this.nextQuote = nextQuote;
        this.nextComma = nextComma;
        const end = this.quotedRecord(pos, line, final, out);
        if (end < 0) {
          // The record will be parsed again from its start: forget positions found past it.
          nextLf = nextCr = nextQuote = nextComma = -1;
          break;
        }
        nextLf = this.nextLf;
        nextCr = this.nextCr;
        nextQuote = this.nextQuote;
        nextComma = this.nextComma;
        left--;
        pos = end;
        line = this.endLine;
      }
    }
    this.pos = pos;
    this.line = line;
    this.nextLf = nextLf;
    this.nextCr = nextCr;
    this.nextQuote = nextQuote;
    this.nextComma = nextComma;
    if (starved && n - pos > this.maxRecordLength) this.refuseLongRecord(line);
    return !starved;
  }

  /** Feeds `text` and takes every complete record; `final` ends the file. */
  push(text: string, final: boolean, out: CsvRecord[]): void {
    this.feed(text);
    if (final) this.end();
    this.parse(out, Infinity);
  }

  private refuseLongRecord(line: number): never {
    const limit = this.maxRecordLength.toLocaleString('en-GB');
    if (this.openQuoteLine > 0) {
      throw new BadInputError(
        'unterminated-quote',
        this.file,
        `the quoted field starting on line ${this.openQuoteLine} runs on for more than ${limit} characters without a closing quote`,
        QUOTE_HINT,
      );
    }
    throw new BadInputError(
      'not-csv',
      this.file,
      `line ${line} is longer than ${limit} characters: this does not look like a CSV file`,
      'Check that the file is a comma-separated text export.',
    );
  }

  /**
   * Parses one record that holds a quote, starting at `start`. Returns the position after it
   * (and sets endLine), or -1 when the text ends first and more may come.
   */
  private quotedRecord(start: number, line: number, final: boolean, out: CsvRecord[]): number {
    const s = this.s;
    const n = this.n;
    const fields: string[] = [];
    let i = start;
    let cur = line;
    this.openQuoteLine = 0;
    for (;;) {
      let value = '';
      if (i < n && s.charCodeAt(i) === QUOTE) {
        let from = i + 1;
        for (;;) {
          const q = this.quoteFrom(from);
          if (q === n || (q === n - 1 && !final)) {
            // Unclosed so far (or a final quote that may be the first of an escaped pair).
            if (final) {
              throw new BadInputError(
                'unterminated-quote',
                this.file,
                `the quoted field starting on line ${cur} is never closed`,
                QUOTE_HINT,
              );
            }
            this.openQuoteLine = cur;
            return -1;
          }
          value += s.slice(from, q);
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          cur += this.breaksBetween(i + 1, q);
          i = q + 1;
          break;
        }
      }
      // An unquoted field, or text after a closing quote (kept as written, as most readers do).
      const comma = this.commaFrom(i);
      const eol = this.eolFrom(i);
      const stop = comma < eol ? comma : eol;
      if (stop > i) value += s.slice(i, stop);
      fields.push(value);
      i = stop;
      if (i === n) {
        if (!final) return -1;
        out.push({ line, fields });
        this.endLine = cur;
        return n;
      }
      if (i === comma) {
        i++;
        continue;
      }
      if (s.charCodeAt(i) === CR) {
        if (i === n - 1 && !final) return -1;
        i += s.charCodeAt(i + 1) === LF ? 2 : 1;
      } else {
        i++;
      }
      out.push({ line, fields });
      this.endLine = cur + 1;
      return i;
    }
  }

  // Cached searches: a cached position p found from some earlier start stays the
  // answer for every later start up to p, because searches only move forward.
  private lfFrom(i: number): number {
    if (this.nextLf < i) {
      const p = this.s.indexOf('\n', i);
      this.nextLf = p < 0 ? this.n : p;
    }
    return this.nextLf;
  }

  private crFrom(i: number): number {
    if (this.nextCr < i) {
      const p = this.s.indexOf('\r', i);
      this.nextCr = p < 0 ? this.n : p;
    }
    return this.nextCr;
  }

  private eolFrom(i: number): number {
    const lf = this.lfFrom(i);
    const cr = this.crFrom(i);
    return lf < cr ? lf : cr;
  }

  private quoteFrom(i: number): number {
    if (this.nextQuote < i) {
      const p = this.s.indexOf('"', i);
      this.nextQuote = p < 0 ? this.n : p;
    }
    return this.nextQuote;
  }

  private commaFrom(i: number): number {
    if (this.nextComma < i) {
      const p = this.s.indexOf(',', i);
      this.nextComma = p < 0 ? this.n : p;
    }
    return this.nextComma;
  }

  /** Line breaks (LF, CRLF or a lone CR) in s[from, to). */
  private breaksBetween(from: number, to: number): number {
    let k = 0;
    for (let p = this.lfFrom(from); p < to; p = this.lfFrom(p + 1)) k++;
    for (let p = this.crFrom(from); p < to; p = this.crFrom(p + 1)) if (this.s.charCodeAt(p + 1) !== LF) k++;
    return k;
  }
}

function orEnd(index: number, n: number): number {
  return index < 0 ? n : index;
}

/** Line breaks (LF, CRLF or a lone CR) in text[from, to). */
export function countBreaks(text: string, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) k++;
  }
  return k;
}
