// The warehouse's public surface: what the CLI, the scheduler and the return
// writers call.
export { buildWarehouse, rebuildWarehouse, buildWarehouseAsOf, compareHashes, hashTables } from './build.js';
export type { BuildOptions, BuildResult, RebuildOptions, RebuildResult, BuildMode, AsOfOptions } from './build.js';
export { openWarehouseReadOnly, readWarehouseStatus } from './readOnly.js';
export type { WarehouseStatus } from './readOnly.js';
export { warehousePath, buildingPath, buildLockPath } from './paths.js';
export { describeWarehouse, readWarehouseComments } from './dictionary.js';
export type { TableDoc, CommentedTable } from './dictionary.js';
export { WAREHOUSE_MODELS } from './models/index.js';
export { orderModels } from './dag.js';
export { definitionsHash } from './definitions.js';
export type { WarehouseModel, Layer, Refresh } from './model.js';
