import { failureOrigin } from '../core/score/blame.ts';
import { whatGotWorse } from '../core/score/regression.ts';
import type { Regression } from '../core/score/types.ts';
import type { ConversationResult, Outcome } from '../core/simulate/types.ts';
import type { ShownRun } from '../store/selectors.ts';
import type { OutcomeFilter, PanelState } from '../store/types.ts';
import { FAILED_OUTCOMES } from './format.ts';

/** Conversation numbers start at 1 for people; indexes start at 0 in the data. */
export function conversationNumber(c: Pick<ConversationResult, 'index'>): number {
  return c.index + 1;
}

/**
 * Did this conversation run into trouble at the node: it went wrong there (`failureOrigin`), a fallback, a
 * hijacked digression, a misroute, or it ended there without completing?
 */
export function hadTroubleAt(c: ConversationResult, nodeId: string): boolean {
  if (c.lastNodeId === nodeId && c.outcome !== 'completed') return true;
  if (c.digressions.some((d) => d.nodeId === nodeId && d.hijacked)) return true;
  if (c.misroutes?.some((m) => m.nodeId === nodeId)) return true;
  if (failureOrigin(c)?.nodeId === nodeId) return true;
  return c.turns.some((t) => t.events.some((e) => e.type === 'fallback' && e.nodeId === nodeId));
}

export function matchesOutcome(c: ConversationResult, filter: OutcomeFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'failed') return (FAILED_OUTCOMES as readonly Outcome[]).includes(c.outcome);
  return c.outcome === filter;
}

export function filterConversations(list: readonly ConversationResult[], outcome: OutcomeFilter, nodeId: string | null): ConversationResult[] {
  return list.filter((c) => matchesOutcome(c, outcome) && (nodeId === null || hadTroubleAt(c, nodeId)));
}

/** Why the conversation ended, in words, from the runtime's events (never from the bot's text). */
export function endReason(c: ConversationResult, label: (nodeId: string) => string): string {
  const at = c.lastNodeId ? ` at “${label(c.lastNodeId)}”` : '';
  switch (c.outcome) {
    case 'completed':
      return `Reached the end they came for${at}.`;
    case 'wrong_end': {
      const m = c.misroutes?.[0];
      return `Reached another end${at}: the flow misunderstood them${m ? ` (${m.wanted ? `asked for “${m.wanted}”` : 'asked for nothing it offers'}, routed as “${m.got}”)` : ''}.`;
    }
    case 'abandoned':
      return `The customer ran out of patience and left${at}.`;
    case 'max_turns':
      return `Hit the turn limit${at} without finishing.`;
    case 'loop_detected':
      return `The flow looped without waiting for the customer${at}.`;
    case 'error':
      return `Harness error (not counted in the scores): ${c.error?.message ?? 'unknown'}`;
    case 'stuck':
      return `The flow gave up after repeated fallbacks${at}.`;
    case 'handoff': {
      for (let i = c.turns.length - 1; i >= 0; i--) {
        const h = c.turns[i]!.events.find((e) => e.type === 'handoff');
        if (h && h.type === 'handoff') {
          if (h.reason === 'give_up') return `Handed off to a human after repeated fallbacks${at}.`;
          if (h.reason === 'global') return `The customer asked for a human${at}.`;
          return `Handed off to a human by the flow${at}.`;
        }
      }
      return `Handed off to a human${at}.`;
    }
  }
}

/** The node path without consecutive repeats (a re-prompt re-enters the same node). */
export function compactPath(path: readonly string[]): string[] {
  return path.filter((id, i) => i === 0 || path[i - 1] !== id);
}

/** The run a run is compared with (the store's comparison), from the current batch or the history list. */
export function previousRunOf(state: Pick<PanelState, 'comparisons' | 'runs' | 'history'>, runId: string | null | undefined): ShownRun | undefined {
  const cmp = runId ? state.comparisons[runId] : undefined;
  if (!cmp || !cmp.paired) return undefined;
  return state.runs[cmp.previousRunId] ?? state.history.find((h) => h.id === cmp.previousRunId);
}

/**
 * What got worse since the previous run of the same customers (`whatGotWorse`): from both runs' conversations
 * when both are loaded (paired verdicts, example conversations), else from their summaries.
 */
export function regressionOf(
  run: ShownRun | null | undefined,
  previous: ShownRun | null | undefined,
  before?: readonly ConversationResult[],
  after?: readonly ConversationResult[],
): Regression | null {
  if (!run || !previous) return null;
  const flow = run.flowSnapshot;
  if (before && after && before.length > 0 && after.length > 0) return whatGotWorse(before, after, { flow });
  return whatGotWorse(previous.summary, run.summary, { flow });
}
