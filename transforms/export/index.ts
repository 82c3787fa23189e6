// Exports of the warehouse for other tools.
export { exportParquet, PARTITIONED } from './parquetExport.js';
export type { ExportManifest, ExportedTable, ExportedFile, ExportOptions } from './parquetExport.js';
