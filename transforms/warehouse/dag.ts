// Orders the warehouse models so every model runs after what it reads, and
// checks the declarations: unique names, known reads, no cycles.
import { EVENT_SCHEMAS, SendwhError, type EventType } from '../../models/index.js';
import type { WarehouseModel } from './model.js';

const EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(EVENT_SCHEMAS));

/** True when a read names an event type rather than a model. */
export function isEventType(name: string): name is EventType {
  return EVENT_TYPES.has(name);
}

/** The event types a model reads. */
export function eventTypesRead(model: WarehouseModel): EventType[] {
  return model.reads.filter(isEventType);
}

/**
 * A topological order of the models (Kahn's algorithm; among the models ready
 * at once, declaration order), so that runs are deterministic.
 */
export function orderModels(models: readonly WarehouseModel[]): WarehouseModel[] {
  const byName = new Map<string, WarehouseModel>();
  for (const model of models) {
    if (byName.has(model.name)) throw new SendwhError('dag-duplicate-model', `model ${model.name} is declared twice`);
    byName.set(model.name, model);
  }
  const dependencies = new Map<string, Set<string>>();
  for (const model of models) {
    const deps = new Set<string>();
    for (const read of model.reads) {
      if (isEventType(read)) continue;
      if (!byName.has(read)) throw new SendwhError('dag-unknown-read', `model ${model.name} reads ${read}, which is neither a model nor an event type`);
      if (read === model.name) throw new SendwhError('dag-cycle', `model ${model.name} reads itself`);
      deps.add(read);
    }
    dependencies.set(model.name, deps);
  }
  const ordered: WarehouseModel[] = [];
  const done = new Set<string>();
  while (ordered.length < models.length) {
    const ready = models.filter((m) => !done.has(m.name) && [...(dependencies.get(m.name) ?? [])].every((d) => done.has(d)));
    if (ready.length === 0) {
      const stuck = models.filter((m) => !done.has(m.name)).map((m) => m.name);
      throw new SendwhError('dag-cycle', `models read each other in a cycle: ${stuck.join(', ')}`);
    }
    for (const model of ready) {
      ordered.push(model);
      done.add(model.name);
    }
  }
  return ordered;
}
