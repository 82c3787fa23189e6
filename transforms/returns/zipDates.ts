// Makes a zip file (an .xlsx is one) independent of the clock: exceljs (through
// JSZip) stamps every entry with the time it was written, so two workbooks of
// the same figures differ. This rewrites the date and time of every entry, in
// the central directory and in each local header, to one fixed moment. The
// compressed data is left as it is (JSZip's deflate is plain JavaScript, the
// same bytes on every platform). Fails on a zip it does not understand rather
// than leaving a clock in it.
import { SendwhError } from '../../models/index.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Extra-field ids that carry times (extended timestamp, NTFS times, Info-ZIP Unix). */
const TIME_FIELDS = new Set([0x5455, 0x000a, 0x5855, 0x7875]);

/** A copy of the zip with every entry dated `date` (UTC calendar day, midnight). */
export function fixZipDates(zip: Buffer, date: string): Buffer {
  const out = Buffer.from(zip);
  const { time, day } = dosDateTime(date);
  const eocd = findEndOfCentralDirectory(out);
  const entries = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(at) !== CENTRAL) bad(`central directory entry ${n} is not where the directory says`);
    out.writeUInt16LE(time, at + 12);
    out.writeUInt16LE(day, at + 14);
    const nameLength = out.readUInt16LE(at + 28);
    const extraLength = out.readUInt16LE(at + 30);
    const commentLength = out.readUInt16LE(at + 32);
    checkExtra(out, at + 46 + nameLength, extraLength);
    const local = out.readUInt32LE(at + 42);
    if (out.readUInt32LE(local) !== LOCAL) bad(`the local header of entry ${n} is not where the directory says`);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(day, local + 12);
    checkExtra(out, local + 30 + out.readUInt16LE(local + 26), out.readUInt16LE(local + 28));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/** The MS-DOS time and date fields for midnight on YYYY-MM-DD. */
export function dosDateTime(date: string): { time: number; day: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (!(y >= 1980 && y <= 2107)) bad(`a zip date must be between 1980 and 2107, not ${date}`);
  return { time: 0, day: ((y - 1980) << 9) | (m << 5) | d };
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65535.
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 65535); at--) {
    if (buf.readUInt32LE(at) === EOCD) return at;
  }
  return bad('no end of central directory record');
}

function checkExtra(buf: Buffer, start: number, length: number): void {
  for (let at = start; at + 4 <= start + length; ) {
    const id = buf.readUInt16LE(at);
    if (TIME_FIELDS.has(id)) bad(`an entry carries a timestamp extra field (0x${id.toString(16)})`);
    at += 4 + buf.readUInt16LE(at + 2);
  }
}

function bad(why: string): never {
  throw new SendwhError('zip-not-understood', `cannot fix the dates of the workbook's zip: ${why}`, {
    hint: 'exceljs or JSZip changed how they write files; the return refuses to write a workbook that depends on the clock',
  });
}
