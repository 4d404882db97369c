/**
 * The run history: IndexedDB through idb, with an in-memory fallback behind the same contract
 * (`HistoryRepository` in ./types.ts).
 */
export { createHistory, type CreateHistoryOptions } from './create-history.ts';
export { createMemoryHistory, type MemoryHistoryOptions } from './create-memory-history.ts';
export { DEFAULT_TRANSCRIPT_RETENTION } from './history-records.ts';
export { DEFAULT_HISTORY_DB_NAME, HISTORY_DB_VERSION } from './schema.ts';
export { checkHistoryExport, type ExportCheck, type ValidationProblem } from './validate-history-export.ts';
export { versionLabels } from './version-labels.ts';
