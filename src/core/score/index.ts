export * from './types.ts';
export { wilsonInterval, mcnemarExact, bandFor, DEFAULT_BANDS, BAND_WORDS } from './stats.ts';
export { summarizeRun, scoreConversations, nodeStats, failureClusters, routerMisroutes, idRecord, type SummarizeOptions } from './summarize.ts';
export { failureOrigin, rankNodes, rankOffTopic, blameWeight, blameRateLow, isScored, isFailure, type RankedNode } from './blame.ts';
export { whatGotWorse, type RunSide, type WhatGotWorseOptions } from './regression.ts';
export { comparePaired } from './compare.ts';
