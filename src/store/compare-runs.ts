import { canonicalJson } from '../core/flow/hash.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import type { PairedComparison, Rate, RunScores } from '../core/score/types.ts';
import { hashString } from '../core/simulate/random.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import type { RunListItem, RunRecord } from '../history/types.ts';
import { METRICS, type MetricComparison, type MetricKey, type RunComparison } from './types.ts';

export type ComparePaired = (
  oldConversations: ConversationResult[],
  newConversations: ConversationResult[],
  metric: MetricKey,
) => PairedComparison;

const messageDigests = new WeakMap<FlowDocument, string>();

/** A digest of the customer messages a run used (memoised per snapshot object: lists can be long). */
function messagesDigest(flow: FlowDocument): string {
  let digest = messageDigests.get(flow);
  if (digest === undefined) {
    const list = flow?.customerMessages ?? [];
    digest = list.length ? hashString(canonicalJson(list)) : '';
    if (flow && typeof flow === 'object') messageDigests.set(flow, digest);
  }
  return digest;
}

/** Both runs used the same imported customer messages (or none). */
export function sameCustomerMessages(a: RunRecord, b: RunRecord): boolean {
  return messagesDigest(a.flowSnapshot) === messagesDigest(b.flowSnapshot);
}

/**
 * Same simulated customers: same persona, seed, engine version and customer messages. The batch size may
 * differ: a customer is fixed by (seed, index), so two runs share their first min(n) customers and the
 * paired test compares those.
 */
export function isPaired(a: RunRecord, b: RunRecord): boolean {
  return a.persona === b.persona && a.seed === b.seed && a.engineVersion === b.engineVersion && sameCustomerMessages(a, b);
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
        : previous.engineVersion !== run.engineVersion
          ? `Engine version changed since ${previous.versionLabel}: only the difference is shown.`
          : `Customer messages changed since ${previous.versionLabel}: different customers, so only the difference is shown.`;
  } else if (previous.n !== run.n) {
    note = `Paired on the ${Math.min(previous.n, run.n)} customers both runs share (batch size ${previous.n} then ${run.n}).`;
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

/**
 * The run a Confirm compares the current draft with: the latest earlier finished run of the same persona on
 * another flow version (the draft before the fix). Null when the flow has only one version so far.
 */
export function findConfirmBaseline(run: RunRecord, history: readonly RunListItem[]): RunListItem | null {
  const earlier = history.filter(
    (h) => h.id !== run.id && h.persona === run.persona && h.status !== 'cancelled' && h.flowHash !== run.flowHash && h.startedAt < run.startedAt,
  );
  earlier.sort((a, b) => b.startedAt - a.startedAt);
  return earlier[0] ?? null;
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
