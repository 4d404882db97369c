import type { ConversationResult } from '../simulate/types.ts';
import { wilsonInterval } from './stats.ts';
import type { FailureOrigin, NodeStats, OriginKind } from './types.ts';

/**
 * Where failures start, and which nodes to blame first.
 *
 * A failed conversation (any outcome but `completed`; harness errors and out-of-scope customers are outside the
 * scores) is blamed on the node where it went wrong: the first fallback, slot hijack (a digression stored as an
 * answer) or misroute that the customer never recovered from. An incident at a node is recovered when the same
 * node later understood the customer (a slot filled from a real answer or a volunteered value, a route the
 * customer asked for). A conversation that failed without any such incident is blamed on the node where it
 * ended (a dead end after a tool error, a customer who left, a handoff the flow chose), or, when the customer
 * asked for a person, on the node where they asked.
 *
 * Nodes are then ranked by {@link blameWeight}: failures started there times the lower 95% Wilson bound of the
 * share of customers who reached the node and failed from there. A menu that every customer passes is not
 * blamed for its 40 failures in 600 (weight 40 x 0.05 = 2) over a question where 17 of 20 failed (17 x 0.64 =
 * 11), but a node where many fail at a real rate still outranks a rare one (150 of 600: 150 x 0.22 = 33).
 */

/** Is this conversation inside the scores (not a harness error, not an out-of-scope customer)? */
export function isScored(c: ConversationResult): boolean {
  return c.outcome !== 'error' && !c.outOfScope;
}

/** Failed and scored: the conversations blame is computed for. */
export function isFailure(c: ConversationResult): boolean {
  return isScored(c) && c.outcome !== 'completed';
}

interface Incident {
  nodeId: string;
  kind: Exclude<OriginKind, 'ended'>;
  turn: number;
  seq: number;
}

/**
 * The node where a failed conversation went wrong: the first fallback, hijack or misroute it never recovered
 * from, else the node where it ended. Null for completed, harness-error and out-of-scope conversations.
 *
 * @example
 * const o = failureOrigin(conversation);
 * // { nodeId: 'ask_move_date', kind: 'fallback', turn: 7 }
 */
export function failureOrigin(c: ConversationResult): FailureOrigin | null {
  if (!isFailure(c)) return null;
  const incidents: Incident[] = [];
  // Per node, the sequence number of the last time it understood the customer.
  const lastSuccess = new Map<string, number>();
  const hijackAt = new Map<number, string>();
  for (const d of c.digressions) if (d.hijacked) hijackAt.set(d.turn, d.nodeId);
  const misrouteAt = new Map<number, Set<string>>();
  for (const m of c.misroutes ?? []) {
    const set = misrouteAt.get(m.turn) ?? new Set<string>();
    set.add(m.nodeId);
    misrouteAt.set(m.turn, set);
  }
  let seq = 0;
  let customerTurn = -1;
  for (let i = 0; i < c.turns.length; i++) {
    const t = c.turns[i]!;
    if (t.speaker === 'customer') {
      customerTurn = i;
      const h = hijackAt.get(i);
      if (h !== undefined) incidents.push({ nodeId: h, kind: 'hijack', turn: i, seq: seq++ });
      for (const nodeId of misrouteAt.get(i) ?? []) incidents.push({ nodeId, kind: 'misroute', turn: i, seq: seq++ });
    }
    for (const e of t.events) {
      if (e.type === 'fallback') {
        // A bot turn answers the customer turn before it; the turn index of a fallback is that customer turn.
        incidents.push({ nodeId: e.nodeId, kind: 'fallback', turn: customerTurn >= 0 ? customerTurn : i, seq: seq++ });
      } else if (e.type === 'slot_filled') {
        const hijacked = e.source === 'answer' && hijackAt.get(customerTurn) === e.nodeId;
        if (!hijacked) lastSuccess.set(e.nodeId, seq++);
      } else if (e.type === 'intent_matched' || e.type === 'option_matched') {
        if (!misrouteAt.get(customerTurn)?.has(e.nodeId)) lastSuccess.set(e.nodeId, seq++);
      }
    }
  }
  for (const inc of incidents) {
    const ok = lastSuccess.get(inc.nodeId);
    if (ok === undefined || ok < inc.seq) return { nodeId: inc.nodeId, kind: inc.kind, turn: inc.turn };
  }
  // Nothing misunderstood: blame where it ended. A customer who asked for a person is blamed where they asked
  // (the question or router they were at), not on the handoff node every such request leads to.
  if (c.outcome === 'handoff') {
    for (let i = c.turns.length - 1; i >= 0; i--) {
      const g = c.turns[i]!.events.findLast((e) => e.type === 'global_intent' && e.action === 'handoff');
      if (!g) continue;
      let asked = i;
      while (asked >= 0 && c.turns[asked]!.speaker !== 'customer') asked--;
      return { nodeId: g.nodeId, kind: 'asked_human', turn: asked >= 0 ? asked : null };
    }
  }
  return { nodeId: c.lastNodeId, kind: 'ended', turn: null };
}

