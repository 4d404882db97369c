import { rankNodes } from '../core/score/blame.ts';
import type { NodeStats, PersonaRunSummary, Regression } from '../core/score/types.ts';
import { formatPercent, plural } from './format.ts';

/** How much trouble customers had at one node, for a canvas overlay or a host's own node renderer. */
export interface NodeHeat {
  /**
   * 0 (no trouble) to 1. For runs with blame by origin: the lower 95% bound of the share of customers who
   * reached the node and went wrong there (nodes where customers only stumbled and recovered stay below 0.1).
   * For older runs: the worse of the share that ended here and the fallbacks per visit.
   */
  level: number;
  visits: number;
  fallbacks: number;
  /** Conversations that ended stuck here. */
  stuck: number;
  /** Conversations whose customer gave up here. */
  abandoned: number;
  /** Off-topic turns captured here as a slot value. */
  hijacks: number;
  /** Failed conversations that went wrong here (absent for runs saved before blame by origin). */
  started?: number;
  /** Customers who reached the node. */
  reached?: number;
  /** Place in the blame ranking ("why this score" uses the same order); absent when nothing started here. */
  rank?: number;
  /** Requests this router sent somewhere the customer did not ask to go. */
  misroutes?: number;
  /** Digressions while the node was waiting, and those it recovered from. */
  offTopic?: number;
  offTopicRecovered?: number;
  /** Set on the node whose started failures rose most since the previous run of the same customers. */
  worse?: { before: number; after: number; delta: number; summary: string };
  /** Short description: "17 of 20 went wrong here (85%) · 2 misrouted · 8 fallbacks"; empty when nothing went wrong. */
  label: string;
}

function isSummary(x: PersonaRunSummary | Record<string, NodeStats>): x is PersonaRunSummary {
  return typeof (x as PersonaRunSummary).scores === 'object' && typeof (x as PersonaRunSummary).nodes === 'object' && 'persona' in x;
}

export interface NodeHeatOptions {
  /** Scored conversations (older runs' end share); read from the summary when given one. */
  scored?: number;
  /** What got worse since the previous run (`whatGotWorse`): marks its worst node. */
  regression?: Regression | null;
}

/**
 * Per-node heat from a run summary (or bare node stats), ranked like "why this score": the nodes where
 * failures started, by `rankNodes` (failures started there times the lower bound of their rate per customer
 * who reached the node). A small question that fails most of its customers is hotter than a busy menu that
 * fails a few. Returns a null-prototype record, so any node id is an ordinary key.
 *
 * @example
 * const heat = getNodeHeat(run.summary);
 * // in a host node renderer:
 * <div style={{ outline: heat[id]?.level > 0.3 ? '2px solid #c62828' : undefined }} title={heat[id]?.label} />
 */
export function getNodeHeat(source: PersonaRunSummary | Record<string, NodeStats>, options: NodeHeatOptions = {}): Record<string, NodeHeat> {
  const nodes = isSummary(source) ? source.nodes : source;
  const stats = Object.entries(nodes);
  const scored = options.scored ?? (isSummary(source) ? source.scores.scored : Math.max(1, ...stats.map(([, s]) => s.visits)));
  const ranking = rankNodes(nodes);
  const rankOf = new Map(ranking.map((r, i) => [r.nodeId, { ...r, rank: i + 1 }]));
  const out = Object.create(null) as Record<string, NodeHeat>;
  for (const [id, s] of stats) {
    const blamed = s.started !== undefined;
    const r = rankOf.get(id);
    const misroutes = s.misroutes ?? 0;
    let level: number;
    if (blamed) {
      const stumbles = s.visits > 0 ? Math.min(1, (s.fallbacks + s.hijacks + misroutes) / s.visits) : 0;
      level = Math.max(r?.rateLow ?? 0, 0.1 * stumbles);
    } else {
      const ended = (s.stuck + s.abandoned + s.hijacks) / Math.max(1, scored);
      const perVisit = s.visits > 0 ? s.fallbacks / s.visits : s.fallbacks > 0 ? 1 : 0;
      level = Math.max(ended, perVisit);
    }
    const parts: string[] = [];
    if (r) parts.push(`${r.started} of ${r.reached} went wrong here (${formatPercent(r.rate)})`);
    if (misroutes) parts.push(`${misroutes} misrouted`);
    if (s.stuck) parts.push(`${s.stuck} stuck`);
    if (s.abandoned) parts.push(`${s.abandoned} abandoned`);
    if (s.hijacks) parts.push(plural(s.hijacks, 'hijack'));
    if (s.fallbacks) parts.push(plural(s.fallbacks, 'fallback'));
    const heat: NodeHeat = {
      level: Math.round(Math.min(1, level) * 1000) / 1000,
      visits: s.visits,
      fallbacks: s.fallbacks,
      stuck: s.stuck,
      abandoned: s.abandoned,
      hijacks: s.hijacks,
      label: '',
    };
    if (blamed) {
      heat.started = s.started;
      heat.reached = s.reached ?? s.visits;
      heat.misroutes = misroutes;
      heat.offTopic = s.offTopic ?? 0;
      heat.offTopicRecovered = s.offTopicRecovered ?? 0;
      if (r) heat.rank = r.rank;
      if (heat.offTopic > 0 && parts.length > 0) parts.push(`off-topic recovered ${heat.offTopicRecovered} of ${heat.offTopic}`);
    }
    heat.label = parts.join(' · ');
    Object.defineProperty(out, id, { value: heat, enumerable: true, writable: true, configurable: true });
  }
  const w = options.regression?.worst;
  if (w && Object.prototype.hasOwnProperty.call(out, w.nodeId)) {
    const h = out[w.nodeId]!;
    h.worse = { before: w.before, after: w.after, delta: w.delta, summary: options.regression!.summary };
  }
  return out;
}

/** The badge word for a node: where failures started first, then its most serious other problem. */
export function heatBadgeText(h: NodeHeat): string {
  if (h.started) return `${h.rank && h.rank <= 3 ? `#${h.rank} · ` : ''}${h.started}/${h.reached ?? h.visits} went wrong`;
  if (h.misroutes) return `${h.misroutes} misrouted`;
  if (h.stuck) return `${h.stuck} stuck`;
  if (h.abandoned) return `${h.abandoned} left`;
  if (h.hijacks) return `${h.hijacks} hijacked`;
  return plural(h.fallbacks, 'fallback');
}

/** Three heat steps for colour (always paired with the badge's words). */
export function heatStep(level: number): 'low' | 'mid' | 'high' {
  return level >= 0.4 ? 'high' : level >= 0.15 ? 'mid' : 'low';
}
