import type { FlowDocument } from '../flow/types.ts';
import type { ConversationResult } from '../simulate/types.ts';
import { failureOrigin, isScored } from './blame.ts';
import { comparePaired } from './compare.ts';
import { mcnemarExact } from './stats.ts';
import type { NodeChange, NodeStats, PersonaRunSummary, Regression } from './types.ts';

/** One side of a comparison: a run's conversations (paired, best) or its summary (when transcripts are gone). */
export type RunSide = readonly ConversationResult[] | Pick<PersonaRunSummary, 'nodes' | 'scores'>;

export interface WhatGotWorseOptions {
  /** Names nodes in the summary sentence. */
  flow?: FlowDocument;
  /** Significance level of the paired tests (default 0.05). */
  alpha?: number;
}

function label(flow: FlowDocument | undefined, id: string): string {
  const n = flow?.nodes.find((x) => x.id === id);
  const text = n?.data.label ?? (n && 'prompt' in n.data ? n.data.prompt : undefined);
  return text ? `"${text.length > 48 ? `${text.slice(0, 45)}...` : text}"` : id;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function changes(before: Map<string, number>, after: Map<string, number>, pValue: (id: string) => number | null): NodeChange[] {
  const ids = new Set([...before.keys(), ...after.keys()]);
  const out: NodeChange[] = [];
  for (const nodeId of ids) {
    const b = before.get(nodeId) ?? 0;
    const a = after.get(nodeId) ?? 0;
    if (a !== b) out.push({ nodeId, before: b, after: a, delta: a - b, pValue: pValue(nodeId) });
  }
  return out.sort((x, y) => y.delta - x.delta || y.after - x.after || (x.nodeId < y.nodeId ? -1 : x.nodeId > y.nodeId ? 1 : 0));
}

function startedOf(nodes: Readonly<Record<string, NodeStats>>): Map<string, number> | null {
  const m = new Map<string, number>();
  for (const [id, s] of Object.entries(nodes)) {
    if (s.started === undefined) return null;
    if (s.started > 0) m.set(id, s.started);
  }
  return m;
}

/**
 * What got worse between the previous run of a persona and the current one, and where: the node whose started
 * failures (`failureOrigin`) rose most. Give it two runs of the same persona and seed (the same customers,
 * paired by conversation index) for the full answer: the completion verdict (McNemar), the conversations that
 * completed before and fail now, and per node a paired test of "went wrong here". From summaries alone (older
 * runs whose transcripts are gone) it compares the per-node counts and gives no verdicts. Returns null when the
 * summaries predate blame by origin (no `started` counts).
 *
 * @example
 * const r = whatGotWorse(previousConversations, conversations, { flow });
 * r?.worst; // { nodeId: 'ask_move_date', before: 2, after: 19, delta: 17, pValue: 0.00002 }
 * r?.summary; // 'Completion fell from 90% to 78% (worse). Failures starting at "Move-out date" rose from 2 to 19.'
 */
export function whatGotWorse(before: RunSide, after: RunSide, options: WhatGotWorseOptions = {}): Regression | null {
  const alpha = options.alpha ?? 0.05;
  let result: Omit<Regression, 'summary'>;
  if (Array.isArray(before) && Array.isArray(after)) {
    const prev = new Map<number, ConversationResult>();
    for (const c of before as readonly ConversationResult[]) if (isScored(c)) prev.set(c.index, c);
    const pairs: [ConversationResult, ConversationResult][] = [];
    for (const c of after as readonly ConversationResult[]) {
      const b = prev.get(c.index);
      if (b && isScored(c)) pairs.push([b, c]);
    }
    const sb = new Map<string, number>();
    const sa = new Map<string, number>();
    // Per node: conversations that went wrong here now but not before (up), and the reverse (down).
    const up = new Map<string, number>();
    const down = new Map<string, number>();
    const newlyFailedAt = new Map<string, number[]>();
    let newlyFailed = 0;
    let completedBefore = 0;
    let completedAfter = 0;
    for (const [b, a] of pairs) {
      const ob = failureOrigin(b)?.nodeId ?? null;
      const oa = failureOrigin(a)?.nodeId ?? null;
      if (b.outcome === 'completed') completedBefore++;
      if (a.outcome === 'completed') completedAfter++;
      if (ob) sb.set(ob, (sb.get(ob) ?? 0) + 1);
      if (oa) sa.set(oa, (sa.get(oa) ?? 0) + 1);
      if (oa !== ob) {
        if (oa) up.set(oa, (up.get(oa) ?? 0) + 1);
        if (ob) down.set(ob, (down.get(ob) ?? 0) + 1);
      }
      if (b.outcome === 'completed' && a.outcome !== 'completed') {
        newlyFailed++;
        if (oa) newlyFailedAt.set(oa, [...(newlyFailedAt.get(oa) ?? []), a.index]);
      }
    }
    const nodes = changes(sb, sa, (id) => mcnemarExact(up.get(id) ?? 0, down.get(id) ?? 0));
    const worst = nodes[0] && nodes[0].delta > 0 ? nodes[0] : null;
    const cmp = comparePaired(pairs.map((p) => p[0]), pairs.map((p) => p[1]), 'completion', alpha);
    const n = pairs.length;
    result = {
      paired: true,
      conversations: n,
      completion: {
        before: n ? completedBefore / n : 0,
        after: n ? completedAfter / n : 0,
        delta: n ? (completedAfter - completedBefore) / n : 0,
        verdict: cmp.verdict,
        pValue: cmp.pValue,
      },
      newlyFailed,
      nodes,
      worst,
      examples: worst ? (newlyFailedAt.get(worst.nodeId) ?? []).slice(0, 5) : [],
    };
  } else if (!Array.isArray(before) && !Array.isArray(after)) {
    const b = before as Pick<PersonaRunSummary, 'nodes' | 'scores'>;
    const a = after as Pick<PersonaRunSummary, 'nodes' | 'scores'>;
    const sb = startedOf(b.nodes);
    const sa = startedOf(a.nodes);
    if (!sb || !sa) return null;
    const nodes = changes(sb, sa, () => null);
    const worst = nodes[0] && nodes[0].delta > 0 ? nodes[0] : null;
    result = {
      paired: false,
      conversations: a.scores.scored,
      completion: { before: b.scores.completion.value, after: a.scores.completion.value, delta: a.scores.completion.value - b.scores.completion.value, verdict: null, pValue: null },
      newlyFailed: null,
      nodes,
      worst,
      examples: [],
    };
  } else {
    throw new TypeError('whatGotWorse: give two conversation lists or two summaries');
  }
  return { ...result, summary: describe(result, options.flow) };
}

function describe(r: Omit<Regression, 'summary'>, flow: FlowDocument | undefined): string {
  const c = r.completion;
  const verdict = c.verdict === 'worse' ? ' (worse)' : c.verdict === 'improved' ? ' (improved)' : c.verdict ? ' (no significant change)' : '';
  const moved = Math.round(c.before * 100) === Math.round(c.after * 100) ? `Completion stayed at ${pct(c.after)}${verdict}.` : `Completion ${c.after < c.before ? 'fell' : 'rose'} from ${pct(c.before)} to ${pct(c.after)}${verdict}.`;
  if (!r.worst) return `${moved} No node started more failures than before.`;
  const w = r.worst;
  const sig = w.pValue === null ? '' : w.pValue < 0.05 ? '' : ' (could be chance)';
  const flipped = r.newlyFailed ? ` ${r.newlyFailed} conversation${r.newlyFailed === 1 ? '' : 's'} that completed before fail${r.newlyFailed === 1 ? 's' : ''} now.` : '';
  return `${moved} Failures starting at ${label(flow, w.nodeId)} rose from ${w.before} to ${w.after}${sig}.${flipped}`;
}
