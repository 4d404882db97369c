/**
 * Where simulated customers' words come from (product.md §10, issue "Customers who speak like real customers").
 * Three sources, tried in order for each intent of a flow:
 * 1. `imported`: real customer messages the team exported from its chat logs (`FlowDocument.customerMessages`);
 * 2. `meaning`: the built-in, domain-general bank of what customers ask for, when one of its meanings fits the
 *    intent with confidence (judged from the intent's id, label, description and all its phrases together);
 * 3. `held_out`: neither fits, so the customer words one of the flow's own phrases their own way, and that
 *    phrase is left out of the router for the conversation (leave-one-out), so the test cannot copy it.
 * Scores that rest on `held_out` wording are marked as estimated.
 */

/** A request customers make, with the ways they word it. Team-written, never derived from a flow. */
export interface Meaning {
  id: string;
  name: string;
  description: string;
  /** Neutral first messages, lower case, no final punctuation, no politeness marker. */
  phrasings: readonly string[];
  /** Telegraphic forms of 1 to 4 words (the impatient register). */
  terse: readonly string[];
  /** Everyday-vocabulary forms (the non-native register; the grammar channel adds learner errors later). */
  simple: readonly string[];
  /** A sentence of context an elderly customer says before the request. */
  backstories: readonly string[];
}

/** A kind of business and the requests its customers make. */
export interface DomainPack {
  id: string;
  name: string;
  /** Words that signal the domain in a flow's intents and bot texts. */
  keywords: readonly string[];
  /** Personal context an elderly customer of this kind of business chats about. */
  backstories: readonly string[];
  /** Off-topic questions or remarks that belong to this business's world but are no request the bot handles. */
  asides: readonly string[];
  meanings: readonly Meaning[];
}

export type WordingSource = 'imported' | 'meaning' | 'held_out';

/** How customers of one intent of a flow are worded. */
export interface IntentLanguage {
  intent: string;
  source: WordingSource;
  /** The built-in meaning (source `meaning`). */
  meaning?: { domain: string; id: string; name: string };
  /** How well the best meaning fits (0..1), also reported when it did not fit well enough. */
  confidence: number;
  /** The real messages (source `imported`). */
  messages?: readonly string[];
  /** The intent's scores rest on wording derived from its own phrases (source `held_out`): an estimate. */
  estimated: boolean;
}

/** What the simulator understood of a flow's language, once per compiled flow. */
export interface FlowLanguage {
  /** The domain the flow serves (stated or inferred), or null when none is clear. */
  domain: string | null;
  /** How the domain was found. */
  domainSource: 'stated' | 'inferred' | 'none';
  intents: ReadonlyMap<string, IntentLanguage>;
}

/** Per conversation: which training phrase each held-out intent's customer words, and so leaves out. */
export interface ConversationLanguage {
  /** Intent id -> index of the held-out phrase in `intent.phrases`. */
  heldOut: ReadonlyMap<string, number>;
  /** The same phrases as matcher indexes, for the runtime. */
  excluded: readonly number[];
}
