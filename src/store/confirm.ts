import { pairCounts } from '../core/score/compare.ts';
import { formatMessage, toErrorInfo, type FlowstressErrorInfo } from '../core/errors.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import type { PersonaId } from '../core/personas/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import type { StressClient } from '../worker/types.ts';
import type { ComparePaired } from './compare-runs.ts';
import {
  CONFIRM_PILOT,
  detectableDifference,
  MAX_CONFIRM_CUSTOMERS,
  mcnemarPower,
  pairedSampleSize,
  planningDiscordance,
  PLANNED_DIFFERENCE,
  TARGET_POWER,
} from './power.ts';
import { METRICS, type ConfirmMetric, type MetricKey } from './types.ts';

/** The scores a Confirm sizes itself for: every scored customer counts in them (recovery only those who digress). */
export const SIZED_METRICS: readonly MetricKey[] = ['completion', 'fallbackRate'];

/**
 * How many customers a Confirm runs, from its pilot (the first {@link CONFIRM_PILOT} customers on both
 * drafts). For completion and fallback rate: the observed share of customers that flipped (at least the
 * 10 points to detect) gives the pairs needed for 80% power at alpha 0.05 ({@link pairedSampleSize}); pairs
 * become customers by the share of customers that counted in the pilot (harness errors and out-of-scope
 * customers do not). The larger of the two, rounded up to 10, between the pilot and 1,000.
 *
 * @returns `customers` to run in all, and `capped` when 1,000 is not enough for 80% power.
 */
export function planConfirm(pilotBefore: readonly ConversationResult[], pilotAfter: readonly ConversationResult[]): { customers: number; capped: boolean } {
  const pilot = Math.max(1, pilotAfter.length);
  let customers = Math.min(pilot, MAX_CONFIRM_CUSTOMERS);
  let capped = false;
  for (const metric of SIZED_METRICS) {
    const c = pairCounts(pilotBefore, pilotAfter, metric);
    if (c.pairs === 0) continue;
    const psi = planningDiscordance(PLANNED_DIFFERENCE, (c.better + c.worse) / c.pairs);
    const pairsNeeded = pairedSampleSize({ psi, max: MAX_CONFIRM_CUSTOMERS });
    if (pairsNeeded === null) {
      capped = true;
      customers = MAX_CONFIRM_CUSTOMERS;
      continue;
    }
    const needed = Math.ceil(((pairsNeeded / c.pairs) * pilot) / 10) * 10;
    if (needed > MAX_CONFIRM_CUSTOMERS) capped = true;
    customers = Math.max(customers, Math.min(MAX_CONFIRM_CUSTOMERS, needed));
  }
  return { customers, capped };
}

/** The verdict of one score on the customers both drafts met, with what that many customers can show. */
export function confirmMetric(
  before: readonly ConversationResult[],
  after: readonly ConversationResult[],
  metric: MetricKey,
  comparePaired: ComparePaired,
): ConfirmMetric {
  const counts = pairCounts(before, after, metric);
  const c = comparePaired([...before], [...after], metric);
  const discordance = counts.pairs ? (counts.better + counts.worse) / counts.pairs : null;
  // For the fallback rate a success is "no fallback": the rate is its complement.
  const value = (s: number) => (counts.pairs === 0 ? null : metric === 'fallbackRate' ? 1 - s / counts.pairs : s / counts.pairs);
  return {
    metric,
    pairs: counts.pairs,
    before: value(counts.sBefore),
    after: value(counts.sAfter),
    delta: counts.pairs ? c.delta : null,
    better: c.better,
    worse: c.worse,
    pValue: c.pValue,
    verdict: c.verdict,
    detectable: counts.pairs ? detectableDifference(counts.pairs, discordance) : null,
    powered: counts.pairs > 0 && mcnemarPower(counts.pairs, planningDiscordance(PLANNED_DIFFERENCE, discordance), PLANNED_DIFFERENCE) >= TARGET_POWER,
  };
}

/** {@link confirmMetric} for every score. */
export function confirmMetrics(
  before: readonly ConversationResult[],
  after: readonly ConversationResult[],
  comparePaired: ComparePaired,
): Record<MetricKey, ConfirmMetric> {
  const out = {} as Record<MetricKey, ConfirmMetric>;
  for (const metric of METRICS) out[metric] = confirmMetric(before, after, metric, comparePaired);
  return out;
}

