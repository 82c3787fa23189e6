// What every event-log adapter does to an event on the way in and out: checks it
// against the envelope, the catalogue and its deterministic id, and writes it as
// one canonical JSON line (stable key order), so the same event always gives the
// same bytes whichever adapter stores it.
import {
  canonicalJson,
  EventType,
  NewEvent,
  parseEventData,
  SendwhError,
  SourceName,
  StoredEvent,
  type AppendMeta,
} from '../../models/index.js';
import { z, ZodError } from 'zod';
import { makeEventId } from '../hash.js';

/** The checked form of an event: the envelope, plus its payload in canonical JSON. */
export interface CheckedEvent {
  event: NewEvent;
  dataJson: string;
}

/** The checked event, or why it is not a valid event (envelope, payload against the catalogue, id). */
export function eventProblem(raw: unknown): { checked?: CheckedEvent; problem?: string } {
  const envelope = NewEvent.safeParse(raw);
  if (!envelope.success) return { problem: `not a valid event envelope (${summariseIssues(envelope.error.issues)})` };
  const event = envelope.data;
  const payload = payloadProblem(event);
  if (payload.problem !== undefined) return { problem: payload.problem };
  const { id, ...content } = event;
  if (makeEventId(content, payload.dataJson) !== id) return { problem: 'content does not match its id (edited?)' };
  return { checked: { event, dataJson: payload.dataJson } };
}

// Events made by mintEvent were checked as they were made (and frozen): the
// log takes them without serialising and hashing them a second time.
const minted = new WeakMap<object, CheckedEvent>();

/**
 * Makes an event from its content: checks the envelope and the payload
 * against the catalogue (as an append would), computes its deterministic id
 * and freezes it. An adapter's append trusts a minted event's check, so the
 * hot ingest path serialises and hashes each event once. Throws SendwhError
 * 'invalid-event' (a bug in the code that made it).
 */
export function mintEvent(content: Omit<NewEvent, 'id'>): NewEvent {
  const envelope = envelopeProblem(content);
  const payload = envelope === undefined ? payloadProblem(content as NewEvent) : { problem: envelope, dataJson: '' };
  if (payload.problem !== undefined) {
    throw new SendwhError('invalid-event', `refused an event for ${content.source} file ${content.file} line ${content.line}: ${payload.problem}`, {
      hint: 'this is a bug in the code that made the event: events must match the catalogue',
    });
  }
  Object.freeze(content.data);
  const event: NewEvent = Object.freeze({ id: makeEventId(content, payload.dataJson), ...content });
  minted.set(event, { event, dataJson: payload.dataJson });
  return event;
}

const HEX64 = /^[0-9a-f]{64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The envelope rules of NewEvent (but the id), checked by hand: mintEvent runs once per event. */
function envelopeProblem(e: Omit<NewEvent, 'id'>): string | undefined {
  if (!EventType.safeParse(e.type).success) return 'not a valid event envelope (type: not in the event catalogue)';
  if (!SourceName.safeParse(e.source).success) return 'not a valid event envelope (source: not a known source)';
  if (typeof e.key !== 'string') return 'not a valid event envelope (key: not a string)';
  if (!(e.asAt === null || (typeof e.asAt === 'string' && ISO_DATE.test(e.asAt)))) return 'not a valid event envelope (asAt: not YYYY-MM-DD or null)';
  if (typeof e.file !== 'string') return 'not a valid event envelope (file: not a string)';
  if (typeof e.sha256 !== 'string' || !HEX64.test(e.sha256)) return 'not a valid event envelope (sha256: not 64 hex digits)';
  if (!Number.isInteger(e.line) || e.line < 1) return 'not a valid event envelope (line: not a positive whole number)';
  if (!Number.isInteger(e.v) || e.v < 1) return 'not a valid event envelope (v: not a positive whole number)';
  if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) return 'not a valid event envelope (data: not an object)';
  return undefined;
}

/**
 * Checks an event for an append of `meta`; throws SendwhError 'invalid-event'
 * (a bug in whatever made the event) naming the problem.
 */
