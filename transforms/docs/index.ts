// The data dictionary (`sendwh docs`).
export { writeDocs, writeDictionary } from './writeDocs.js';
export type { DocsWritten } from './writeDocs.js';
export { collectDictionary } from './dictionaryData.js';
export type { DictionaryData, TableEntry, ColumnEntry, QualityHistory } from './dictionaryData.js';
export { renderDictionaryHtml, anchor } from './dictionaryHtml.js';
export { extractContracts } from './extractContracts.js';
export type { ExtractContract, ContractColumn } from './extractContracts.js';
export { columnLineage } from './columnLineage.js';
export type { ColumnLineage } from './columnLineage.js';
