import type { Awaiting, BotMessage, CompiledFlow, RuntimeEvent } from '../runtime/types.ts';
import type { ConversationLanguage } from '../language/types.ts';
import type { RandomStreams } from '../simulate/random.ts';

export type PersonaId = 'impatient' | 'typo-prone' | 'non-native' | 'elderly';
export const PERSONA_IDS: readonly PersonaId[] = ['impatient', 'typo-prone', 'non-native', 'elderly'];

export const PERSONA_LABELS: Record<PersonaId, string> = {
  impatient: 'Impatient',
  'typo-prone': 'Typo-prone',
  'non-native': 'Non-native speaker',
  elderly: 'Elderly',
};

export type DigressionKind = 'unrelated_question' | 'small_talk' | 'backstory' | 'meta_request' | 'slot_lookalike' | 'topic_switch';

/** What the customer means to do in a turn (the policy's decision), before wording. */
export type CustomerAct =
  | { act: 'intent'; intent: string }
  | { act: 'option'; option: string; label: string }
  | { act: 'inform'; slot: string; value: string }
  | { act: 'digress'; kind: DigressionKind }
  | { act: 'repeat_request' }
  | { act: 'clarify_request'; term?: string }
  | { act: 'reassure_request' }
  | { act: 'handoff_request' }
  | { act: 'greet' }
  | { act: 'thank' }
  | { act: 'complain' }
  | { act: 'give_up' }
  /** A request the flow does not handle (an out-of-scope customer); `request` is a built-in meaning's id. */
  | { act: 'out_of_scope'; request: string };

export type PerturbationKind =
  | 'sub' | 'del' | 'ins' | 'transp' | 'space_del' | 'space_ins' | 'misspell' | 'homophone'
  | 'case' | 'apostrophe' | 'punct' | 'article' | 'noun_number' | 'preposition' | 'verb_form' | 'agreement'
  | 'word_order' | 'simplify' | 'slot_noise' | 'caps' | 'filler'
  /** The same value written in another form (spaced, dashed, '#', lowercase): not an error. */
  | 'value_format';

export interface Perturbation {
  kind: PerturbationKind;
  /** The word or span before and after. */
  from: string;
  to: string;
}

/** The ground truth of one customer turn. */
export interface TurnTruth {
  acts: CustomerAct[];
  /** The intent (or option id) the customer meant, if the turn expresses one. */
  intent?: string;
  /** Slot values the customer meant to give, as intended (before noise). */
  slots: Record<string, string>;
  digression?: DigressionKind;
  /** The wording before noise channels ran. */
  clean: string;
  perturbations: Perturbation[];
  /** True when the text is, after case/punctuation folding, exactly one of the flow's training phrases. */
  verbatimTrainingPhrase: boolean;
}

export interface CustomerTurn {
  text: string;
  truth: TurnTruth;
  /** The customer leaves after this turn (patience ran out): the conversation ends as `abandoned`. */
  leaves: boolean;
}

/** What the customer observes after each bot step: the bot's words plus structured acts (never parsed from text). */
export interface Observation {
  /** Customer turns taken so far. */
  turn: number;
  messages: BotMessage[];
  events: RuntimeEvent[];
  awaiting: Awaiting | null;
}

/** One simulated customer, stateful for one conversation. */
export interface Customer {
  respond(obs: Observation): CustomerTurn;
}

/** What the customer wants: drawn from the flow's own paths. */
export interface Goal {
  /** End node the customer is trying to reach. */
  targetNodeId: string;
  /** The route choice at each router on the path (intent id or option id), by router node id. */
  routes: Record<string, string>;
  /** Values that satisfy the question nodes on the path (and conditions), by slot. */
  facts: Record<string, string>;
  /** Node ids of the chosen path, start to end. */
  path: string[];
  /**
   * An out-of-scope customer: asks for this built-in meaning (id), which no intent of the flow handles, instead
   * of the path above. A router that accepts the request has misrouted them.
   */
  outOfScope?: string;
}

/**
 * Turns planned acts into words. The template realizer is the default; an LLM realizer will plug in here
 * later without touching the policy or the noise channels.
 */
export interface Realizer {
  realize(input: { persona: PersonaId; acts: CustomerAct[]; awaiting: Awaiting | null; lastBotText: string; flow: CompiledFlow; rand: () => number; context?: RealizeContext }): string;
}

/**
 * What a realizer may know about the turn besides its acts. Optional: a realizer may ignore it, and the
 * policy and noise channels never depend on how it is used.
 */
export interface RealizeContext {
  /** Customer turns taken before this one. */
  turn: number;
  /** Failed attempts at the waiting node so far (0 on a first try): retries are worded differently. */
  retry: number;
  /** Fallbacks so far in the conversation. */
  failures: number;
  /** Elderly sub-style for this conversation (Wolters et al. 2009): `social` chats, `factual` is brief. */
  register?: 'social' | 'factual';
  /** This conversation's held-out phrases (language/wording.ts). */
  language?: ConversationLanguage;
}

export interface CreateCustomerOptions {
  persona: PersonaId;
  flow: CompiledFlow;
  goal: Goal;
  /** Random streams for this conversation (already keyed by run seed and conversation index). */
  streams: RandomStreams;
  realizer?: Realizer;
  /** Held-out phrases of this conversation (language/wording.ts `planConversationLanguage`). */
  language?: ConversationLanguage;
}