export function checkNewEvent(raw: unknown, meta: AppendMeta): CheckedEvent {
  const trusted = typeof raw === 'object' && raw !== null ? minted.get(raw) : undefined;
  const { checked, problem } = trusted !== undefined ? { checked: trusted, problem: undefined } : eventProblem(raw);
  if (checked === undefined) {
    const line = (raw as { line?: unknown } | null)?.line;
    const at = typeof line === 'number' ? ` line ${line}` : '';
    throw new SendwhError('invalid-event', `refused an event for ${meta.source} file ${meta.file}${at}: ${problem ?? 'invalid'}`, {
      hint: 'this is a bug in the code that made the event: events must be built with makeEventId and match the catalogue',
    });
  }
  if (checked.event.source !== meta.source) {
    throw new SendwhError(
      'invalid-event',
      `refused an event of source ${checked.event.source} in an append for source ${meta.source} (file ${meta.file})`,
      { hint: 'one append holds the events of one source file' },
    );
  }
  return checked;
}

const AppendMetaSchema = z.object({
  source: SourceName,
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Checks what an append is for; throws SendwhError 'invalid-append' (a bug in the caller). */
export function checkAppendMeta(meta: AppendMeta): AppendMeta {
  const parsed = AppendMetaSchema.safeParse(meta);
  if (!parsed.success) {
    throw new SendwhError('invalid-append', `cannot begin an append: ${summariseIssues(parsed.error.issues)}`, {
      hint: 'an append names a known source, the file base name and the file sha256 (64 hex digits)',
    });
  }
  return parsed.data;
}

/**
 * The canonical JSON of an event without seq (key order: the envelope, then data with its keys sorted): a Kafka
 * message's value, and the stored line once seq is put in front (storedLine).
 */
export function encodeEvent(checked: CheckedEvent): string {
  const e = checked.event;
  return (
    `{"id":${JSON.stringify(e.id)},"type":${JSON.stringify(e.type)},"v":${e.v},` +
    `"source":${JSON.stringify(e.source)},"key":${JSON.stringify(e.key)},"asAt":${JSON.stringify(e.asAt)},` +
    `"file":${JSON.stringify(e.file)},"sha256":${JSON.stringify(e.sha256)},"line":${e.line},"data":${checked.dataJson}}`
  );
}

/** The stored line of an encoded event (encodeEvent's form): seq first, then the rest unchanged. */
export function storedLine(seq: number, json: string): string {
  return `{"seq":${seq},${json.slice(1)}`;
}

/** The one-line canonical JSON of a stored event (key order: seq, then the envelope, data keys sorted). */
export function encodeStoredEvent(checked: CheckedEvent, seq: number): string {
  return storedLine(seq, encodeEvent(checked));
}

/** Parses one stored line; throws SendwhError 'log-corrupt' if it is not a stored event. */
export function decodeStoredEvent(line: string, where: string): StoredEvent {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (cause) {
    throw new SendwhError('log-corrupt', `${where}: not valid JSON`, { cause, hint: 'run `sendwh verify` to see what is damaged' });
  }
  const parsed = StoredEvent.safeParse(json);
  if (!parsed.success) {
    throw new SendwhError('log-corrupt', `${where}: not a stored event (${summariseIssues(parsed.error.issues)})`, {
      hint: 'run `sendwh verify` to see what is damaged',
    });
  }
  return parsed.data;
}

/** Paths and messages of the first few zod issues; never the offending values (they may be personal). */
export function summariseIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
  return issues.length > 3 ? `${shown.join('; ')}; and ${issues.length - 3} more` : shown.join('; ');
}

function payloadProblem(event: NewEvent): { problem?: string; dataJson: string } {
  const dataJson = canonicalJson(event.data);
  let parsed: unknown;
  try {
    parsed = parseEventData(event);
  } catch (error) {
    const detail = error instanceof ZodError ? summariseIssues(error.issues) : (error as Error).message;
    return { problem: `payload does not match ${event.type} v${event.v} (${detail})`, dataJson };
  }
  // zod drops keys a schema does not know; a payload that loses keys on parsing
  // would carry unreviewed (possibly personal) fields into the log.
  if (!sameJson(event.data, parsed)) {
    const known = new Set(Object.keys(parsed as Record<string, unknown>));
    const extra = Object.keys(event.data).filter((k) => !known.has(k) && event.data[k] !== undefined);
    const which = extra.length > 0 ? `fields the schema does not know: ${extra.join(', ')}` : 'values the schema would change';
    return { problem: `payload of ${event.type} v${event.v} has ${which}`, dataJson };
  }
  return { dataJson };
}

/** JSON equality, ignoring keys whose value is undefined (as canonicalJson does); cheaper than serialising. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameJson(v, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k of Object.keys(x)) {
    if (x[k] === undefined) continue;
    defined++;
    if (!sameJson(x[k], y[k])) return false;
  }
  return Object.keys(y).filter((k) => y[k] !== undefined).length === defined;
}
