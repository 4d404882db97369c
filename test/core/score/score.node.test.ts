import { describe, expect, it } from 'vitest';
import { comparePaired } from '../../../src/core/score/compare.ts';
import { bandFor, mcnemarExact, wilsonInterval } from '../../../src/core/score/stats.ts';
import { failureClusters, nodeStats, scoreConversations, summarizeRun } from '../../../src/core/score/summarize.ts';
import type { ConversationResult, Outcome } from '../../../src/core/simulate/types.ts';

function conv(index: number, outcome: Outcome, extra: Partial<ConversationResult> = {}): ConversationResult {
  return {
    index, persona: 'typo-prone', seed: 1, outcome, lastNodeId: outcome === 'completed' ? 'end' : 'ask', goal: null,
    turns: [], customerTurns: 4, fallbacks: 0, digressions: [], recovered: null, path: ['start', 'ask'], ...extra,
  };
}
const digression = (recovered: boolean) => ({ turn: 1, kind: 'small_talk' as const, nodeId: 'ask', hijacked: !recovered, returned: recovered, contextKept: true, recovered });

describe('Wilson interval', () => {
  it('matches the textbook example: 8 of 10 is 49%-94%', () => {
    const { low, high } = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 3);
    expect(high).toBeCloseTo(0.9433, 3);
  });
  it('stays inside [0,1] at the extremes', () => {
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(10, 10).high).toBeCloseTo(1, 12);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775, 3);
  });
});

describe('McNemar exact test', () => {
  it('is 1 with no discordant pairs and symmetric', () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(3, 7)).toBeCloseTo(mcnemarExact(7, 3), 12);
  });
  it('matches binomial tails: 10 vs 0 flips gives p = 2/1024', () => {
    expect(mcnemarExact(10, 0)).toBeCloseTo(2 / 1024, 10);
    // 6 vs 1: 2 * (1 + 7) / 128 = 0.125
    expect(mcnemarExact(6, 1)).toBeCloseTo(0.125, 10);
  });
});

describe('bands', () => {
  it('follow the product defaults and their edges', () => {
    expect(bandFor(0.8, 'higher')).toBe('green');
    expect(bandFor(0.79, 'higher')).toBe('amber');
    expect(bandFor(0.5, 'higher')).toBe('amber');
    expect(bandFor(0.49, 'higher')).toBe('red');
    expect(bandFor(0.1, 'lower')).toBe('green');
    expect(bandFor(0.3, 'lower')).toBe('amber');
    expect(bandFor(0.31, 'lower')).toBe('red');
  });
});

