import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import type { RuntimeEvent } from '../../../src/core/runtime/types.ts';
import { blameWeight, failureOrigin, rankNodes, rankOffTopic } from '../../../src/core/score/blame.ts';
import { whatGotWorse } from '../../../src/core/score/regression.ts';
import { failureClusters, nodeStats, summarizeRun } from '../../../src/core/score/summarize.ts';
import type { NodeStats } from '../../../src/core/score/types.ts';
import { simulateBatch } from '../../../src/core/simulate/batch.ts';
import type { ConversationResult, Outcome, Turn } from '../../../src/core/simulate/types.ts';
import { MINI_GLOBALS, miniFlow } from '../../fixtures/mini-flow.ts';

const fb = (nodeId: string): RuntimeEvent => ({ type: 'fallback', nodeId, reason: 'invalid_slot_value', attempt: 1, consecutive: 1 });
const filled = (nodeId: string, source: 'answer' | 'volunteered' = 'answer'): RuntimeEvent => ({ type: 'slot_filled', nodeId, slot: nodeId, value: 'x', source });
const matched = (nodeId: string, intent: string): RuntimeEvent => ({ type: 'intent_matched', nodeId, intent, score: 0.9 });
const customer = (nodeId: string): Turn => ({ speaker: 'customer', text: '…', nodeId, events: [] });
const bot = (nodeId: string, ...events: RuntimeEvent[]): Turn => ({ speaker: 'bot', text: '…', nodeId, events });

function conv(index: number, outcome: Outcome, extra: Partial<ConversationResult> = {}): ConversationResult {
  return {
    index, persona: 'elderly', seed: 1, outcome, lastNodeId: outcome === 'completed' ? 'end' : 'ask', goal: null,
    turns: [], customerTurns: 4, fallbacks: 0, digressions: [], misroutes: [], recovered: null, path: ['start', 'menu', 'ask'], ...extra,
  };
}

describe('failureOrigin: where a failed conversation went wrong', () => {
  it('is the first fallback never recovered from, not the menu a restart left the customer at', () => {
    const c = conv(0, 'abandoned', {
      lastNodeId: 'menu',
      turns: [bot('menu'), customer('menu'), bot('ask', matched('menu', 'track')), customer('ask'), bot('ask', fb('ask')), bot('menu'), customer('menu'), bot('menu', fb('menu'))],
    });
    expect(failureOrigin(c)).toEqual({ nodeId: 'ask', kind: 'fallback', turn: 3 });
  });

  it('skips fallbacks the customer got past: the node later understood them', () => {
    const c = conv(0, 'stuck', {
      lastNodeId: 'ask_email',
      turns: [customer('ask'), bot('ask', fb('ask')), customer('ask'), bot('ask_email', filled('ask')), customer('ask_email'), bot('ask_email', fb('ask_email'))],
    });
    expect(failureOrigin(c)).toEqual({ nodeId: 'ask_email', kind: 'fallback', turn: 4 });
  });

  it('counts a value volunteered earlier as getting past the question', () => {
    const c = conv(0, 'handoff', {
      lastNodeId: 'lookup',
      turns: [customer('ask'), bot('ask', fb('ask')), customer('menu'), bot('menu', filled('ask', 'volunteered'))],
    });
    expect(failureOrigin(c)).toEqual({ nodeId: 'lookup', kind: 'ended', turn: null });
  });

  it('is a hijack when a digression was stored as the answer, even though a slot was filled', () => {
    const c = conv(0, 'wrong_end', {
      lastNodeId: 'end_b',
      turns: [customer('note'), bot('next', filled('note')), customer('next'), bot('end_b', filled('next'))],
      digressions: [{ turn: 0, kind: 'backstory', nodeId: 'note', hijacked: true, returned: false, contextKept: false, recovered: false }],
    });
    expect(failureOrigin(c)).toEqual({ nodeId: 'note', kind: 'hijack', turn: 0 });
  });

  it('is a misroute when a router took the customer elsewhere, unless the router later routed them right', () => {
    const turns = [customer('menu'), bot('remake', matched('menu', 'remake')), customer('remake'), bot('end_remake', filled('remake'))];
    const wrong = conv(0, 'wrong_end', { lastNodeId: 'end_remake', turns, misroutes: [{ turn: 0, nodeId: 'menu', wanted: 'refund', got: 'remake' }] });
    expect(failureOrigin(wrong)).toEqual({ nodeId: 'menu', kind: 'misroute', turn: 0 });
    const corrected = conv(1, 'abandoned', {
      lastNodeId: 'ask_refund',
      turns: [...turns.slice(0, 2), customer('remake'), bot('menu'), customer('menu'), bot('ask_refund', matched('menu', 'refund')), customer('ask_refund'), bot('ask_refund', fb('ask_refund'))],
      misroutes: [{ turn: 0, nodeId: 'menu', wanted: 'refund', got: 'remake' }],
    });
    expect(failureOrigin(corrected)).toEqual({ nodeId: 'ask_refund', kind: 'fallback', turn: 6 });
  });

  it('is the node where it ended when nothing was misunderstood (a dead end after a tool error)', () => {
    expect(failureOrigin(conv(0, 'stuck', { lastNodeId: 'lookup' }))).toEqual({ nodeId: 'lookup', kind: 'ended', turn: null });
  });

  it('is where the customer asked for a person when nothing went wrong before, not the handoff node', () => {
    const c = conv(0, 'handoff', {
      lastNodeId: 'human',
      turns: [customer('menu'), bot('ask', matched('menu', 'track')), customer('ask'), bot('human', { type: 'global_intent', nodeId: 'ask', intent: 'agent', action: 'handoff', score: 0.8 })],
    });
    expect(failureOrigin(c)).toEqual({ nodeId: 'ask', kind: 'asked_human', turn: 2 });
  });

  it('is null for completed, harness-error and out-of-scope conversations', () => {
    expect(failureOrigin(conv(0, 'completed'))).toBeNull();
    expect(failureOrigin(conv(0, 'error'))).toBeNull();
    expect(failureOrigin(conv(0, 'abandoned', { outOfScope: { request: 'mortgage', misrouted: false } }))).toBeNull();
  });
});

