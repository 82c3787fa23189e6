// How a placement snapshot becomes events (CONTRACT §1.3): a placement starts
// (every field but LeavingDate) and later ends (LeavingDate); any other change
// between snapshots is a correction.
import { PlacementFieldName, type PlacementFields } from '../../models/index.js';
import type { Diff } from '../sourceSpec.js';
import { diffSnapshot, foldSnapshot, reachedStage, type SnapshotModel } from '../fields/snapshot.js';

const START = ['person', 'urn', 'ukprn', 'senSetting', 'entryDate', 'rank', 'senUnit', 'resourcedProvision'] as const;
const END = ['leavingDate'] as const;

/** The stages of a placement and which event each gives. */
export const PLACEMENT_MODEL: SnapshotModel<PlacementFields> = {
  id: 'placementId',
  fieldNames: PlacementFieldName.options,
  corrected: 'PlacementRecordCorrected',
  groups: [
    { fields: START, event: () => 'PlacementStarted', progressed: reachedStage('entryDate', START) },
    { fields: END, event: () => 'PlacementEnded', progressed: reachedStage('leavingDate', END) },
  ],
};

/** The events taking a placement from what the log knew (undefined: new) to this snapshot's fields. */
export function diffPlacement(prev: Partial<PlacementFields> | undefined, next: PlacementFields): Diff {
  return diffSnapshot(PLACEMENT_MODEL, prev, next);
}

/** A placement's fields rebuilt from its events in log order (the newest event that sets a field wins). */
export function foldPlacement(events: ReadonlyArray<{ data: Record<string, unknown> }>): PlacementFields | undefined {
  return foldSnapshot(PLACEMENT_MODEL, events);
}
