import type { FlowDocument } from '../flow/types.ts';
import type { PersonaId } from '../personas/types.ts';
import type { ConversationResult, Outcome } from '../simulate/types.ts';
import { OUTCOMES } from '../simulate/types.ts';
import { ENGINE_VERSION } from '../version.ts';
import { bandFor, DEFAULT_BANDS, wilsonInterval } from './stats.ts';
import type { BandThresholds, FailureCluster, NodeStats, PersonaRunSummary, Rate, RunScores } from './types.ts';

export interface SummarizeOptions {
  bands?: BandThresholds;
  /** Used to name nodes in the "why this score" summaries. */
  flow?: FlowDocument;
  /** Failure clusters to keep (default 5). */
  maxClusters?: number;
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

/** Per node: visits, fallbacks, conversations that ended stuck or abandoned there, digression hijacks. */
export function nodeStats(conversations: readonly ConversationResult[]): Record<string, NodeStats> {
  const stats: Record<string, NodeStats> = {};
  const at = (id: string) => (stats[id] ??= { visits: 0, fallbacks: 0, stuck: 0, abandoned: 0, hijacks: 0 });
  for (const c of conversations) {
    // Out-of-scope customers are meant to be turned away: their fallbacks are not the flow's failures.
    if (c.outcome === 'error' || c.outOfScope) continue;
    for (const id of c.path) at(id).visits++;
    for (const t of c.turns) for (const e of t.events) if (e.type === 'fallback') at(e.nodeId).fallbacks++;
    if (c.lastNodeId && c.outcome === 'stuck') at(c.lastNodeId).stuck++;
    if (c.lastNodeId && c.outcome === 'abandoned') at(c.lastNodeId).abandoned++;
    for (const d of c.digressions) if (d.hijacked) at(d.nodeId).hijacks++;
  }
  // Sorted keys keep the summary byte-stable whatever order conversations finished in.
  return Object.fromEntries(Object.entries(stats).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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

function nodeName(flow: FlowDocument | undefined, id: string | null): string {
  if (!id) return 'the start';
  const n = flow?.nodes.find((x) => x.id === id);
  if (!n) return `node ${id}`;
  const label = n.data.label ?? ('prompt' in n.data ? n.data.prompt : undefined) ?? ('text' in n.data ? n.data.text : undefined);
  const short = label && label.length > 48 ? `${label.slice(0, 45)}...` : label;
  return short ? `"${short}" (${n.type} ${id})` : `${n.type} ${id}`;
}

/**
 * The node a failed conversation is blamed on: where the bot failed to understand most often (the later one
 * on ties), else where it ended. A flow that restarts after a fallback ends conversations at its menu, but
 * the designer has to fix the question that kept rejecting the answer.
 */
export function blameNode(c: ConversationResult): { nodeId: string | null; fallbacks: number } {
  const counts = new Map<string, number>();
  let last: string | null = null;
  for (const t of c.turns) {
    for (const e of t.events) {
      if (e.type !== 'fallback') continue;
      counts.set(e.nodeId, (counts.get(e.nodeId) ?? 0) + 1);
      last = e.nodeId;
    }
  }
  if (last === null) return { nodeId: c.lastNodeId, fallbacks: 0 };
  let best = last;
  for (const [id, n] of counts) if (n > counts.get(best)!) best = id;
  return { nodeId: best, fallbacks: counts.get(best)! };
}

/** "Why this score": failed conversations grouped by outcome and the node blamed for them, largest first. */
export function failureClusters(conversations: readonly ConversationResult[], options: SummarizeOptions = {}): FailureCluster[] {
  const scored = conversations.filter((c) => c.outcome !== 'error' && !c.outOfScope);
  const groups = new Map<string, { blame: string | null; items: ConversationResult[]; fallbacks: number }>();
  for (const c of scored) {
    if (c.outcome === 'completed') continue;
    const b = blameNode(c);
    const key = `${c.outcome}\u0000${b.nodeId ?? ''}`;
    const g = groups.get(key) ?? { blame: b.nodeId, items: [], fallbacks: 0 };
    g.items.push(c);
    g.fallbacks += b.fallbacks;
    groups.set(key, g);
  }
  const clusters: FailureCluster[] = [...groups.values()].map(({ blame, items, fallbacks }) => {
    const c0 = items.reduce((a, b) => (a.index <= b.index ? a : b));
    const where = fallbacks > 0
      ? ` after the bot failed ${fallbacks} time${fallbacks === 1 ? '' : 's'} at ${nodeName(options.flow, blame)}`
      : ` at ${nodeName(options.flow, blame)}`;
    const ends = [...new Set(items.map((c) => c.lastNodeId))];
    const endedElsewhere = ends.length === 1 && ends[0] !== blame ? `; they ended at ${nodeName(options.flow, ends[0])}` : '';
    return {
      outcome: c0.outcome,
      nodeId: blame,
      count: items.length,
      share: scored.length ? items.length / scored.length : 0,
      example: c0.index,
      summary: `${items.length} of ${scored.length} conversations ${OUTCOME_PHRASES[c0.outcome]}${where}${endedElsewhere}.`,
    };
  });
  clusters.sort((a, b) => b.count - a.count || OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome) || String(a.nodeId).localeCompare(String(b.nodeId)));
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
  return {
    persona,
    n,
    seed,
    engineVersion: ENGINE_VERSION,
    scores: scoreConversations(conversations, options.bands ?? DEFAULT_BANDS),
    outcomes,
    nodes: nodeStats(conversations),
    clusters: failureClusters(conversations, options),
  };
}
