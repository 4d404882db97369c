/**
 * The flow document: a React Flow graph (`nodes`, `edges` in the shape shared by `reactflow` 11 and
 * `@xyflow/react` 12) plus flow-level intents and settings. A file on disk is one such JSON document;
 * its JSON Schema is `flow.schema.json` (see `flow/schema.ts`).
 */

export type NodeKind = 'start' | 'message' | 'question' | 'router' | 'condition' | 'action' | 'handoff' | 'end';

export const NODE_KINDS: readonly NodeKind[] = ['start', 'message', 'question', 'router', 'condition', 'action', 'handoff', 'end'];

export interface XYPosition {
  x: number;
  y: number;
}

/** What a question node accepts. `text` accepts any non-empty answer (that is its weakness). */
export type EntitySpec =
  | { type: 'text'; minWords?: number }
  | { type: 'number'; min?: number; max?: number; integer?: boolean }
  | { type: 'email' }
  | { type: 'phone' }
  | {
      type: 'date';
      /** Accept only ISO dates (2026-03-05), as some builders' date validators do. Off (default): the forms people use. */
      strict?: boolean;
    }
  | {
      type: 'yes_no';
      /** Accept only the words "yes" or "no" as the whole answer, as some builders' confirmations do. Off (default): many synonyms and hedged answers. */
      strict?: boolean;
    }
  | { type: 'choice'; options: ChoiceOption[] }
  | {
      type: 'pattern';
      /** ECMAScript regular expression source matched against the whole candidate token(s), case-insensitive. */
      pattern: string;
      /** A valid example value, used by the simulated customers and in error messages. */
      example: string;
      /** Strip spaces and dashes from the answer before matching (lenient); off = strict. */
      ignoreSeparators?: boolean;
    };

export type EntityType = EntitySpec['type'];

export interface ChoiceOption {
  /** Stored slot value when chosen. */
  value: string;
  /** Words or phrases that select this option (the value itself always counts). */
  synonyms?: string[];
}

export interface StartData {
  /** Optional greeting said when the conversation opens. */
  greeting?: string;
}
export interface MessageData {
  /** Text the bot says; `{{slot}}` is replaced by a captured slot value. */
  text: string;
}
export interface QuestionData {
  /** Slot name the answer is stored under. */
  slot: string;
  prompt: string;
  entity: EntitySpec;
  /** Said after an invalid answer instead of the prompt (defaults to the prompt). */
  reprompt?: string;
  /** Failed attempts before the `no_match` edge is taken (default 3). */
  maxAttempts?: number;
}
export interface RouterOption {
  /** Edge handle id. */
  id: string;
  label: string;
  synonyms?: string[];
}
export interface RouterData {
  prompt: string;
  /** `intent`: route by the flow's intents; `options`: route by button-like options. Default `intent`. */
  mode?: 'intent' | 'options';
  /** Intent ids routed from here (mode `intent`); each has an outgoing edge with that `sourceHandle`. */
  intents?: string[];
  /** Options (mode `options`); each has an outgoing edge with the option id as `sourceHandle`. */
  options?: RouterOption[];
  reprompt?: string;
  /** Failed attempts before the `no_match` edge is taken (default 3). */
  maxAttempts?: number;
}
export type ConditionOp = 'eq' | 'neq' | 'gt' | 'lt' | 'exists' | 'missing' | 'contains';
export interface ConditionBranch {
  /** Edge handle id. */
  id: string;
  slot: string;
  op: ConditionOp;
  value?: string | number;
}
export interface ConditionData {
  /** Evaluated in order; the first true branch wins, else the `else` edge. */
  branches: ConditionBranch[];
}
/** In a stress test every tool call is mocked. */
export type ToolMock =
  | { mode: 'success'; result?: Record<string, string> }
  | { mode: 'error' }
  /** Fails with probability `rate` (seeded per conversation and call), else succeeds with `result`. */
  | { mode: 'error_rate'; rate: number; result?: Record<string, string> };
export interface ActionData {
  tool: string;
  /** Slot names passed to the tool. */
  args?: string[];
  mock: ToolMock;
  /** Message said while calling (optional). */
  text?: string;
}
export interface HandoffData {
  text?: string;
}
export interface EndData {
  text?: string;
}

export interface NodeDataByKind {
  start: StartData;
  message: MessageData;
  question: QuestionData;
  router: RouterData;
  condition: ConditionData;
  action: ActionData;
  handoff: HandoffData;
  end: EndData;
}

