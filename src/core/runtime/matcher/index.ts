/**
 * The matcher: what "understood" means in the built-in runtime. Deterministic, pure, and the same code in
 * the panel, the workers and the command line.
 */
import type { Intent, MatcherSettings } from '../../flow/types.ts';
import { extractSlot } from './extract-slot.ts';
import { findSlotValue } from './find-slot-value.ts';
import { buildIntentMatcherWith } from './intent-matcher.ts';
import { buildOptionMatcher } from './option-matcher.ts';
import type { IntentMatcher, MatcherFactory } from './types.ts';

export { normalize } from './normalize.ts';
export { choiceOptionMatch, extractSlot } from './extract-slot.ts';
export { findSlotValue } from './find-slot-value.ts';
export { buildOptionMatcher } from './option-matcher.ts';
export type { IntentMatch, IntentMatcher, IntentScore, MatcherFactory, OptionMatcher, SlotExtraction } from './types.ts';

/**
 * Builds the intent matcher for a flow, once: training phrases normalised, word (unigram + bigram, stemmed)
 * and character (3-5-gram) TF-IDF vectors precomputed. `match` normalises the customer's words, corrects
 * typos against the flow's vocabulary (phrases plus `extraVocabulary`, e.g. option labels) when
 * `settings.typoTolerance` is on, and accepts the best intent when its score clears `settings.threshold`
 * and leads the runner-up by `settings.margin`.
 *
 * @example
 * const m = buildIntentMatcher(flow.intents, flow.settings.matcher);
 * m.match('pls where is my oder??').intent // "order_status"
 */
export function buildIntentMatcher(
  intents: readonly Intent[],
  settings: MatcherSettings,
  extraVocabulary?: readonly string[],
): IntentMatcher {
  return buildIntentMatcherWith(intents, settings, extraVocabulary);
}

/** The matcher as one object, for code that receives it by injection (the runtime, tests). */
export const matcherFactory: MatcherFactory = { buildIntentMatcher, buildOptionMatcher, extractSlot, findSlotValue };
