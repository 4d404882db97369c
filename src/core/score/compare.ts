import type { ConversationResult } from '../simulate/types.ts';
import { mcnemarExact } from './stats.ts';
import type { PairedComparison, Verdict } from './types.ts';

type Metric = PairedComparison['metric'];

/** Per-conversation success for a metric; null when the conversation does not count for it. */
function success(c: ConversationResult, metric: Metric): boolean | null {
  // Harness errors and out-of-scope customers are outside the scores (summarize.ts), so outside the test too.
  if (c.outcome === 'error' || c.outOfScope) return null;
  if (metric === 'completion') return c.outcome === 'completed';
  if (metric === 'fallbackRate') return c.fallbacks === 0;
  return c.recovered;
}

/**
 * Compares two runs of the same persona and seed on the same customers (paired by conversation index):
 * McNemar's exact test on the conversations that flipped. "improved" and "worse" need p < alpha.
 */
export function comparePaired(
  before: readonly ConversationResult[],
  after: readonly ConversationResult[],
  metric: Metric,
  alpha = 0.05,
): PairedComparison {
  const { pairs, sBefore, sAfter, better, worse } = pairCounts(before, after, metric);
  const pValue = mcnemarExact(better, worse);
  const verdict: Verdict = pValue < alpha ? (better > worse ? 'improved' : 'worse') : 'no_significant_change';
  // For the fallback rate a success is "no fallback", so its value moves the other way.
  const delta = pairs === 0 ? 0 : metric === 'fallbackRate' ? (sBefore - sAfter) / pairs : (sAfter - sBefore) / pairs;
  return { metric, better, worse, pValue, verdict, delta };
}

/** Customers counted on both runs (paired by conversation index), successes on each side, and the flips. */
export function pairCounts(before: readonly ConversationResult[], after: readonly ConversationResult[], metric: Metric) {
  const byIndex = new Map(before.map((c) => [c.index, c]));
  let pairs = 0;
  let sBefore = 0;
  let sAfter = 0;
  let better = 0;
  let worse = 0;
  for (const a of after) {
    const b = byIndex.get(a.index);
    if (!b) continue;
    const x = success(b, metric);
    const y = success(a, metric);
    if (x === null || y === null) continue;
    pairs++;
    if (x) sBefore++;
    if (y) sAfter++;
    if (!x && y) better++;
    if (x && !y) worse++;
  }
  return { pairs, sBefore, sAfter, better, worse };
}