const stats = (visits: number, started: number, extra: Partial<NodeStats> = {}): NodeStats => ({ visits, fallbacks: 0, stuck: 0, abandoned: 0, hijacks: 0, started, reached: visits, ...extra });

describe('rankNodes: blame by rate, not by traffic', () => {

  it('a question where 17 of 20 failed beats a menu with 40 of 600', () => {
    const ranked = rankNodes({ menu: stats(600, 40), ask_date: stats(20, 17) });
    expect(ranked.map((r) => r.nodeId)).toEqual(['ask_date', 'menu']);
    expect(ranked[0]).toMatchObject({ started: 17, reached: 20, rate: 0.85 });
    expect(ranked[0]!.rateLow).toBeCloseTo(0.64, 2);
    expect(ranked[1]!.weight).toBeCloseTo(40 * 0.049, 1);
  });

  it('but a busy node with a real failure rate still outranks it, and one failure in one visit does not', () => {
    expect(rankNodes({ menu: stats(600, 150), ask_date: stats(20, 17) })[0]!.nodeId).toBe('menu');
    expect(rankNodes({ menu: stats(600, 40), rare: stats(1, 1) })[0]!.nodeId).toBe('menu');
  });

  it('leaves out nodes where nothing started and nodes of runs saved before blame existed', () => {
    const old = { visits: 50, fallbacks: 9, stuck: 3, abandoned: 1, hijacks: 0 };
    expect(rankNodes({ a: stats(10, 0), b: old, c: stats(10, 2) }).map((r) => r.nodeId)).toEqual(['c']);
  });

  it('accepts a Map and orders ties by count then id', () => {
    const m = new Map([['b', stats(10, 5)], ['a', stats(10, 5)]]);
    expect(rankNodes(m).map((r) => r.nodeId)).toEqual(['a', 'b']);
  });

  it('weight grows with failures at a fixed rate and with the rate at a fixed count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (started, extra) => {
        const reached = started + extra;
        expect(blameWeight(started, reached + 1)).toBeLessThanOrEqual(blameWeight(started, reached));
        expect(blameWeight(2 * started, 2 * reached)).toBeGreaterThan(blameWeight(started, reached));
      }),
    );
  });
});

describe('rankOffTopic: off-topic recovery by node, same weight', () => {
  it('ranks nodes by unrecovered digressions weighted by their rate, leaving out nodes that recovered all', () => {
    const ranked = rankOffTopic({
      menu: stats(600, 0, { offTopic: 60, offTopicRecovered: 50 }),
      note: stats(40, 0, { offTopic: 9, offTopicRecovered: 1 }),
      ask: stats(40, 0, { offTopic: 5, offTopicRecovered: 5 }),
    });
    expect(ranked.map((r) => [r.nodeId, r.started, r.reached])).toEqual([['note', 8, 9], ['menu', 10, 60]]);
  });
});

