import type { PairedComparison, Rate, RunScores } from '../core/score/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import type { RunListItem, RunRecord } from '../history/types.ts';
import { METRICS, type MetricComparison, type MetricKey, type RunComparison } from './types.ts';

export type ComparePaired = (
  oldConversations: ConversationResult[],
  newConversations: ConversationResult[],
  metric: MetricKey,
) => PairedComparison;

/** Same simulated customers: same persona, seed, batch size and engine version. */
export function isPaired(a: RunRecord, b: RunRecord): boolean {
  return a.persona === b.persona && a.seed === b.seed && a.n === b.n && a.engineVersion === b.engineVersion;
}

/**
 * The run a run is compared with: the latest earlier run of the same persona on the same seed (paired),
 * else the latest earlier run of the same persona (deltas only). Cancelled runs are partial and never
 * serve as a baseline.
 */
export function findPrevious(run: RunRecord, history: readonly RunListItem[]): RunListItem | null {
  const earlier = history.filter(
    (h) => h.id !== run.id && h.batchId !== run.batchId && h.persona === run.persona && h.status !== 'cancelled' && h.startedAt < run.startedAt,
  );
  earlier.sort((a, b) => b.startedAt - a.startedAt);
  return earlier.find((h) => isPaired(h, run)) ?? earlier[0] ?? null;
}

export function rateOf(scores: RunScores, metric: MetricKey): Rate | null {
  return metric === 'completion' ? scores.completion : metric === 'fallbackRate' ? scores.fallbackRate : scores.offTopicRecovery;
}

/** Deltas from the two summaries; verdicts follow once transcripts are loaded (`withVerdicts`). */
export function compareSummaries(run: RunRecord, previous: RunListItem): RunComparison {
  const paired = isPaired(run, previous);
  const metrics = {} as Record<MetricKey, MetricComparison>;
  for (const metric of METRICS) {
    const a = rateOf(previous.summary.scores, metric);
    const b = rateOf(run.summary.scores, metric);
    metrics[metric] = { metric, delta: a && b ? b.value - a.value : null, verdict: null, pValue: null };
  }
  let note: string | null = null;
  if (!paired) {
    note =
      previous.seed !== run.seed
        ? `Seed changed since ${previous.versionLabel}: different customers, so only the difference is shown.`
        : previous.n !== run.n
          ? `Batch size changed since ${previous.versionLabel}: only the difference is shown.`
          : `Engine version changed since ${previous.versionLabel}: only the difference is shown.`;
  }
  if (run.status === 'cancelled') note = 'Cancelled run: partial results are not compared.';
  return {
    runId: run.id,
    previousRunId: previous.id,
    previousVersionLabel: previous.versionLabel,
    sameFlow: previous.flowHash === run.flowHash,
    paired: paired && run.status !== 'cancelled',
    status: paired && run.status !== 'cancelled' ? 'pending' : 'ready',
    note,
    metrics,
  };
}

/** Adds the paired verdicts (McNemar on the conversations that flipped). */
export function withVerdicts(
  comparison: RunComparison,
  oldConversations: ConversationResult[],
  newConversations: ConversationResult[],
  comparePaired: ComparePaired,
): RunComparison {
  if (!comparison.paired) return { ...comparison, status: 'ready' };
  if (oldConversations.length === 0 || newConversations.length === 0) {
    return { ...comparison, status: 'ready', note: 'Transcripts of one run are no longer stored: only the difference is shown.' };
  }
  const metrics = { ...comparison.metrics };
  for (const metric of METRICS) {
    if (metrics[metric].delta === null && metric === 'offTopicRecovery') continue;
    const c = comparePaired(oldConversations, newConversations, metric);
    metrics[metric] = { ...metrics[metric], verdict: c.verdict, pValue: c.pValue };
  }
  return { ...comparison, status: 'ready', metrics };
}
