import type { EntitySpec, FlowDocument, FlowEdge, FlowNode, GlobalAction, RouterOption } from '../flow/types.ts';
import type { IntentMatcher, OptionMatcher } from './matcher/types.ts';

/** How a conversation ended, from the flow's side. The customer's side adds `abandoned` and `max_turns`. */
export type RuntimeOutcome = 'completed' | 'handoff' | 'stuck' | 'loop_detected';

export type FallbackReason = 'no_intent_match' | 'invalid_slot_value';

/** What the bot is waiting for: the structured "bot act" a simulated customer reads instead of the text. */
export type Awaiting =
  | { kind: 'router'; nodeId: string; prompt: string; intents: string[]; options: RouterOption[] }
  | { kind: 'question'; nodeId: string; prompt: string; slot: string; entity: EntitySpec };

/** Ground truth emitted by the runtime; scores are computed from these, never from text. */
export type RuntimeEvent =
  | { type: 'node_entered'; nodeId: string; kind: FlowNode['type'] }
  | { type: 'bot_message'; nodeId: string; text: string }
  | { type: 'awaiting'; nodeId: string; kind: 'router' | 'question' }
  | { type: 'intent_matched'; nodeId: string; intent: string; score: number }
  | { type: 'option_matched'; nodeId: string; option: string; score: number }
  | { type: 'slot_filled'; nodeId: string; slot: string; value: string; source: 'answer' | 'volunteered' }
  | { type: 'fallback'; nodeId: string; reason: FallbackReason; attempt: number; consecutive: number }
  | { type: 'reprompt'; nodeId: string; attempt: number }
  | { type: 'no_match_exit'; nodeId: string }
  | { type: 'global_intent'; nodeId: string; intent: string; action: GlobalAction; score: number }
  | { type: 'tool_called'; nodeId: string; tool: string; args: Record<string, string>; ok: boolean; result?: Record<string, string> }
  | { type: 'condition_branch'; nodeId: string; branch: string }
  | { type: 'restart'; nodeId: string; reason: 'global' | 'fallback' }
  | { type: 'handoff'; nodeId: string; reason: 'node' | 'global' | 'give_up' }
  | { type: 'end'; nodeId: string; outcome: RuntimeOutcome; reason?: 'end_node' | 'give_up' | 'dead_end' | 'step_budget' };

export interface BotMessage {
  nodeId: string;
  text: string;
}

export interface RuntimeState {
  status: 'active' | 'ended';
  /** Node waiting for the customer, or null once ended. */
  waitingAt: string | null;
  outcome: RuntimeOutcome | null;
  slots: Record<string, string>;
  /** Values volunteered earlier, by slot, waiting for their question (when captureVolunteeredSlots is on). */
  volunteered: Record<string, string>;
  /** Failed attempts at the waiting node. */
  attempts: number;
  /** Fallbacks in a row, anywhere in the flow. */
  consecutiveFallbacks: number;
  /** Customer turns handled so far. */
  turn: number;
  /** Tool calls made so far (feeds the seeded mock error rate). */
  toolCalls: number;
  /** Seed for mocked tool error rates. */
  seed: number;
  /** The last prompt said at the waiting node, for the `repeat` global intent. */
  lastPrompt: string | null;
  /**
   * Training phrases (indexes from `IntentMatcher.phraseIndex`) left out of intent matching for this
   * conversation: a simulated customer's wording derived from one of them is then tested on the others.
   * Empty outside simulations.
   */
  heldOut: readonly number[];
}

/** Options of one conversation. */
export interface ConversationOptions {
  /** See `RuntimeState.heldOut`. */
  heldOut?: readonly number[];
}

export interface StepResult {
  state: RuntimeState;
  messages: BotMessage[];
  events: RuntimeEvent[];
  awaiting: Awaiting | null;
}

/** A flow prepared once for many conversations: indexes and matchers are built here, not per turn. */
export interface CompiledFlow {
  doc: FlowDocument;
  /** Stable content hash (positions and selection ignored). */
  hash: string;
  nodes: ReadonlyMap<string, FlowNode>;
  /** Outgoing edges by source node id. */
  outgoing: ReadonlyMap<string, readonly FlowEdge[]>;
  startId: string;
  intents: IntentMatcher;
  /** Option matchers for routers in options mode, by node id. */
  options: ReadonlyMap<string, OptionMatcher>;
  /** The entity type each slot is asked with (first question wins), to speak values back naturally. */
  slotTypes: ReadonlyMap<string, EntitySpec['type']>;
}
