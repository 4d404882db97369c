import type { RunListItem, RunRecord } from './types.ts';

/**
 * Oldest first: by `startedAt`, ties by `id`. This is the order of the `by-flow-time` index (IndexedDB breaks
 * ties between equal index keys by primary key), so both repositories list and label runs identically.
 */
export function compareRunsOldestFirst(a: Pick<RunRecord, 'id' | 'startedAt'>, b: Pick<RunRecord, 'id' | 'startedAt'>): number {
  if (a.startedAt !== b.startedAt) return a.startedAt - b.startedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Version labels for one flow's runs: runs of the same `flowHash` share a label, numbered v1, v2... in order
 * of the first appearance of each hash. Pass every run of the flow (any order), or at least the first run
 * of each hash: labels depend on the whole history, not on the page shown.
 *
 * @example
 * const labels = versionLabels(allRunsOfFlow);
 * labels.get(run.flowHash); // 'v2'
 */
export function versionLabels(runsOfFlow: ReadonlyArray<Pick<RunRecord, 'id' | 'startedAt' | 'flowHash'>>): Map<string, string> {
  const ordered = [...runsOfFlow].sort(compareRunsOldestFirst);
  const labels = new Map<string, string>();
  for (const run of ordered) {
    if (!labels.has(run.flowHash)) labels.set(run.flowHash, `v${labels.size + 1}`);
  }
  return labels;
}

/**
 * The list of one flow's runs: newest first, only those `include` accepts (e.g. one persona), at most
 * `limit`, each with its version label computed from all of `runsOfFlow`.
 */
export function toRunList(
  runsOfFlow: readonly RunRecord[],
  options: { include?: (run: RunRecord) => boolean; limit?: number } = {},
): RunListItem[] {
  const labels = versionLabels(runsOfFlow);
  const limit = normalizeLimit(options.limit);
  const out: RunListItem[] = [];
  const newestFirst = [...runsOfFlow].sort((a, b) => compareRunsOldestFirst(b, a));
  for (const run of newestFirst) {
    if (out.length >= limit) break;
    if (options.include && !options.include(run)) continue;
    out.push({ ...run, versionLabel: labels.get(run.flowHash) ?? 'v?' });
  }
  return out;
}

/** `undefined`, NaN and Infinity mean no limit; otherwise a whole number >= 0. */
export function normalizeLimit(limit: number | undefined): number {
  if (limit === undefined || Number.isNaN(limit)) return Infinity;
  return Math.max(0, Math.floor(limit));
}