describe('scores', () => {
  it('compute completion, fallback rate and recovery exactly as defined, excluding harness errors', () => {
    const cs = [
      conv(0, 'completed'),
      conv(1, 'completed', { fallbacks: 2, digressions: [digression(true)], recovered: true }),
      conv(2, 'stuck', { fallbacks: 3, digressions: [digression(true)], recovered: false }),
      conv(3, 'abandoned', { fallbacks: 1, digressions: [digression(false)], recovered: false }),
      conv(4, 'error', { fallbacks: 9, error: { code: 'FS150', message: 'boom' } }),
    ];
    const s = scoreConversations(cs);
    expect(s.scored).toBe(4);
    expect(s.errors).toBe(1);
    expect(s.completion).toMatchObject({ successes: 2, total: 4, value: 0.5, band: 'amber' });
    expect(s.fallbackRate).toMatchObject({ successes: 3, total: 4, value: 0.75, band: 'red' });
    // Recovered = all digressions recovered AND completed: only #1 of the three that digressed.
    expect(s.offTopicRecovery).toMatchObject({ successes: 1, total: 3 });
    expect(s.fallbackTurnsPerCustomerTurn).toBeCloseTo(6 / 16);
  });
  it('report recovery as n/a (null) when nobody digressed, never 0 or 100', () => {
    expect(scoreConversations([conv(0, 'completed'), conv(1, 'stuck')]).offTopicRecovery).toBeNull();
  });
  it('per-node stats count visits, fallbacks, stuck, abandoned and hijacks', () => {
    const cs = [
      conv(0, 'stuck', { path: ['start', 'ask', 'ask'], turns: [{ speaker: 'bot', text: 'x', nodeId: 'ask', events: [{ type: 'fallback', nodeId: 'ask', reason: 'invalid_slot_value', attempt: 1, consecutive: 1 }] }], digressions: [digression(false)] }),
      conv(1, 'abandoned', { path: ['start', 'ask'] }),
    ];
    // Blame by origin added reached, started, misroutes and per-node off-topic counts (issue 10).
    expect(nodeStats(cs).ask).toEqual({ visits: 3, fallbacks: 1, stuck: 1, abandoned: 1, hijacks: 1, reached: 2, started: 2, misroutes: 0, offTopic: 1, offTopicRecovered: 0 });
  });
  it('cluster failures by the node where they went wrong, most to blame first, with the smallest example index', () => {
    // Clusters are by origin node now (issue 10), no longer by outcome and last node.
    const cs = [conv(5, 'stuck'), conv(2, 'stuck'), conv(3, 'abandoned', { lastNodeId: 'menu', path: ['start', 'menu'] }), conv(4, 'completed')];
    const cl = failureClusters(cs);
    expect(cl[0]).toMatchObject({ outcome: 'stuck', nodeId: 'ask', count: 2, example: 2, reached: 3 });
    expect(cl[0].summary).toBe('2 of 4 conversations went wrong at node ask, 67% of the 3 customers who reached it: 2 got stuck; ended there with nothing misunderstood before.');
    expect(cl[1]).toMatchObject({ outcome: 'abandoned', nodeId: 'menu', count: 1 });
  });
  it('summarizeRun counts every outcome, including zero ones', () => {
    const s = summarizeRun('elderly', 2, 9, [conv(0, 'completed'), conv(1, 'max_turns')]);
    expect(s.outcomes).toEqual({ completed: 1, wrong_end: 0, handoff: 0, abandoned: 0, stuck: 0, max_turns: 1, loop_detected: 0, error: 0 });
    expect(s).toMatchObject({ persona: 'elderly', n: 2, seed: 9 });
  });
});

describe('paired comparison', () => {
  it('calls a fix that flips 10 conversations to completed "improved"', () => {
    const before = Array.from({ length: 20 }, (_, i) => conv(i, i < 10 ? 'stuck' : 'completed'));
    const after = Array.from({ length: 20 }, (_, i) => conv(i, 'completed'));
    const c = comparePaired(before, after, 'completion');
    expect(c).toMatchObject({ better: 10, worse: 0, verdict: 'improved', delta: 0.5 });
    expect(comparePaired(after, before, 'completion').verdict).toBe('worse');
  });
  it('calls a small change "no significant change"', () => {
    const before = Array.from({ length: 10 }, (_, i) => conv(i, i < 2 ? 'stuck' : 'completed'));
    const after = Array.from({ length: 10 }, (_, i) => conv(i, i < 1 ? 'stuck' : 'completed'));
    expect(comparePaired(before, after, 'completion').verdict).toBe('no_significant_change');
  });
  it('treats fewer fallbacks as better for the fallback rate', () => {
    const before = Array.from({ length: 12 }, (_, i) => conv(i, 'completed', { fallbacks: 1 }));
    const after = Array.from({ length: 12 }, (_, i) => conv(i, 'completed'));
    const c = comparePaired(before, after, 'fallbackRate');
    expect(c.verdict).toBe('improved');
    expect(c.delta).toBeCloseTo(-1);
  });
});

describe('failure attribution', () => {
  it('blames the node where the bot kept failing, not the menu a restart left the customer at', () => {
    const fb = (nodeId: string) => ({ type: 'fallback' as const, nodeId, reason: 'invalid_slot_value' as const, attempt: 1, consecutive: 1 });
    const c = conv(0, 'abandoned', {
      lastNodeId: 'menu',
      turns: [
        { speaker: 'bot', text: 'Sorry', nodeId: 'ask', events: [fb('ask')] },
        { speaker: 'bot', text: 'Sorry', nodeId: 'menu', events: [fb('menu')] },
        { speaker: 'bot', text: 'Sorry', nodeId: 'ask', events: [fb('ask')] },
      ],
    });
    const [cl] = failureClusters([c, conv(1, 'completed')]);
    expect(cl).toMatchObject({ outcome: 'abandoned', nodeId: 'ask', count: 1 });
    expect(cl.summary).toBe('1 of 2 conversations went wrong at node ask, 50% of the 2 customers who reached it: 1 gave up; after the bot did not understand them there; they ended at node menu.');
  });
});
