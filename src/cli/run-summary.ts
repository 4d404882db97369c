/**
 * One persona's run summary built conversation by conversation, so the command line can stream 100,000
 * conversations without holding them: the same {@link PersonaRunSummary} as `summarizeRun` (a test checks
 * they are equal on real runs), from counts, per-node sums and per-cluster aggregates. Memory grows with the
 * flow (nodes, failure clusters), never with the number of conversations.
 */
import { failedToRun } from '../core/errors.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import type { PersonaId } from '../core/personas/types.ts';
import { bandFor, DEFAULT_BANDS, wilsonInterval } from '../core/score/stats.ts';
import { blameNode } from '../core/score/summarize.ts';
import type { BandThresholds, FailureCluster, NodeStats, PersonaRunSummary, Rate } from '../core/score/types.ts';
import { OUTCOMES, type ConversationResult, type Outcome } from '../core/simulate/types.ts';
import { ENGINE_VERSION } from '../core/version.ts';

/** Mirrors `summarize.ts` (kept private there); the equality test catches any drift. */
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

interface ClusterAggregate {
  outcome: Outcome;
  blame: string | null;
  count: number;
  fallbacks: number;
  /** Lowest index seen, and its outcome. */
  example: number;
  /** The one end node of every conversation in the group, or undefined once two differ. */
  end: string | null | undefined;
  endsDiffer: boolean;
}

export interface RunAccumulator {
  add(c: ConversationResult): void;
  /** Conversations added so far. */
  readonly count: number;
  /** Harness errors added so far. */
  readonly errors: number;
  summary(): PersonaRunSummary;
}

/** Accumulates one persona's run; `summary()` equals `summarizeRun(persona, n, seed, all, { flow, bands })`. */
export function createRunAccumulator(
  persona: PersonaId,
  n: number,
  seed: number,
  options: { flow?: FlowDocument; bands?: BandThresholds; maxClusters?: number } = {},
): RunAccumulator {
  const bands = options.bands ?? DEFAULT_BANDS;
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  let count = 0;
  let scored = 0;
  let completed = 0;
  let withFallback = 0;
  let digressed = 0;
  let recovered = 0;
  let fallbackTurns = 0;
  let customerTurns = 0;
  let errors = 0;
  let oos = 0;
  let oosMisrouted = 0;
  /** Scored for the clusters: every conversation that ran, out-of-scope ones included (as summarize does). */
  let ran = 0;
  const nodes = new Map<string, NodeStats>();
  const clusters = new Map<string, ClusterAggregate>();
  const at = (id: string) => {
    let s = nodes.get(id);
    if (!s) nodes.set(id, (s = { visits: 0, fallbacks: 0, stuck: 0, abandoned: 0, hijacks: 0 }));
    return s;
  };

  const nodeName = (id: string | null): string => {
    if (!id) return 'the start';
    const node = options.flow?.nodes.find((x) => x.id === id);
    if (!node) return `node ${id}`;
    const data = node.data as { label?: string; prompt?: string; text?: string };
    const label = data.label ?? ('prompt' in data ? data.prompt : undefined) ?? ('text' in data ? data.text : undefined);
    const short = label && label.length > 48 ? `${label.slice(0, 45)}...` : label;
    return short ? `"${short}" (${node.type} ${id})` : `${node.type} ${id}`;
  };

  return {
    get count() {
      return count;
    },
    get errors() {
      return errors;
    },
    add(c) {
      count++;
      outcomes[c.outcome]++;
      if (c.outcome === 'error') {
        errors++;
        return;
      }
      ran++;
      if (c.outOfScope) {
        oos++;
        if (c.outOfScope.misrouted) oosMisrouted++;
      } else {
        scored++;
        if (c.outcome === 'completed') completed++;
        if (c.fallbacks > 0) withFallback++;
        if (c.digressions.length > 0) {
          digressed++;
          if (c.recovered === true) recovered++;
        }
        fallbackTurns += c.fallbacks;
        customerTurns += c.customerTurns;
      }
      for (const id of c.path) at(id).visits++;
      for (const t of c.turns) for (const e of t.events) if (e.type === 'fallback') at(e.nodeId).fallbacks++;
      if (c.lastNodeId && c.outcome === 'stuck') at(c.lastNodeId).stuck++;
      if (c.lastNodeId && c.outcome === 'abandoned') at(c.lastNodeId).abandoned++;
      for (const d of c.digressions) if (d.hijacked) at(d.nodeId).hijacks++;
      if (c.outcome === 'completed') return;
      const b = blameNode(c);
      const key = `${c.outcome}\u0000${b.nodeId ?? ''}`;
      const g = clusters.get(key);
      if (!g) {
        clusters.set(key, { outcome: c.outcome, blame: b.nodeId, count: 1, fallbacks: b.fallbacks, example: c.index, end: c.lastNodeId, endsDiffer: false });
        return;
      }
      g.count++;
      g.fallbacks += b.fallbacks;
      if (c.index < g.example) g.example = c.index;
      if (!g.endsDiffer && g.end !== c.lastNodeId) g.endsDiffer = true;
    },
    summary(): PersonaRunSummary {
      const rate = (successes: number, total: number, direction: 'higher' | 'lower'): Rate => {
        const value = total > 0 ? successes / total : 0;
        const { low, high } = wilsonInterval(successes, total);
        return { value, successes, total, low, high, band: bandFor(value, direction, bands) };
      };
      const list: FailureCluster[] = [...clusters.values()].map((g) => {
        const where = g.fallbacks > 0 ? ` after the bot failed ${g.fallbacks} time${g.fallbacks === 1 ? '' : 's'} at ${nodeName(g.blame)}` : ` at ${nodeName(g.blame)}`;
        const endedElsewhere = !g.endsDiffer && g.end !== g.blame ? `; they ended at ${nodeName(g.end ?? null)}` : '';
        return {
          outcome: g.outcome,
          nodeId: g.blame,
          count: g.count,
          share: ran ? g.count / ran : 0,
          example: g.example,
          summary: `${g.count} of ${ran} conversations ${OUTCOME_PHRASES[g.outcome]}${where}${endedElsewhere}.`,
        };
      });
      list.sort((a, b) => b.count - a.count || OUTCOMES.indexOf(a.outcome) - OUTCOMES.indexOf(b.outcome) || String(a.nodeId).localeCompare(String(b.nodeId)));
      // Sorted keys keep the summary byte-stable; a null-prototype object, so no node id can reach a built-in.
      const nodeRecord = Object.create(null) as Record<string, NodeStats>;
      for (const id of [...nodes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) nodeRecord[id] = nodes.get(id)!;
      return {
        persona,
        n,
        seed,
        engineVersion: ENGINE_VERSION,
        scores: {
          completion: rate(completed, scored, 'higher'),
          fallbackRate: rate(withFallback, scored, 'lower'),
          offTopicRecovery: digressed > 0 ? rate(recovered, digressed, 'higher') : null,
          fallbackTurnsPerCustomerTurn: customerTurns > 0 ? fallbackTurns / customerTurns : 0,
          scored,
          errors,
          outOfScope: { total: oos, misrouted: oosMisrouted, rejected: rate(oos - oosMisrouted, oos, 'higher') },
        },
        outcomes,
        nodes: nodeRecord,
        clusters: list.slice(0, options.maxClusters ?? 5),
      };
    },
  };
}

/** Whether a persona's run failed to run (FS155): see {@link failedToRun}. */
export function runFailed(summary: Pick<PersonaRunSummary, 'scores'>): boolean {
  return failedToRun(summary.scores);
}