export type FlowNodeOf<K extends NodeKind> = {
  id: string;
  type: K;
  position: XYPosition;
  data: NodeDataByKind[K] & { label?: string };
};
export type FlowNode = { [K in NodeKind]: FlowNodeOf<K> }[NodeKind];

/**
 * Edge handles (`sourceHandle`) by source kind:
 * start/message: none (single edge);
 * question: `valid` (or none) and `no_match`;
 * router: an intent id or option id per route, and `no_match`;
 * condition: a branch id per branch, and `else`;
 * action: `success` and `error`.
 */
export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
  label?: string;
  data?: Record<string, unknown>;
}

export interface Intent {
  id: string;
  label?: string;
  /** What the customer wants, in a sentence (optional). Simulated customers understand an intent from its id, label, description and all its phrases. */
  description?: string;
  /** Training phrases. */
  phrases: string[];
}

export type GlobalAction = 'handoff' | 'restart' | 'repeat' | 'help' | 'goto';
/** An intent that works at every listening node (router or question). */
export interface GlobalIntent {
  /** Id of an intent in `intents`. */
  intent: string;
  action: GlobalAction;
  /** Node to jump to for `goto` (and the handoff node for `handoff`, optional). */
  target?: string;
  /** What the bot says (help text, or the handoff message). */
  response?: string;
}

export interface MatcherSettings {
  /** Minimum similarity (0..1) for an intent to be accepted. */
  threshold: number;
  /** Minimum lead of the top intent over the runner-up. */
  margin: number;
  /** Correct customer words against the flow's own vocabulary by edit distance. */
  typoTolerance: boolean;
  /**
   * At a waiting question whose answer reads as a valid value, a global intent wins only when it scores at
   * least this much (and beats the answer's own score by `margin`): "Yes, I want this, please." is an answer,
   * not a request for a human. Where the answer is not valid, the ordinary `threshold` applies.
   */
  globalThreshold: number;
}

/**
 * What the bot does after it did not understand:
 * `reprompt`: says the fallback message and asks the waiting question again;
 * `message_only`: says the fallback message and keeps waiting, without repeating the question;
 * `restart`: says the fallback message and goes back to the start node (the waiting question and slots are lost).
 */
export type FallbackBehaviour = 'reprompt' | 'message_only' | 'restart';

export interface FlowSettings {
  fallback: {
    /** Said in turn on successive fallbacks. */
    messages: string[];
    behaviour: FallbackBehaviour;
    /** Consecutive fallbacks (anywhere) after which the flow gives up. */
    maxConsecutive: number;
    /** Give up by handing off to a human or by ending the conversation as stuck. */
    giveUp: 'handoff' | 'end';
    /** Said when giving up. */
    giveUpMessage?: string;
  };
  globalIntents: GlobalIntent[];
  matcher: MatcherSettings;
  /** Fill later questions from values the customer volunteered earlier (order numbers, emails...). */
  captureVolunteeredSlots: boolean;
  /** Node visits allowed while handling one customer turn before the turn ends as `loop_detected`. */
  stepBudget: number;
}

/** A real customer message the team exported from its chat logs, labelled with the intent it asks for. */
export interface CustomerMessage {
  text: string;
  /** Id of an intent in `intents`. */
  intent: string;
}

export interface FlowDocument {
  id: string;
  name: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
  intents: Intent[];
  settings: FlowSettings;
  /**
   * The business the bot serves, as one of the built-in domain ids ("banking_cards", "telecom", ...) or in
   * words. Optional: inferred from the intents and the bot's texts when absent. Steers customers' backstories
   * and asides so that a bank's customers never talk about parcels.
   */
  domain?: string;
  /**
   * Real customer messages by intent. They become simulated customers' wording for their intents (with each
   * persona's noise on top) and are never added to the router's training phrases.
   */
  customerMessages?: CustomerMessage[];
}

export const DEFAULT_SETTINGS: FlowSettings = {
  fallback: {
    messages: ["Sorry, I didn't understand that."],
    behaviour: 'reprompt',
    maxConsecutive: 3,
    giveUp: 'handoff',
  },
  globalIntents: [],
  // Calibrated on the paraphrase set in test/fixtures (see README "Matcher"); cosine scale, not a vendor's.
  // globalThreshold: the clear requests for a human or a restart in the demo flows score 0.47 and up, answers
  // that share words with them ("Yes, I want this, please.", "I want the express one") 0.29 at most.
  matcher: { threshold: 0.275, margin: 0.02, typoTolerance: true, globalThreshold: 0.45 },
  captureVolunteeredSlots: false,
  stepBudget: 50,
};
