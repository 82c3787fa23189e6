// The registry of sources: every extract `sendwh ingest` accepts (CONTRACT §1)
// and the pure row -> record -> events mapping for it.
import { UsageError, SOURCE_NAMES, type SourceName } from '../models/index.js';
import { areasSpec } from './areas/areasSpec.js';
import { casesSpec } from './cases/casesSpec.js';
import { censusSpec } from './census/censusSpec.js';
import { costCentresSpec } from './costCentres/costCentresSpec.js';
import { eesSpec } from './ees/eesSpec.js';
import { financeSpec } from './finance/financeSpec.js';
import { placementsSpec } from './placements/placementsSpec.js';
import { safetyValvePlanSpec } from './safetyValvePlan/safetyValvePlanSpec.js';
import { schoolsSpec } from './schools/schoolsSpec.js';
import type { SourceSpec } from './sourceSpec.js';

/** The SourceSpec of every source. */
export const SOURCE_SPECS: Readonly<Record<SourceName, SourceSpec>> = {
  census: censusSpec,
  cases: casesSpec,
  placements: placementsSpec,
  finance: financeSpec,
  schools: schoolsSpec,
  'cost-centres': costCentresSpec,
  areas: areasSpec,
  'safety-valve-plan': safetyValvePlanSpec,
  ees: eesSpec,
};

/** The SourceSpec of a source; a name that is not a source is a usage error. */
export function specFor(source: SourceName | string): SourceSpec {
  const spec = (SOURCE_SPECS as Record<string, SourceSpec | undefined>)[source];
  if (spec === undefined) throw new UsageError(`unknown source "${source}"`, `sources are: ${SOURCE_NAMES.join(', ')}`);
  return spec;
}
