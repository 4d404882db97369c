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
  const scored = conversations.filter((c) => c.outcome !== 'error');
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
    errors: conversations.length - scored.length,
  };
}

/** Per node: visits, fallbacks, conversations that ended stuck or abandoned there, digression hijacks. */
export function nodeStats(conversations: readonly ConversationResult[]): Record<string, NodeStats> {
  const stats: Record<string, NodeStats> = {};
  const at = (id: string) => (stats[id] ??= { visits: 0, fallbacks: 0, stuck: 0, abandoned: 0, hijacks: 0 });
  for (const c of conversations) {
    if (c.outcome === 'error') continue;
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

/** "Why this score": failed conversations grouped by outcome and the node they ended at, largest first. */
export function failureClusters(conversations: readonly ConversationResult[], options: SummarizeOptions = {}): FailureCluster[] {
  const scored = conversations.filter((c) => c.outcome !== 'error');
  const groups = new Map<string, ConversationResult[]>();
  for (const c of scored) {
    if (c.outcome === 'completed') continue;
    const key = `${c.outcome}\u0000${c.lastNodeId ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  const clusters: FailureCluster[] = [...groups.values()].map((g) => {
    const c0 = g.reduce((a, b) => (a.index <= b.index ? a : b));
    const fallbacksThere = g.reduce((n, c) => n + c.turns.reduce((m, t) => m + t.events.filter((e) => e.type === 'fallback' && e.nodeId === c.lastNodeId).length, 0), 0);
    const why = fallbacksThere > 0 ? ` after ${fallbacksThere} fallback${fallbacksThere === 1 ? '' : 's'} there` : '';
    return {
      outcome: c0.outcome,
      nodeId: c0.lastNodeId,
      count: g.length,
      share: scored.length ? g.length / scored.length : 0,
      example: c0.index,
      summary: `${g.length} of ${scored.length} conversations ${OUTCOME_PHRASES[c0.outcome]} at ${nodeName(options.flow, c0.lastNodeId)}${why}.`,
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
