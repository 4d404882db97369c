import type { FlowstressErrorInfo } from '../errors.ts';
import type { DigressionKind, Goal, PersonaId, TurnTruth } from '../personas/types.ts';
import type { RuntimeEvent } from '../runtime/types.ts';

export type Outcome = 'completed' | 'handoff' | 'abandoned' | 'stuck' | 'max_turns' | 'loop_detected' | 'error';
export const OUTCOMES: readonly Outcome[] = ['completed', 'handoff', 'abandoned', 'stuck', 'max_turns', 'loop_detected', 'error'];

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
  /** All digressions recovered and completed; null when the customer never digressed. */
  recovered: boolean | null;
  /** Nodes entered, in order. */
  path: string[];
  /** Only for outcome `error`: a harness failure, excluded from the scores. */
  error?: FlowstressErrorInfo;
}

export interface SimulationOptions {
  /** Customer turns before the conversation ends as `max_turns` (default 30). */
  maxTurns?: number;
}
