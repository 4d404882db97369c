import type { FlowDocument } from '../flow/types.ts';
import type { PersonaId } from '../personas/types.ts';
import type { ConversationResult, Outcome } from '../simulate/types.ts';
import { OUTCOMES } from '../simulate/types.ts';
import { ENGINE_VERSION } from '../version.ts';
import { bandFor, DEFAULT_BANDS, wilsonInterval } from './stats.ts';
import { blameWeight, failureOrigin, isScored, rankNodes } from './blame.ts';
import type { BandThresholds, FailureCluster, NodeStats, OriginKind, PersonaRunSummary, Rate, RouterMisroutes, RunScores } from './types.ts';

export interface SummarizeOptions {
  bands?: BandThresholds;
  /** Used to name nodes in the "why this score" summaries. */
  flow?: FlowDocument;
  /** Failure clusters to keep (default 5). */
  maxClusters?: number;
  /** Node stats of the same conversations, when already computed. */
  nodes?: Record<string, NodeStats>;
}

function rate(successes: number, total: number, direction: 'higher' | 'lower', bands: BandThresholds): Rate {
  const value = total > 0 ? successes / total : 0;
  const { low, high } = wilsonInterval(successes, total);
  return { value, successes, total, low, high, band: bandFor(value, direction, bands) };
}

/**
 * The three scores exactly as product.md §5 defines them. Harness errors (outcome `error`) are excluded
 * from every denominator and reported separately.
 */
export function scoreConversations(conversations: readonly ConversationResult[], bands: BandThresholds = DEFAULT_BANDS): RunScores {
  // Out-of-scope customers cannot complete what the flow does not offer: they are reported on their own.
  const scored = conversations.filter((c) => c.outcome !== 'error' && !c.outOfScope);
  const oos = conversations.filter((c) => c.outcome !== 'error' && c.outOfScope);
  const misrouted = oos.filter((c) => c.outOfScope!.misrouted).length;
  const completed = scored.filter((c) => c.outcome === 'completed').length;
  const withFallback = scored.filter((c) => c.fallbacks > 0).length;
  const digressed = scored.filter((c) => c.digressions.length > 0);
  const recovered = digressed.filter((c) => c.recovered === true).length;
  let fallbackTurns = 0;
  let customerTurns = 0;
  for (const c of scored) {
    fallbackTurns += c.fallbacks;
    customerTurns += c.customerTurns;
  }
  return {
    completion: rate(completed, scored.length, 'higher', bands),
    fallbackRate: rate(withFallback, scored.length, 'lower', bands),
    offTopicRecovery: digressed.length > 0 ? rate(recovered, digressed.length, 'higher', bands) : null,
    fallbackTurnsPerCustomerTurn: customerTurns > 0 ? fallbackTurns / customerTurns : 0,
    scored: scored.length,
    errors: conversations.filter((c) => c.outcome === 'error').length,
    outOfScope: { total: oos.length, misrouted, rejected: rate(oos.length - misrouted, oos.length, 'higher', bands) },
  };
}

/** A record keyed by ids that may be anything a flow file says (`__proto__`, `constructor`): no prototype. */
export function idRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  // defineProperty, never assignment: on an ordinary object `out['__proto__'] = v` would set its prototype.
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const byId = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Per node: visits, fallbacks, conversations that ended stuck or abandoned there, digression hijacks,
 * misroutes, the customers who reached it and the failures that started there (`failureOrigin`), and off-topic
 * recovery at the node. Harness errors are left out; `reached`, `started` and the off-topic counts also leave
 * out out-of-scope customers, as the scores do. Returns a null-prototype record with sorted keys.
 */
export function nodeStats(conversations: readonly ConversationResult[]): Record<string, NodeStats> {
  const stats = new Map<string, Required<NodeStats>>();
  const at = (id: string) => {
    let s = stats.get(id);
    if (!s) stats.set(id, (s = { visits: 0, fallbacks: 0, stuck: 0, abandoned: 0, hijacks: 0, reached: 0, started: 0, misroutes: 0, offTopic: 0, offTopicRecovered: 0 }));
    return s;
  };
  for (const c of conversations) {
    if (c.outcome === 'error') continue;
    const scored = isScored(c);
    for (const id of c.path) at(id).visits++;
    if (scored) for (const id of new Set(c.path)) at(id).reached++;
    for (const t of c.turns) for (const e of t.events) if (e.type === 'fallback') at(e.nodeId).fallbacks++;
    if (c.lastNodeId && c.outcome === 'stuck') at(c.lastNodeId).stuck++;
    if (c.lastNodeId && c.outcome === 'abandoned') at(c.lastNodeId).abandoned++;
    for (const d of c.digressions) {
      if (d.hijacked) at(d.nodeId).hijacks++;
      if (!scored) continue;
      at(d.nodeId).offTopic++;
      if (d.recovered) at(d.nodeId).offTopicRecovered++;
    }
    for (const m of c.misroutes ?? []) at(m.nodeId).misroutes++;
    const origin = failureOrigin(c);
    if (origin?.nodeId) at(origin.nodeId).started++;
  }
  // Sorted keys keep the summary byte-stable whatever order conversations finished in.
  return idRecord([...stats.entries()].sort(byId));
}