/** Wilson 95% lower bound of started / reached (0 when nothing reached the node). */
export function blameRateLow(started: number, reached: number): number {
  if (reached <= 0 || started <= 0) return 0;
  return wilsonInterval(Math.min(started, reached), reached).low;
}

/**
 * The ranking weight of a node: failures that started there times the lower 95% Wilson bound of their rate
 * per customer who reached it. Grows with both the count and the rate, so a busy node with a low rate does not
 * outrank a small node that fails most of its customers, and a single failure at a rarely visited node (1 of 1:
 * bound 0.21) does not outrank a real problem either.
 */
export function blameWeight(started: number, reached: number): number {
  return started * blameRateLow(started, reached);
}

/** One node in the blame ranking. */
export interface RankedNode {
  nodeId: string;
  /** Failed conversations that went wrong here. */
  started: number;
  /** Scored conversations that reached the node. */
  reached: number;
  /** started / reached. */
  rate: number;
  /** Lower 95% Wilson bound of `rate`. */
  rateLow: number;
  /** {@link blameWeight}: the sort key. */
  weight: number;
}

type StatsSource = Readonly<Record<string, NodeStats>> | ReadonlyMap<string, NodeStats>;

/**
 * Nodes where failures started, most to blame first (by {@link blameWeight}, then more failures, then id).
 * The one ranking behind "Why this score", the canvas heatmap and the CLI. Works on a run summary's node
 * stats; nodes of runs saved before blame existed (no `started`) are left out.
 *
 * @example
 * const [top] = rankNodes(summary.nodes);
 * // { nodeId: 'ask_move_date', started: 17, reached: 20, rate: 0.85, rateLow: 0.64, weight: 10.9 }
 */
export function rankNodes(nodes: StatsSource): RankedNode[] {
  const entries: [string, NodeStats][] = nodes instanceof Map ? [...nodes.entries()] : Object.entries(nodes as Record<string, NodeStats>);
  const out: RankedNode[] = [];
  for (const [nodeId, s] of entries) {
    const started = s.started ?? 0;
    if (started <= 0) continue;
    const reached = Math.max(started, s.reached ?? s.visits);
    const rateLow = blameRateLow(started, reached);
    out.push({ nodeId, started, reached, rate: started / reached, rateLow, weight: started * rateLow });
  }
  out.sort((a, b) => b.weight - a.weight || b.started - a.started || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  return out;
}

/**
 * Listening nodes by off-topic recovery failures, most to blame first, with the same weight as
 * {@link rankNodes}: digressions not recovered there times the lower bound of their share of the digressions
 * there. Drives "off-topic recovery by node"; `started` and `reached` here count digressions.
 *
 * @example
 * rankOffTopic(summary.nodes)[0]; // { nodeId: 'ask_service', started: 9, reached: 11, ... }
 */
export function rankOffTopic(nodes: StatsSource): RankedNode[] {
  const entries: [string, NodeStats][] = nodes instanceof Map ? [...nodes.entries()] : Object.entries(nodes as Record<string, NodeStats>);
  const out: RankedNode[] = [];
  for (const [nodeId, s] of entries) {
    const total = s.offTopic ?? 0;
    const failed = total - (s.offTopicRecovered ?? 0);
    if (failed <= 0) continue;
    const rateLow = blameRateLow(failed, total);
    out.push({ nodeId, started: failed, reached: total, rate: failed / total, rateLow, weight: failed * rateLow });
  }
  out.sort((a, b) => b.weight - a.weight || b.started - a.started || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  return out;
}