describe('why this score follows the ranking', () => {
  it('the defective question is the first cluster although the menu had more failures', () => {
    const cs: ConversationResult[] = [];
    // 600 customers pass the menu: 40 fail there. 20 reach ask_date: 17 fail there.
    for (let i = 0; i < 600; i++) {
      const atMenu = i < 40;
      const atDate = i >= 40 && i < 57;
      const reachesDate = i >= 40 && i < 60;
      cs.push(conv(i, atMenu ? 'abandoned' : atDate ? 'stuck' : 'completed', {
        lastNodeId: atMenu ? 'menu' : atDate ? 'ask_date' : 'end',
        path: reachesDate ? ['start', 'menu', 'ask_date', 'end'] : atMenu ? ['start', 'menu'] : ['start', 'menu', 'end'],
        turns: atMenu ? [customer('menu'), bot('menu', fb('menu'))] : atDate ? [customer('ask_date'), bot('ask_date', fb('ask_date'))] : [],
      }));
    }
    const [first, second] = failureClusters(cs);
    expect(first).toMatchObject({ nodeId: 'ask_date', count: 17, reached: 20, outcome: 'stuck', example: 40 });
    expect(second).toMatchObject({ nodeId: 'menu', count: 40, reached: 600 });
    expect(first!.summary).toContain('85% of the 20 customers who reached it');
  });
});

describe('node stats are safe for any node id (issue 11, point 3)', () => {
  it('a node id __proto__ is an ordinary key and Object.prototype stays clean', () => {
    const c = conv(0, 'stuck', { lastNodeId: '__proto__', path: ['start', '__proto__', 'constructor'], turns: [customer('__proto__'), bot('__proto__', fb('__proto__'))] });
    const stats = nodeStats([c, conv(1, 'completed', { path: ['start', 'constructor', 'toString'] })]);
    expect(Object.getOwnPropertyDescriptor(stats, '__proto__')?.value).toMatchObject({ visits: 1, fallbacks: 1, stuck: 1, started: 1 });
    expect(stats.constructor).toMatchObject({ visits: 2 });
    expect(stats.toString).toMatchObject({ visits: 1 });
    expect(({} as Record<string, unknown>).visits).toBeUndefined();
    expect(Object.keys(stats)).toEqual(['__proto__', 'constructor', 'start', 'toString']);
    expect(rankNodes(stats).map((r) => r.nodeId)).toEqual(['__proto__']);
    // Survives the JSON round trip of a history export.
    const back = JSON.parse(JSON.stringify(stats));
    expect(rankNodes(back).map((r) => r.nodeId)).toEqual(['__proto__']);
  });

  it('failure clusters and misroutes take such ids too', () => {
    const c = conv(0, 'wrong_end', { lastNodeId: 'end', path: ['__proto__', 'end'], misroutes: [{ turn: 0, nodeId: '__proto__', wanted: 'constructor', got: 'toString' }], turns: [customer('__proto__'), bot('end', matched('__proto__', 'toString'))] });
    const s = summarizeRun('elderly', 1, 1, [c]);
    expect(s.clusters[0]).toMatchObject({ nodeId: '__proto__', count: 1, kinds: { misroute: 1 } });
    expect(s.misroutes).toEqual([{ nodeId: '__proto__', count: 1, pairs: [{ wanted: 'constructor', got: 'toString', count: 1 }] }]);
    expect(({} as Record<string, unknown>).misroutes).toBeUndefined();
  });
});

describe('per-node off-topic recovery and misroutes', () => {
  it('counts digressions and recoveries at each listening node, scored conversations only', () => {
    const d = (nodeId: string, recovered: boolean) => ({ turn: 0, kind: 'small_talk' as const, nodeId, hijacked: !recovered, returned: recovered, contextKept: true, recovered });
    const stats = nodeStats([
      conv(0, 'completed', { digressions: [d('note', false), d('menu', true)] }),
      conv(1, 'completed', { digressions: [d('menu', true), d('note', false)] }),
      conv(2, 'completed', { digressions: [d('note', true)] }),
      conv(3, 'completed', { digressions: [d('note', false)], outOfScope: { request: 'x', misrouted: false } }),
    ]);
    expect(stats.note).toMatchObject({ offTopic: 3, offTopicRecovered: 1, hijacks: 3 });
    expect(stats.menu).toMatchObject({ offTopic: 2, offTopicRecovered: 2 });
  });
});

describe('blame on simulated conversations', () => {
  it('every failed scored conversation is blamed on exactly one node it visited', () => {
    const flow = compileFlow(miniFlow({ globalIntents: MINI_GLOBALS, matcher: { threshold: 0.5, margin: 0.05, typoTolerance: false, globalThreshold: 0.6 } }));
    const cs = simulateBatch(flow, 'typo-prone', 80, 11);
    const failed = cs.filter((c) => c.outcome !== 'completed' && c.outcome !== 'error' && !c.outOfScope);
    expect(failed.length).toBeGreaterThan(5);
    for (const c of failed) {
      const o = failureOrigin(c)!;
      expect(o.nodeId, `#${c.index}`).not.toBeNull();
      expect(c.path).toContain(o.nodeId);
    }
    const stats = nodeStats(cs);
    const started = Object.values(stats).reduce((n, s) => n + (s.started ?? 0), 0);
    expect(started).toBe(failed.length);
    for (const s of Object.values(stats)) expect(s.started ?? 0).toBeLessThanOrEqual(s.reached ?? 0);
  });
});

