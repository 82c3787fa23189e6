// Writes the data dictionary to a folder: index.html (self-contained and
// searchable, opens from disk with no network), dictionary.json (the same
// content for tools) and schemas/<source>.schema.json (the extract contracts
// as JSON Schema, for data suppliers). Each file is written beside its final
// name and renamed into place, so a reader never sees half a file.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectDictionary, type CollectOptions, type DictionaryData } from './dictionaryData.js';
import { renderDictionaryHtml } from './dictionaryHtml.js';

/** What `sendwh docs` wrote. */
export interface DocsWritten {
  out: string;
  index: string;
  json: string;
  schemas: string[];
  tables: number;
  columns: number;
  sources: number;
}

/** Gathers the dictionary of a home and writes it to `out`. */
export async function writeDocs(out: string, options: CollectOptions): Promise<DocsWritten> {
  const data = await collectDictionary(options);
  return writeDictionary(out, data);
}

/** Writes an already gathered dictionary to `out`. */
export function writeDictionary(out: string, data: DictionaryData): DocsWritten {
  mkdirSync(join(out, 'schemas'), { recursive: true });
  const index = join(out, 'index.html');
  const json = join(out, 'dictionary.json');
  writeAtomically(index, renderDictionaryHtml(data));
  writeAtomically(json, JSON.stringify(data, null, 2) + '\n');
  const schemas = data.contracts.map((c) => {
    const path = join(out, 'schemas', `${c.source}.schema.json`);
    writeAtomically(path, JSON.stringify(c.jsonSchema, null, 2) + '\n');
    return path;
  });
  return {
    out,
    index,
    json,
    schemas,
    tables: data.tables.length,
    columns: data.tables.reduce((s, t) => s + t.columns.length, 0),
    sources: data.contracts.length,
  };
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
