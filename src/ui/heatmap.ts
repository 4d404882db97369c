import type { NodeStats, PersonaRunSummary } from '../core/score/types.ts';
import { plural } from './format.ts';

/** How much trouble customers had at one node, for a canvas overlay or a host's own node renderer. */
export interface NodeHeat {
  /** 0 (no trouble) to 1 (every visit failed or every conversation ended here). */
  level: number;
  visits: number;
  fallbacks: number;
  /** Conversations that ended stuck here. */
  stuck: number;
  /** Conversations whose customer gave up here. */
  abandoned: number;
  /** Off-topic turns captured here as a slot value. */
  hijacks: number;
  /** Short description: "3 stuck · 8 fallbacks"; empty when nothing went wrong. */
  label: string;
}

function isSummary(x: PersonaRunSummary | Record<string, NodeStats>): x is PersonaRunSummary {
  return typeof (x as PersonaRunSummary).scores === 'object' && typeof (x as PersonaRunSummary).nodes === 'object' && 'persona' in x;
}

/**
 * Per-node heat from a run summary (or bare node stats). The level is the worse of two shares a designer
 * can read off the same scale: the conversations that ended stuck, abandoned or hijacked at the node
 * (of all scored conversations), and the fallbacks per visit (capped at 1).
 *
 * @example
 * const heat = getNodeHeat(run.summary);
 * // in a host node renderer:
 * <div style={{ outline: heat[id]?.level > 0.3 ? '2px solid #c62828' : undefined }} title={heat[id]?.label} />
 */
export function getNodeHeat(source: PersonaRunSummary | Record<string, NodeStats>, options: { scored?: number } = {}): Record<string, NodeHeat> {
  const nodes = isSummary(source) ? source.nodes : source;
  const stats = Object.entries(nodes);
  const scored = options.scored ?? (isSummary(source) ? source.scores.scored : Math.max(1, ...stats.map(([, s]) => s.visits)));
  const out: Record<string, NodeHeat> = {};
  for (const [id, s] of stats) {
    const ended = (s.stuck + s.abandoned + s.hijacks) / Math.max(1, scored);
    const perVisit = s.visits > 0 ? s.fallbacks / s.visits : s.fallbacks > 0 ? 1 : 0;
    const level = Math.min(1, Math.max(ended, perVisit));
    const parts: string[] = [];
    if (s.stuck) parts.push(`${s.stuck} stuck`);
    if (s.abandoned) parts.push(`${s.abandoned} abandoned`);
    if (s.hijacks) parts.push(plural(s.hijacks, 'hijack'));
    if (s.fallbacks) parts.push(plural(s.fallbacks, 'fallback'));
    out[id] = { level: Math.round(level * 1000) / 1000, visits: s.visits, fallbacks: s.fallbacks, stuck: s.stuck, abandoned: s.abandoned, hijacks: s.hijacks, label: parts.join(' · ') };
  }
  return out;
}

/** The badge word for a node: its most serious problem. */
export function heatBadgeText(h: NodeHeat): string {
  if (h.stuck) return `${h.stuck} stuck`;
  if (h.abandoned) return `${h.abandoned} left`;
  if (h.hijacks) return `${h.hijacks} hijacked`;
  return plural(h.fallbacks, 'fallback');
}

/** Three heat steps for colour (always paired with the badge's words). */
export function heatStep(level: number): 'low' | 'mid' | 'high' {
  return level >= 0.4 ? 'high' : level >= 0.15 ? 'mid' : 'low';
}
