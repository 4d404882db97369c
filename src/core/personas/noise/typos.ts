/**
 * The typo channel: motor slips (adjacent keys, dropped, doubled and swapped letters, missed or stray spaces) plus
 * cognitive misspellings and homophones drawn from team-written lists. Two error families, as persona-realism.md
 * §2.1 separates them: slips are nearly random per keystroke, misspellings are word-specific.
 */
import type { PersonaId, Perturbation } from '../types.ts';
import type { Rng } from '../../simulate/random.ts';
import { matchCase, splitChunks, splitWord, wordKey, type Chunk } from './chunks.ts';
import { HOMOPHONES, MISSPELLINGS, SPLIT_POINTS } from './misspellings.ts';
import { isCrossHand, pickNeighbour } from './qwerty.ts';

/** Rates of one persona's typing errors. Every rate is per opportunity (letter, space, word or listed word). */
export interface TypoParams {
  /** Probability that an intended letter is mistyped (before the first-letter multiplier). */
  letterRate: number;
  /** Relative weights of the slip kinds: adjacent-key substitution, deletion, insertion, transposition. */
  mix: { sub: number; del: number; ins: number; transp: number };
  /** Share of insertions that double the letter just typed; the rest insert a neighbouring key. */
  doubleShare: number;
  /** Multiplier on the slip rate of a word's first letter. */
  firstLetterMultiplier: number;
  /** Probability that a space between two words is dropped. */
  spaceDeletion: number;
  /** Probability, per eligible word, of a stray space inside it ("e mail", "some thing"). */
  spaceInsertion: number;
  /** Probability that a word found in the misspelling list is misspelled. */
  misspellingSwap: number;
  /** Probability that a word found in the homophone list is replaced by a homophone. */
  homophoneSwap: number;
}

/** Text after a noise channel, with every change it made. */
export interface NoiseResult {
  text: string;
  perturbations: Perturbation[];
}

/**
 * Kebbie's front-deletion multiplier, computed from the Twitter Typo Corpus (persona-realism.md §2.1); used for all
 * slips because adults rarely err on a word's first character (Yannakoudakis & Fawthrop 1983).
 */
const FIRST_LETTER_MULTIPLIER = 0.36;

/**
 * Typo-prone fast typist. 2.5% of letters: Palin et al. 2019 measured 2.3% uncorrected character errors on mobile.
 * Mix 40/25/20/15: substitutions now dominate (Dhakal et al. 2018), omission is next (Pollock & Zamora 1983), and
 * doubling is the main insertion (Pollock & Zamora; kebbie's ADD_CHAR). Space, misspelling and homophone rates from
 * persona-realism.md §2.3; together they put ~10-15% of words in error, near kebbie's calibrated 12%.
 */
export const TYPO_PRONE_TYPOS: TypoParams = {
  letterRate: 0.025,
  mix: { sub: 40, del: 25, ins: 20, transp: 15 },
  doubleShare: 0.6,
  firstLetterMultiplier: FIRST_LETTER_MULTIPLIER,
  spaceDeletion: 0.02,
  spaceInsertion: 0.003,
  misspellingSwap: 0.15,
  homophoneSwap: 0.05,
};

/** Impatient: types fast but little, so few errors per word (persona-realism.md §2.3; product.md §4 "few"). */
export const IMPATIENT_TYPOS: TypoParams = {
  letterRate: 0.006,
  mix: { sub: 40, del: 30, ins: 15, transp: 15 },
  doubleShare: 0.6,
  firstLetterMultiplier: FIRST_LETTER_MULTIPLIER,
  spaceDeletion: 0.01,
  spaceInsertion: 0,
  misspellingSwap: 0.05,
  homophoneSwap: 0.02,
};

/**
 * Non-native speaker: careful typing, more spelling-knowledge errors (10% of listed words, which include the CLC
 * learner misspellings), persona-realism.md §2.3.
 */
export const NON_NATIVE_TYPOS: TypoParams = {
  letterRate: 0.005,
  mix: { sub: 40, del: 30, ins: 20, transp: 10 },
  doubleShare: 0.6,
  firstLetterMultiplier: FIRST_LETTER_MULTIPLIER,
  spaceDeletion: 0.005,
  spaceInsertion: 0.003,
  misspellingSwap: 0.1,
  homophoneSwap: 0.03,
};

/**
 * Elderly hunt-and-peck typist: few transpositions (they are two-hand timing errors, Wu & Liu 2008, and slow typists
 * do not roll over keys; an estimate), more doubled keys (70% of insertions) and stray spaces ("e mail", 1% of
 * words), persona-realism.md §2.3.
 */
