export * from './types.ts';
export { wilsonInterval, mcnemarExact, bandFor, DEFAULT_BANDS, BAND_WORDS } from './stats.ts';
export { summarizeRun, scoreConversations, nodeStats, failureClusters, blameNode, type SummarizeOptions } from './summarize.ts';
export { comparePaired } from './compare.ts';
