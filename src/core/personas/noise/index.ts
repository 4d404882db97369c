/**
 * Noise channels: how a persona's words get perturbed after the realizer has worded its acts. Each channel is a
 * pure function of (text, parameters, seeded Rng, protected substrings) and records every change it makes.
 */
export {
  applyTypos, ELDERLY_TYPOS, IMPATIENT_TYPOS, NON_NATIVE_TYPOS, TYPO_PRONE_TYPOS, TYPOS_BY_PERSONA,
  type NoiseResult, type TypoParams,
} from './typos.ts';
export { applySlotValueNoise, SLOT_VALUE_NOISE, type SlotValueKind } from './slot-value-noise.ts';
export {
  applyLearnerGrammar, LEARNER_GRAMMAR_RATE, LEARNER_RULE_WEIGHTS, NO_INVERSION_RATE, SIMPLIFY_RATE, type LearnerRule,
} from './grammar.ts';
export {
  applyStyle, ELDERLY_STYLE, IMPATIENT_STYLE, NON_NATIVE_STYLE, STYLE_BY_PERSONA, TYPO_PRONE_STYLE, type StyleParams,
} from './style.ts';
export { HOMOPHONES, MISSPELLINGS } from './misspellings.ts';
export { isCrossHand, LEFT_HAND_KEYS, QWERTY_NEIGHBOURS, type KeyNeighbours } from './qwerty.ts';