describe('whatGotWorse: what got worse since the previous run of the same customers', () => {
  const base = (i: number) => conv(i, 'completed', { path: ['start', 'menu', 'ask_date', 'end'] });
  const failAt = (i: number, nodeId: string) => conv(i, 'stuck', { lastNodeId: nodeId, path: ['start', 'menu', 'ask_date'], turns: [customer(nodeId), bot(nodeId, fb(nodeId))] });

  it('names the node whose started failures rose most, with paired verdicts and example conversations', () => {
    const before = Array.from({ length: 100 }, (_, i) => (i < 5 ? failAt(i, 'menu') : i < 7 ? failAt(i, 'ask_date') : base(i)));
    const after = Array.from({ length: 100 }, (_, i) => (i < 5 ? failAt(i, 'menu') : i < 25 ? failAt(i, 'ask_date') : base(i)));
    const r = whatGotWorse(before, after)!;
    expect(r.paired).toBe(true);
    expect(r.worst).toMatchObject({ nodeId: 'ask_date', before: 2, after: 20, delta: 18 });
    expect(r.worst!.pValue!).toBeLessThan(0.001);
    expect(r.completion).toMatchObject({ before: 0.93, after: 0.75, verdict: 'worse' });
    expect(r.newlyFailed).toBe(18);
    expect(r.examples).toEqual([7, 8, 9, 10, 11]);
    expect(r.summary).toBe('Completion fell from 93% to 75% (worse). Failures starting at ask_date rose from 2 to 20. 18 conversations that completed before fail now.');
  });

  it('says nothing got worse when no node started more failures, and marks a small rise as possibly chance', () => {
    const before = Array.from({ length: 50 }, (_, i) => (i < 10 ? failAt(i, 'menu') : base(i)));
    const better = Array.from({ length: 50 }, (_, i) => (i < 3 ? failAt(i, 'menu') : base(i)));
    const r = whatGotWorse(before, better)!;
    expect(r.worst).toBeNull();
    expect(r.summary).toBe('Completion rose from 80% to 94% (improved). No node started more failures than before.');
    const slightly = Array.from({ length: 50 }, (_, i) => (i < 10 ? failAt(i, 'menu') : i === 10 ? failAt(i, 'ask_date') : base(i)));
    expect(whatGotWorse(before, slightly)!.summary).toContain('rose from 0 to 1 (could be chance)');
  });

  it('pairs by conversation index and leaves out harness errors and out-of-scope customers', () => {
    const before = [base(0), failAt(1, 'menu'), base(2), base(3)];
    const after = [failAt(0, 'ask_date'), conv(1, 'error'), base(2), { ...failAt(3, 'ask_date'), outOfScope: { request: 'x', misrouted: false } }, failAt(9, 'ask_date')];
    const r = whatGotWorse(before, after)!;
    expect(r.conversations).toBe(2);
    expect(r.worst).toMatchObject({ nodeId: 'ask_date', before: 0, after: 1 });
  });

  it('works from two summaries when transcripts are gone, and returns null for summaries without blame', () => {
    const before = Array.from({ length: 40 }, (_, i) => (i < 4 ? failAt(i, 'ask_date') : base(i)));
    const after = Array.from({ length: 40 }, (_, i) => (i < 14 ? failAt(i, 'ask_date') : base(i)));
    const r = whatGotWorse(summarizeRun('elderly', 40, 1, before), summarizeRun('elderly', 40, 1, after), { flow: { ...miniFlow(), nodes: [{ id: 'ask_date', type: 'question', position: { x: 0, y: 0 }, data: { label: 'Move-out date', slot: 'd', prompt: 'When?', entity: { type: 'date' } } }] } })!;
    expect(r).toMatchObject({ paired: false, newlyFailed: null, worst: { nodeId: 'ask_date', before: 4, after: 14, pValue: null } });
    expect(r.summary).toBe('Completion fell from 90% to 65%. Failures starting at "Move-out date" rose from 4 to 14.');
    const old = summarizeRun('elderly', 40, 1, before);
    const stripped = { ...old, nodes: Object.fromEntries(Object.entries(old.nodes).map(([k, v]) => [k, { visits: v.visits, fallbacks: v.fallbacks, stuck: v.stuck, abandoned: v.abandoned, hijacks: v.hijacks }])) };
    expect(whatGotWorse(stripped, summarizeRun('elderly', 40, 1, after))).toBeNull();
  });
});
