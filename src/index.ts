/**
 * flowstress public API. Named exports only. Modules are re-exported here as they land.
 */
export * from './core/flow/types.ts';
export * from './core/errors.ts';
export { ENGINE_VERSION } from './core/version.ts';
export type * from './core/personas/types.ts';
export { PERSONA_IDS, PERSONA_LABELS } from './core/personas/types.ts';
export type * from './core/runtime/types.ts';
export type * from './core/simulate/types.ts';
export { OUTCOMES } from './core/simulate/types.ts';
export type * from './core/score/types.ts';
export type * from './history/types.ts';
export type * from './worker/types.ts';
export * from './history/index.ts';