/** Misroutes by router, most first; each with the requests taken for the wrong route. Harness errors left out. */
export function routerMisroutes(conversations: readonly ConversationResult[]): RouterMisroutes[] {
  const routers = new Map<string, Map<string, { wanted: string | null; got: string; count: number }>>();
  for (const c of conversations) {
    if (c.outcome === 'error') continue;
    for (const m of c.misroutes ?? []) {
      const pairs = routers.get(m.nodeId) ?? new Map();
      routers.set(m.nodeId, pairs);
      const key = `${m.wanted ?? ''}\u0000${m.got}`;
      const p = pairs.get(key) ?? { wanted: m.wanted, got: m.got, count: 0 };
      p.count++;
      pairs.set(key, p);
    }
  }
  const out: RouterMisroutes[] = [...routers.entries()].map(([nodeId, pairs]) => {
    const list = [...pairs.values()].sort((a, b) => b.count - a.count || String(a.wanted).localeCompare(String(b.wanted)) || a.got.localeCompare(b.got));
    return { nodeId, count: list.reduce((n, p) => n + p.count, 0), pairs: list };
  });
  return out.sort((a, b) => b.count - a.count || (a.nodeId < b.nodeId ? -1 : 1));
}

const OUTCOME_PHRASES: Record<Outcome, string> = {
  completed: 'completed',
  wrong_end: 'reached the wrong end',
  handoff: 'were handed to a human',
  abandoned: 'gave up',
  stuck: 'got stuck',
  max_turns: 'ran out of turns',
  loop_detected: 'hit a loop',
  error: 'failed in the harness',
};

const KIND_PHRASES: Record<OriginKind, string> = {
  fallback: 'after the bot did not understand them there',
  hijack: 'after an off-topic turn was taken as the answer',
  misroute: 'after it routed them to something they did not ask for',
  asked_human: 'asked for a person there',
  ended: 'ended there with nothing misunderstood before',
};

function nodeName(flow: FlowDocument | undefined, id: string | null): string {
  if (!id) return 'the start';
  const n = flow?.nodes.find((x) => x.id === id);
  if (!n) return `node ${id}`;
  const label = n.data.label ?? ('prompt' in n.data ? n.data.prompt : undefined) ?? ('text' in n.data ? n.data.text : undefined);
  const short = label && label.length > 48 ? `${label.slice(0, 45)}...` : label;
  return short ? `"${short}" (${n.type} ${id})` : `${n.type} ${id}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function counted<K extends string>(items: readonly K[], order: readonly K[]): [K, number][] {
  const m = new Map<K, number>();
  for (const k of items) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]));
}

const ORIGIN_KINDS: readonly OriginKind[] = ['fallback', 'hijack', 'misroute', 'asked_human', 'ended'];

/**
 * "Why this score": failed conversations grouped by the node where they went wrong (`failureOrigin`), in the
 * order of the blame ranking (`rankNodes`): the same order as the heatmap and the CLI.
 */
export function failureClusters(conversations: readonly ConversationResult[], options: SummarizeOptions = {}): FailureCluster[] {
  const scored = conversations.filter(isScored);
  const groups = new Map<string | null, { items: ConversationResult[]; kinds: OriginKind[] }>();
  for (const c of scored) {
    const o = failureOrigin(c);
    if (!o) continue;
    const g = groups.get(o.nodeId) ?? { items: [], kinds: [] };
    g.items.push(c);
    g.kinds.push(o.kind);
    groups.set(o.nodeId, g);
  }
  const stats = options.nodes ?? nodeStats(conversations);
  const order: (string | null)[] = rankNodes(stats).map((r) => r.nodeId).filter((id) => groups.has(id));
  if (groups.has(null)) order.push(null);
  const clusters = order.map((nodeId): FailureCluster => {
    const { items, kinds } = groups.get(nodeId)!;
    const outcomes = counted(items.map((c) => c.outcome), OUTCOMES);
    const byKind = counted(kinds, ORIGIN_KINDS);
    const outcome = outcomes[0]![0];
    const example = items.reduce((a, b) => (a.index <= b.index ? a : b)).index;
    const st = nodeId === null ? undefined : stats[nodeId];
    const reached = st ? Math.max(items.length, st.reached ?? st.visits) : undefined;
    const name = nodeName(options.flow, nodeId);
    const rateText = reached ? `, ${pct(items.length / reached)} of the ${reached} customers who reached it` : '';
    const what = outcomes.map(([o, k]) => `${k} ${OUTCOME_PHRASES[o]}`).join(', ');
    const how = byKind.map(([k, n]) => (byKind.length === 1 ? KIND_PHRASES[k] : `${n} ${KIND_PHRASES[k]}`)).join(', ');
    const ends = [...new Set(items.map((c) => c.lastNodeId))];
    const endedElsewhere = ends.length === 1 && ends[0] !== nodeId ? `; they ended at ${nodeName(options.flow, ends[0]!)}` : '';
    return {
      outcome,
      nodeId,
      count: items.length,
      share: scored.length ? items.length / scored.length : 0,
      example,
      summary: `${items.length} of ${scored.length} conversations went wrong at ${name}${rateText}: ${what}; ${how}${endedElsewhere}.`,
      ...(reached ? { reached, rate: items.length / reached, weight: blameWeight(items.length, reached) } : {}),
      outcomes: Object.fromEntries(outcomes),
      kinds: Object.fromEntries(byKind),
    };
  });
  return clusters.slice(0, options.maxClusters ?? 5);
}

/** Scores, outcome counts, per-node stats and failure clusters for one persona's run. */
export function summarizeRun(
  persona: PersonaId,
  n: number,
  seed: number,
  conversations: readonly ConversationResult[],
  options: SummarizeOptions = {},
): PersonaRunSummary {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const c of conversations) outcomes[c.outcome]++;
  const nodes = nodeStats(conversations);
  return {
    persona,
    n,
    seed,
    engineVersion: ENGINE_VERSION,
    scores: scoreConversations(conversations, options.bands ?? DEFAULT_BANDS),
    outcomes,
    nodes,
    clusters: failureClusters(conversations, { ...options, nodes }),
    misroutes: routerMisroutes(conversations),
  };
}