export const ELDERLY_TYPOS: TypoParams = {
  letterRate: 0.008,
  mix: { sub: 35, del: 35, ins: 25, transp: 5 },
  doubleShare: 0.7,
  firstLetterMultiplier: FIRST_LETTER_MULTIPLIER,
  spaceDeletion: 0.005,
  spaceInsertion: 0.01,
  misspellingSwap: 0.05,
  homophoneSwap: 0.01,
};

/**
 * After a slip, the next two letters are typed clean: at most one slip per 3-letter window, so no word collapses
 * into noise (Damerau 1964: over 80% of misspelled words carry a single error).
 */
const SLIP_WINDOW = 3;

/** Cross-hand pairs are twice as likely to be the swapped pair (transpositions are mostly cross-hand, Wu & Liu 2008). */
const CROSS_HAND_WEIGHT = 2;
const SAME_HAND_WEIGHT = 1;

/** Random splits need two letters on each side: one-letter fragments read as a different kind of error. */
const MIN_SPLIT_WORD = 5;

const isLetter = (c: string | undefined): c is string => c !== undefined && /^[A-Za-z]$/.test(c);

function caseLike(model: string, c: string): string {
  return model === model.toUpperCase() ? c.toUpperCase() : c;
}

/** Misspelling or homophone swap of a whole word, or the chunk unchanged. */
function swapWord(chunk: string, params: TypoParams, rng: Rng, out: Perturbation[]): string {
  const parts = splitWord(chunk);
  if (!parts) return chunk;
  const key = wordKey(parts.core);
  const misspelt = MISSPELLINGS[key];
  if (misspelt && params.misspellingSwap > 0 && rng.chance(params.misspellingSwap)) {
    const to = matchCase(parts.core, rng.pick(misspelt));
    out.push({ kind: 'misspell', from: parts.core, to });
    return parts.pre + to + parts.post;
  }
  const homophones = HOMOPHONES[key];
  if (homophones && params.homophoneSwap > 0 && rng.chance(params.homophoneSwap)) {
    const to = matchCase(parts.core, rng.pick(homophones));
    out.push({ kind: 'homophone', from: parts.core, to });
    return parts.pre + to + parts.post;
  }
  return chunk;
}

type SlipKind = 'sub' | 'del' | 'ins' | 'transp';
const SLIP_KINDS: readonly SlipKind[] = ['sub', 'del', 'ins', 'transp'];

/** Carried across the words of one utterance: a slip kind drawn where it could not happen. */
interface SlipState {
  owed: SlipKind | null;
}

/** Per-letter motor slips over one word chunk (non-letters pass through untouched). */
function slipLetters(chunk: string, params: TypoParams, rng: Rng, out: Perturbation[], state: SlipState): string {
  if (params.letterRate <= 0) return chunk;
  const chars = Array.from(chunk);
  let letterCount = 0;
  for (const c of chars) if (isLetter(c)) letterCount++;
  let typed = '';
  let ordinal = -1;
  let nextAllowed = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (!isLetter(c)) {
      typed += c;
      continue;
    }
    ordinal++;
    if (ordinal < nextAllowed) {
      typed += c;
      continue;
    }
    // A slip that could not happen where it was drawn (no deletion in "I", no transposition in "my" without moving
    // the first letter, a rejected same-hand pair) lands on the next letter where it can, never a first letter, so
    // the configured mix holds overall instead of drifting towards the always-possible kinds.
    let kind: SlipKind | undefined;
    const owed = state.owed !== null && ordinal > 0;
    if (owed) kind = state.owed as SlipKind;
    else if (rng.chance(params.letterRate * (ordinal === 0 ? params.firstLetterMultiplier : 1))) {
      kind = SLIP_KINDS[rng.weightedIndex([params.mix.sub, params.mix.del, params.mix.ins, params.mix.transp])];
    }
    if (kind === undefined) {
      typed += c;
      continue;
    }
    const nextC = chars[i + 1];
    const prevC = chars[i - 1];
    let neighbour: string | undefined;
    let pair: { back: boolean; cross: boolean } | undefined;
    let possible = true;
    if (kind === 'sub') {
      neighbour = pickNeighbour(c.toLowerCase(), rng);
      possible = neighbour !== undefined;
    } else if (kind === 'del') {
      possible = letterCount > 1;
    } else if (kind === 'transp') {
      // This letter with the next one, or with the previous one unless that is the word's first letter.
      const pairs: Array<{ back: boolean; cross: boolean }> = [];
      if (isLetter(nextC) && nextC.toLowerCase() !== c.toLowerCase()) pairs.push({ back: false, cross: isCrossHand(c, nextC) });
      if (ordinal >= 2 && isLetter(prevC) && prevC.toLowerCase() !== c.toLowerCase() && typed.endsWith(prevC)) {
        pairs.push({ back: true, cross: isCrossHand(c, prevC) });
      }
      if (pairs.length > 0) {
        pair = pairs[rng.weightedIndex(pairs.map((q) => (q.cross ? CROSS_HAND_WEIGHT : SAME_HAND_WEIGHT)))];
        // Same-hand pairs are accepted at half the rate, so cross-hand swaps dominate as in transcription typing
        // (Salthouse 1986 via Wu & Liu 2008) instead of following the letter-pair base rate.
        possible = pair.cross || rng.chance(SAME_HAND_WEIGHT / CROSS_HAND_WEIGHT);
      } else possible = false;
    }
    if (!possible) {
      state.owed ??= kind;
      typed += c;
      continue;
    }
    if (owed) state.owed = null;
    const before = typed + chars.slice(i).join('');
    let lastTouched = ordinal;
    switch (kind) {
      case 'sub':
        typed += caseLike(c, neighbour as string);
        break;
      case 'del':
        break;
      case 'ins': {
        const extra = rng.chance(params.doubleShare) ? c : (pickNeighbour(c.toLowerCase(), rng) ?? c);
        typed += c + caseLike(c, extra);
        break;
      }
      case 'transp': {
        if ((pair as { back: boolean }).back) {
          typed = typed.slice(0, -prevC.length) + c + prevC;
        } else {
          typed += nextC + c;
          i++;
          ordinal++;
          lastTouched = ordinal;
        }
        break;
      }
    }
    out.push({ kind, from: before, to: typed + chars.slice(i + 1).join('') });
    nextAllowed = lastTouched + SLIP_WINDOW;
  }
  return typed;
}

