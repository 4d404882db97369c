/**
 * flowstress public API. Named exports only.
 *
 * - Engine (pure, runs anywhere): read and validate flows, run simulated conversations, score them.
 * - Workers: `createStressClient` runs batches in a pool of Web Workers.
 * - History: `createHistory` keeps runs in IndexedDB (memory fallback).
 * - UI: the Stress-test button, panel and heatmap layer for a React Flow host.
 */

// Flow document, errors, version.
export * from './core/flow/types.ts';
export * from './core/errors.ts';
export { ENGINE_VERSION } from './core/version.ts';
export {
  parseFlow,
  parseFlowText,
  validateFlow,
  hasErrors,
  flowHash,
  FLOW_SCHEMA,
  toFlowSchema,
  findEndPaths,
  withDefaultSettings,
  type ParseResult,
  type ParseOptions,
  type PartialFlowSettings,
  type EndPath,
} from './core/flow/index.ts';
export { fromReactFlow, type FlowMapping, type ReactFlowInput, type HostNode } from './adapters/react-flow.ts';

// Runtime, personas, simulation, scores.
export type * from './core/runtime/types.ts';
export { compileFlow } from './core/runtime/compile.ts';
export { startConversation, step } from './core/runtime/transition.ts';
export type * from './core/personas/types.ts';
export { PERSONA_IDS, PERSONA_LABELS } from './core/personas/types.ts';
export type * from './core/simulate/types.ts';
export { OUTCOMES } from './core/simulate/types.ts';
export { simulateConversation } from './core/simulate/conversation.ts';
export { simulateBatch } from './core/simulate/batch.ts';
export { createRng, createStreams, type Rng, type RandomStreams } from './core/simulate/random.ts';
export type * from './core/score/types.ts';
export { summarizeRun, scoreConversations, comparePaired, wilsonInterval, mcnemarExact, bandFor, DEFAULT_BANDS, BAND_WORDS, type SummarizeOptions } from './core/score/index.ts';
// Blame: where failed conversations went wrong, the node ranking behind "why this score" and the heatmap, and
// what got worse since the previous run of the same customers.
export { failureOrigin, rankNodes, rankOffTopic, blameWeight, whatGotWorse, type RankedNode, type RunSide, type WhatGotWorseOptions } from './core/score/index.ts';

// Workers.
export type * from './worker/types.ts';
export { createStressClient, type StressClientOptions } from './worker/create-stress-client.ts';
export { createWorkerPool, createDefaultWorker, defaultPoolSize, type WorkerPoolOptions, type WorkerPool } from './worker/create-worker-pool.ts';

// History.
export type * from './history/types.ts';
export * from './history/index.ts';

// UI: drop-in components for a React Flow host. Their styles ship as `flowstress/style.css`: the host imports it once.
export { StressTestButton, type StressTestButtonProps } from './ui/StressTestButton.tsx';
export { StressTestPanel, type StressTestPanelProps } from './ui/StressTestPanel.tsx';
export { PanelErrorBoundary, type PanelErrorBoundaryProps } from './ui/PanelErrorBoundary.tsx';
export { StressTestProvider, useStressTestStore, type StressTestFlowMeta, type StressTestSetupProps } from './ui/StressTestProvider.tsx';
export { StressHeatmapLayer, type StressHeatmapLayerProps } from './ui/StressHeatmapLayer.tsx';
export { getNodeHeat, type NodeHeat } from './ui/heatmap.ts';
export { TranscriptViewer, type TranscriptViewerProps } from './ui/TranscriptViewer.tsx';

// Store: one per panel (zustand vanilla factory + context), for hosts that compose their own UI.
export { createPanelStore, defaultSeedFor, type PanelStoreApi } from './store/create-panel-store.ts';
export { PanelStoreProvider, usePanelStore, usePanelStoreApi } from './store/panel-context.tsx';
export { createLazyClient, createLazyHistory } from './store/lazy-services.ts';
export type * from './store/types.ts';
