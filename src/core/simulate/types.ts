import type { FlowstressErrorInfo } from '../errors.ts';
import type { DigressionKind, Goal, PersonaId, TurnTruth } from '../personas/types.ts';
import type { RuntimeEvent } from '../runtime/types.ts';

/**
 * How a conversation ended. `completed`: the customer reached the end node they came for; `wrong_end`: the flow
 * took them to another end (it misunderstood them), which is not a completion.
 */
export type Outcome = 'completed' | 'wrong_end' | 'handoff' | 'abandoned' | 'stuck' | 'max_turns' | 'loop_detected' | 'error';
export const OUTCOMES: readonly Outcome[] = ['completed', 'wrong_end', 'handoff', 'abandoned', 'stuck', 'max_turns', 'loop_detected', 'error'];

/** A router accepted a request the customer did not make: another intent or option, or a turn that asked for none. */
export interface Misroute {
  /** Index into `turns` of the customer turn. */
  turn: number;
  nodeId: string;
  /** The intent or option the customer meant; null when the turn asked for none (a digression, an out-of-scope request). */
  wanted: string | null;
  got: string;
}

export interface Turn {
  speaker: 'customer' | 'bot';
  text: string;
  /** Customer turns: the node that was waiting; bot turns: the node that spoke. */
  nodeId: string | null;
  /**
   * Bot turns: the runtime events that led to this message (node entries, matches, fallbacks...).
   * Events after the last message of a step are attached to that step's last bot turn, or to the
   * customer turn when the step said nothing.
   */
  events: RuntimeEvent[];
  /** Customer turns only. */
  truth?: TurnTruth;
}

export interface DigressionRecord {
  /** Index into `turns` of the customer turn that digressed. */
  turn: number;
  kind: DigressionKind;
  /** The node that was waiting when the customer wandered off. */
  nodeId: string;
  /** A slot was filled from the digression text. */
  hijacked: boolean;
  /** The bot was waiting at the same node again within 2 bot turns. */
  returned: boolean;
  /** Slots filled before the digression were all still filled afterwards. */
  contextKept: boolean;
  /** hijacked false, returned and contextKept true. */
  recovered: boolean;
}

export interface ConversationResult {
  index: number;
  persona: PersonaId;
  seed: number;
  outcome: Outcome;
  /** Node where the conversation ended (or was last waiting). */
  lastNodeId: string | null;
  goal: Goal | null;
  turns: Turn[];
  customerTurns: number;
  /** Fallback events in this conversation. */
  fallbacks: number;
  digressions: DigressionRecord[];
  /** Routers that accepted something the customer did not ask for, in order (absent in runs of engine 0.1). */
  misroutes?: Misroute[];
  /** All digressions recovered and completed; null when the customer never digressed. */
  recovered: boolean | null;
  /** Nodes entered, in order. */
  path: string[];
  /** Only for outcome `error`: a harness failure, excluded from the scores. */
  error?: FlowstressErrorInfo;
  /**
   * The customer asked for something the flow does not handle (`goal.outOfScope`). Such conversations are left
   * out of the three scores and reported on their own: `misrouted` when a router accepted the request.
   */
  outOfScope?: { request: string; misrouted: boolean };
}

export interface SimulationOptions {
  /** Customer turns before the conversation ends as `max_turns` (default 30). */
  maxTurns?: number;
  /**
   * Share of customers who ask for something the flow does not handle (default
   * {@link DEFAULT_OUT_OF_SCOPE_SHARE}; 0 turns them off). Only where the simulator knows such requests: the
   * built-in meanings of the flow's domain that fit none of its intents.
   */
  outOfScopeShare?: number;
}

/**
 * Default share of out-of-scope customers: 10%. CLINC150 (Larson et al. 2019) puts 1,000 out-of-scope queries
 * among 5,500 in its test split (18%) and 1,200 among 23,700 overall (5%); we take a round figure between.
 */
export const DEFAULT_OUT_OF_SCOPE_SHARE = 0.1;