/** Lets the page paint and answer input between pieces of main-thread work. */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface ConfirmRunOptions {
  client: StressClient;
  /** The earlier version (with the draft's customer messages) and the current draft. */
  before: FlowDocument;
  after: FlowDocument;
  persona: PersonaId;
  seed: number;
  comparePaired: ComparePaired;
  signal?: AbortSignal;
  /** Conversations finished (both drafts) out of those planned so far. */
  onProgress?: (done: number, total: number) => void;
  /** Called once the pilot has sized the Confirm. */
  onPlanned?: (plan: { customers: number; capped: boolean }) => void;
  /** A fixed number of customers instead of the pilot's plan (benchmarks and tests). */
  customers?: number;
  /** Run on every core (default true; the benchmark compares with false). */
  allCores?: boolean;
}

export type ConfirmRunResult =
  | { ok: true; customers: number; capped: boolean; metrics: Record<MetricKey, ConfirmMetric> }
  | { ok: false; error: FlowstressErrorInfo };

/**
 * Runs a Confirm through the stress client: the pilot (customers 0-99) on both drafts at once, then the rest
 * of the planned customers, lean (no transcripts: only what the paired test reads), and the verdicts. Every
 * path settles with data; a cancel comes back as FS253.
 *
 * @example
 * const r = await runConfirm({ client, before: v1, after: draft, persona: 'elderly', seed: 42, comparePaired });
 * if (r.ok) r.metrics.completion.verdict; // 'improved'
 */
export async function runConfirm(o: ConfirmRunOptions): Promise<ConfirmRunResult> {
  const pilot = Math.min(o.customers ?? CONFIRM_PILOT, CONFIRM_PILOT);
  let done = 0;
  let total = 2 * pilot;
  const onProgress = () => o.onProgress?.(++done, total);
  const before: ConversationResult[] = [];
  const after: ConversationResult[] = [];
  const runRange = async (startIndex: number, n: number): Promise<FlowstressErrorInfo | null> => {
    // The designer waits on a Confirm and the page has little to do meanwhile: every core, lean results.
    const request = { personas: [o.persona], n, seed: o.seed, startIndex, transcripts: false, allCores: o.allCores ?? true };
    const options = { signal: o.signal, onProgress };
    let replies: Awaited<ReturnType<StressClient['runBatch']>>[];
    try {
      replies = await Promise.all([o.client.runBatch({ ...request, flow: o.before }, options), o.client.runBatch({ ...request, flow: o.after }, options)]);
    } catch (e) {
      return toErrorInfo(e, 'FS250');
    }
    for (const reply of replies) if (!reply.ok) return reply.error;
    if (o.signal?.aborted || replies.some((r) => r.ok && r.result.status === 'cancelled')) return { code: 'FS253', message: formatMessage('FS253') };
    const [b, a] = replies as Extract<(typeof replies)[number], { ok: true }>[];
    before.push(...b!.result.results[0]!.conversations);
    after.push(...a!.result.results[0]!.conversations);
    return null;
  };

  const pilotError = await runRange(0, pilot);
  if (pilotError) return { ok: false, error: pilotError };
  const plan = o.customers !== undefined ? { customers: Math.min(o.customers, MAX_CONFIRM_CUSTOMERS), capped: false } : planConfirm(before, after);
  total = 2 * plan.customers;
  o.onPlanned?.(plan);
  if (plan.customers > pilot) {
    const restError = await runRange(pilot, plan.customers - pilot);
    if (restError) return { ok: false, error: restError };
  }
  // One score at a time, yielding in between: the exact power sums stay off the page's critical path.
  const metrics = {} as Record<MetricKey, ConfirmMetric>;
  for (const metric of METRICS) {
    await yieldToPage();
    metrics[metric] = confirmMetric(before, after, metric, o.comparePaired);
  }
  return { ok: true, customers: plan.customers, capped: plan.capped, metrics };
}

export { CONFIRM_PILOT, MAX_CONFIRM_CUSTOMERS };
