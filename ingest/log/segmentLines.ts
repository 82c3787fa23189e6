// Streams the lines of an NDJSON segment in chunks, so reading or verifying a
// segment of any size holds only one chunk in memory; optionally hashes the raw
// bytes on the way (verify compares them with the manifest's checksum).
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Hash } from 'node:crypto';

/** Complete lines of one chunk; `tail` is set once, at the end, if the file does not end with a newline. */
export interface LineChunk {
  lines: string[];
  tail?: string;
}

/** The lines of a file, a chunk at a time (each line without its newline). */
export async function* segmentLines(path: string, hash?: Hash): AsyncGenerator<LineChunk> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash?.update(chunk);
    const text = carry + decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      lines.push(text.slice(start, nl));
      start = nl + 1;
    }
    carry = text.slice(start);
    if (lines.length > 0) yield { lines };
  }
  carry += decoder.end();
  if (carry.length > 0) yield { lines: [], tail: carry };
}