/** A stray space inside a word: at the seam people hear for known compounds, else anywhere leaving 2+ letters a side. */
function splitWordWithSpace(chunk: string, params: TypoParams, rng: Rng, out: Perturbation[]): string {
  if (params.spaceInsertion <= 0) return chunk;
  const m = /^([^A-Za-z]*)([A-Za-z]+)([^A-Za-z]*)$/.exec(chunk);
  if (!m) return chunk;
  const word = m[2];
  const seam = SPLIT_POINTS[word.toLowerCase()];
  if (seam === undefined && word.length < MIN_SPLIT_WORD) return chunk;
  if (!rng.chance(params.spaceInsertion)) return chunk;
  const at = seam ?? rng.between(2, word.length - 2);
  const to = word.slice(0, at) + ' ' + word.slice(at);
  out.push({ kind: 'space_ins', from: word, to });
  return m[1] + to + m[3];
}

/**
 * Applies one persona's typing errors to a customer utterance.
 *
 * Order: whole-word misspelling/homophone swaps, then per-letter slips on words left intact (keeping most words to
 * a single error), stray spaces inside words, and finally dropped spaces between words. Substrings listed in
 * `protect`, and chunks that look like values (digits, emails, URLs), are never touched, nor are the spaces next
 * to them.
 *
 * @example
 * const rng = createRng(7, 0, 'typo-prone', 'typo');
 * const { text, perturbations } = applyTypos('I want to cancel order 48213', TYPO_PRONE_TYPOS, rng, ['48213']);
 * // text might be 'I want to cancle order 48213', perturbations [{ kind: 'misspell', from: 'cancel', to: 'cancle' }]
 */
export function applyTypos(text: string, params: TypoParams, rng: Rng, protect: readonly string[] = []): NoiseResult {
  const perturbations: Perturbation[] = [];
  const chunks: Chunk[] = splitChunks(text, protect);
  const state: SlipState = { owed: null };
  for (const chunk of chunks) {
    if (chunk.space || chunk.locked) continue;
    const original = chunk.text;
    const swapped = swapWord(original, params, rng, perturbations);
    if (swapped !== original) {
      chunk.text = swapped;
      continue;
    }
    chunk.text = slipLetters(original, params, rng, perturbations, state);
    if (chunk.text === original) chunk.text = splitWordWithSpace(original, params, rng, perturbations);
  }
  if (params.spaceDeletion > 0) {
    for (let i = 1; i < chunks.length - 1; i++) {
      const gap = chunks[i];
      const left = chunks[i - 1];
      const right = chunks[i + 1];
      if (!gap.space || gap.text !== ' ' || left.locked || right.locked || left.space || right.space) continue;
      if (!rng.chance(params.spaceDeletion)) continue;
      perturbations.push({ kind: 'space_del', from: `${left.text} ${right.text}`, to: left.text + right.text });
      gap.text = '';
    }
  }
  return { text: chunks.map((c) => c.text).join(''), perturbations };
}

/** Typing-error parameters by persona. */
export const TYPOS_BY_PERSONA: Readonly<Record<PersonaId, TypoParams>> = {
  impatient: IMPATIENT_TYPOS,
  'typo-prone': TYPO_PRONE_TYPOS,
  'non-native': NON_NATIVE_TYPOS,
  elderly: ELDERLY_TYPOS,
};
