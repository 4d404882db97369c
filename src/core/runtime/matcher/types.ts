import type { EntitySpec, Intent, MatcherSettings } from '../../flow/types.ts';

export interface IntentScore {
  intent: string;
  score: number;
}

export interface IntentMatch {
  /** Accepted intent, or null when nothing cleared the threshold and margin. */
  intent: string | null;
  score: number;
  /** All allowed intents with their best score, best first. */
  ranked: IntentScore[];
  /** The text after normalisation and (if on) typo correction, for transcripts and debugging. */
  normalized: string;
}

/**
 * Built once per flow from its intents and vocabulary; `match` is called per customer turn.
 * Deterministic: the same text and index give the same result.
 */
export interface IntentMatcher {
  /**
   * Scores `text` against the intents in `allowed` (all intents when omitted) and accepts the top one
   * if it clears `threshold` and beats the runner-up by `margin`. Phrases whose indexes are in `exclude` are
   * left out of the nearest-phrase scoring: the simulator holds out the phrase a customer's wording was derived
   * from, so the router is tested on words it was not given (leave-one-out; language/README in the code).
   */
  match(text: string, allowed?: readonly string[], exclude?: readonly number[], options?: MatchOptions): IntentMatch;
  /**
   * The index of an intent's `k`-th training phrase among all indexed phrases (for `exclude`), or undefined
   * when the intent has no such phrase (or the phrase normalised to nothing and was not indexed).
   */
  phraseIndex(intentId: string, k: number): number | undefined;
}

export interface MatchOptions {
  /** Also read a message of several sentences sentence by sentence (default true). */
  sentences?: boolean;
}

/** Button-like options of one router (label + synonyms), matched with the same normalisation. */
export interface OptionMatcher {
  match(text: string): { option: string | null; score: number };
}

export type SlotExtraction =
  | { ok: true; value: string }
  | { ok: false; reason: 'empty' | 'no_value' | 'invalid' };

export interface MatcherFactory {
  buildIntentMatcher(intents: readonly Intent[], settings: MatcherSettings, extraVocabulary?: readonly string[]): IntentMatcher;
  buildOptionMatcher(options: readonly { id: string; label: string; synonyms?: string[] }[], settings: MatcherSettings): OptionMatcher;
  /** Validates and normalises an answer to a question node; `typoTolerance` applies to choice/yes-no words. */
  extractSlot(entity: EntitySpec, text: string, settings: MatcherSettings): SlotExtraction;
  /**
   * Finds a value of `entity` anywhere inside a longer utterance (order numbers, emails, phones, dates),
   * for volunteered slots. Returns null for entity types too vague to spot (text, yes_no).
   */
  findSlotValue(entity: EntitySpec, text: string): string | null;
}
