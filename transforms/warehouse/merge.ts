// The part of every staging model that is the same for all of them: folding
// the events a model staged into records, and replacing the records a build
// touches (keeping them before and after in _delta_<model>). A staging model's
// SQL file holds only its projection from event data; the statements here
// live in the templates under sql/staging/merge/, filled with identifiers
// from the model's declaration (its name and key columns), never with values.
import type { DuckDBConnection } from '@duckdb/node-api';
import { SendwhError } from '../../models/index.js';
import { runGenerated, runSqlFile } from '../duckdb/database.js';
import { readSqlFile } from '../duckdb/sqlFiles.js';
import type { StagingMerge, WarehouseModel } from './model.js';

/** The macros 'newest-field' models stage their fields with; created once per build, before the models run. */
export const MERGE_MACROS_SQL = 'staging/merge/macros.sql';

/** The fold of each kind (an 'own' model folds in its own file), then the write every merge ends with. */
const FOLD_SQL: Readonly<Record<StagingMerge['fold'], string | null>> = {
  'newest-event': 'staging/merge/newest_event.sql',
  'newest-field': 'staging/merge/newest_field.sql',
  own: null,
};
const REPLACE_SQL = 'staging/merge/replace.sql';

/** Every template the staging merges run (they define the warehouse's content as much as the models' files do). */
export const MERGE_SQL_FILES: readonly string[] = [MERGE_MACROS_SQL, ...Object.values(FOLD_SQL).filter((f) => f !== null), REPLACE_SQL];

/** Creates the staging macros on the build's connection. */
export async function createMergeMacros(connection: DuckDBConnection): Promise<void> {
  await runSqlFile(connection, MERGE_MACROS_SQL);
}

/** After a staging model's own file ran: folds what it staged and writes the touched records. */
export async function runMerge(connection: DuckDBConnection, model: WarehouseModel): Promise<void> {
  const merge = mergeOf(model);
  const fold = FOLD_SQL[merge.fold];
  for (const file of fold === null ? [REPLACE_SQL] : [fold, REPLACE_SQL]) {
    await runGenerated(connection, renderMergeSql(readSqlFile(file), model), `sql/${file} for ${model.name}`);
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Fills a merge template: {{model}} is the model's table, {{key}} its key
 * columns (comma-separated). Both must be plain lower-case identifiers and
 * the key columns declared columns of the model.
 */
export function renderMergeSql(template: string, model: WarehouseModel): string {
  const merge = mergeOf(model);
  const columns = new Set(model.columns.map((c) => c.name));
  for (const name of [model.name, ...merge.key]) {
    if (!IDENTIFIER.test(name)) {
      throw new SendwhError('merge-bad-identifier', `model ${model.name}: '${name}' is not a plain lower-case identifier, so it cannot name a table or column in a merge`, {
        hint: 'name tables and columns with lower-case letters, digits and underscores',
      });
    }
  }
  const unknown = merge.key.filter((k) => !columns.has(k));
  if (merge.key.length === 0 || unknown.length > 0) {
    throw new SendwhError('merge-bad-key', `model ${model.name}: its merge key (${merge.key.join(', ')}) must name one or more of its columns`, {
      hint: `declare the key with columns of ${model.name}: ${[...columns].join(', ')}`,
    });
  }
  const values: Readonly<Record<string, string>> = { model: model.name, key: merge.key.join(', ') };
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new SendwhError('merge-bad-template', `a merge template names {{${name}}}, which is neither {{model}} nor {{key}}`);
    return value;
  });
}

function mergeOf(model: WarehouseModel): StagingMerge {
  if (model.merge === undefined) {
    throw new SendwhError('merge-undeclared', `model ${model.name} is refreshed by merge but declares no merge (fold and key)`, {
      hint: "add merge: { fold, key } to the model's declaration",
    });
  }
  return model.merge;
}
