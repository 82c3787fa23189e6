// Snapshot sources (cases, placements) arrive as full snapshots, not changes.
// This turns "what the log knew" and "what this snapshot says" into immutable
// events: fields are grouped by the stage of the process that sets them; a
// group that reaches its stage gives that stage's event, any other change is
// one correction carrying exactly the changed fields. Every event's data is the
// record's id plus the fields it sets, so folding a record's events ("the
// newest event that has the field wins") gives back the latest snapshot.
import type { EventType } from '../../models/index.js';
import type { Diff, EventDraft } from '../sourceSpec.js';

type Fields = Record<string, unknown>;

/** A group of fields set by one stage of the process. */
export interface SnapshotGroup<F extends Fields> {
  fields: readonly (keyof F & string)[];
  /** The stage's event type, which may depend on the new values (a plan issued or not). */
  event: (next: F) => EventType;
  /**
   * Whether a change of this group is the record moving on (a stage event) rather
   * than a correction, given the previous and new values (blank as null).
   */
  progressed: (prev: F, next: F) => boolean;
}

export interface SnapshotModel<F extends Fields> {
  /** The identity field, carried by every event. */
  id: keyof F & string;
  /** Every field of the record, identity included, in a stable order. */
  fieldNames: readonly (keyof F & string)[];
  /** The groups in process order; the first is the record's opening event and is always emitted for a new record. */
  groups: readonly SnapshotGroup<F>[];
  /** The event for changes that are not progress. */
  corrected: EventType;
}

const allNull = <F extends Fields>(record: F, fields: readonly string[]) => fields.every((f) => record[f] === null);

/**
 * The usual progress rule: the group had no values and now has some, or its
 * stage field was blank (or, for an outcome, 'A' awaiting) and now has a value.
 */
export function reachedStage<F extends Fields>(stage: keyof F & string, fields: readonly (keyof F & string)[]) {
  return (prev: F, next: F): boolean => {
    if (allNull(prev, fields)) return !allNull(next, fields);
    const before = prev[stage];
    const after = next[stage];
    return after !== null && (before === null || (before === 'A' && after !== 'A'));
  };
}

/** Missing fields (a record rebuilt from events that never set them) count as null. */
function complete<F extends Fields>(model: SnapshotModel<F>, record: Partial<F>): F {
  const out: Fields = {};
  for (const f of model.fieldNames) out[f] = record[f] ?? null;
  return out as F;
}

function pick<F extends Fields>(model: SnapshotModel<F>, record: F, fields: readonly string[]): Record<string, unknown> {
  const data: Record<string, unknown> = { [model.id]: record[model.id] };
  for (const f of fields) data[f] = record[f];
  return data;
}

/** The events that take the log from `prev` (undefined for a new identity) to the snapshot `next`. */
export function diffSnapshot<F extends Fields>(model: SnapshotModel<F>, prevRecord: Partial<F> | undefined, nextRecord: F): Diff {
  const next = complete(model, nextRecord);
  const events: EventDraft[] = [];
  if (prevRecord === undefined) {
    model.groups.forEach((group, i) => {
      if (i === 0 || !allNull(next, group.fields)) events.push({ type: group.event(next), v: 1, data: pick(model, next, group.fields) });
    });
    return { change: 'new', events };
  }
  const prev = complete(model, prevRecord);
  const corrected: string[] = [];
  for (const group of model.groups) {
    const changed = group.fields.filter((f) => prev[f] !== next[f]);
    if (changed.length === 0) continue;
    if (group.progressed(prev, next)) events.push({ type: group.event(next), v: 1, data: pick(model, next, group.fields) });
    else corrected.push(...changed);
  }
  if (corrected.length > 0) events.push({ type: model.corrected, v: 1, data: pick(model, next, corrected) });
  return { change: corrected.length > 0 ? 'correction' : events.length > 0 ? 'progress' : 'unchanged', events };
}

/** Folds a record's events in log order: the newest event that sets a field wins; undefined when there are none. */
export function foldSnapshot<F extends Fields>(
  model: Pick<SnapshotModel<F>, 'fieldNames'>,
  events: ReadonlyArray<{ data: Record<string, unknown> }>,
): F | undefined {
  if (events.length === 0) return undefined;
  const out: Fields = {};
  for (const f of model.fieldNames) out[f] = null;
  for (const { data } of events) for (const f of model.fieldNames) if (f in data) out[f] = data[f];
  return out as F;
}
