import { describe, expect, it } from 'vitest';
import { comparePaired } from '../../src/core/score/compare.ts';
import type { ConversationResult } from '../../src/core/simulate/types.ts';
import { pairCounts } from '../../src/core/score/compare.ts';
import { confirmMetrics, planConfirm } from '../../src/store/confirm.ts';
import { METRICS } from '../../src/store/types.ts';
import { makeConversation } from '../ui/fakes.ts';

/** Customers 0..n-1 of the fake, completing at `quality`, with some harness errors and out-of-scope customers. */
function batch(n: number, quality: number, seed = 3): ConversationResult[] {
  return Array.from({ length: n }, (_, i) => {
    const c = makeConversation(i, 'elderly', seed, quality);
    if (i % 17 === 0) return { ...c, outcome: 'error' as const };
    if (i % 23 === 0) return { ...c, outOfScope: { request: 'book a flight', misrouted: false } };
    return c;
  });
}

describe('pairCounts', () => {
  it('counts the same flips as the engine’s paired test, leaving out errors and out-of-scope customers', () => {
    const before = batch(200, 0.4);
    const after = batch(200, 0.7).map((c, i) => (i % 11 === 0 ? { ...c, fallbacks: c.fallbacks + 1 } : c));
    for (const metric of METRICS) {
      const mine = pairCounts(before, after, metric);
      const core = comparePaired(before, after, metric);
      expect([mine.better, mine.worse]).toEqual([core.better, core.worse]);
      expect(mine.pairs).toBeLessThan(200);
    }
  });
});

describe('planConfirm', () => {
  it('asks for more customers when more of them flip, never above 1,000', () => {
    const small = planConfirm(batch(100, 0.5), batch(100, 0.6));
    const large = planConfirm(batch(100, 0.2), batch(100, 0.6));
    expect(small.customers).toBeGreaterThanOrEqual(100);
    expect(large.customers).toBeGreaterThan(small.customers);
    expect(large.customers).toBeLessThanOrEqual(1000);
    expect(large.customers % 10).toBe(0);
  });

  it('says capped when 1,000 customers cannot reach 80% power', () => {
    // Every scored customer flips, half each way (810 pairs needed), and only half of the customers are
    // scored (the others ask for something the flow does not handle): 1,620 customers would be needed.
    const base = Array.from({ length: 100 }, (_, i) => makeConversation(i, 'elderly', 3, 0.5));
    const scope = (c: ConversationResult, i: number) => (i % 2 ? c : { ...c, outOfScope: { request: 'book a flight', misrouted: false } });
    const before = base.map((c, i) => scope({ ...c, outcome: i % 4 < 2 ? ('completed' as const) : ('stuck' as const) }, i));
    const after = base.map((c, i) => scope({ ...c, outcome: i % 4 < 2 ? ('stuck' as const) : ('completed' as const) }, i));
    expect(planConfirm(before, after)).toEqual({ customers: 1000, capped: true });
  });
});

describe('confirmMetrics', () => {
  it('reports the scores on the shared customers, the verdict and what that many customers can show', () => {
    const m = confirmMetrics(batch(300, 0.3), batch(300, 0.6), comparePaired);
    expect(m.completion.verdict).toBe('improved');
    expect(m.completion.after! - m.completion.before!).toBeCloseTo(m.completion.delta!, 10);
    expect(m.fallbackRate.before).toBeGreaterThan(m.fallbackRate.after!);
    // Only every fifth customer digresses in the fake: recovery has far fewer pairs, so it can show less.
    expect(m.offTopicRecovery.pairs).toBeLessThan(m.completion.pairs / 3);
    expect(m.offTopicRecovery.detectable ?? 1).toBeGreaterThan(m.completion.detectable!);
  });
});
