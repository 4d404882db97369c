import type { Intent, MatcherSettings } from '../../flow/types.ts';
import { charFeatures, wordFeatures, wordTermWeight } from './features.ts';
import { CLAUSE_BREAK, FILLER_WORDS, expandContractions, lex, stripFillers } from './normalize.ts';
import { createTfIdfChannel } from './tfidf-channel.ts';
import { createTypoCorrector, type TypoCorrector } from './typo-corrector.ts';
import type { IntentMatch, IntentMatcher, IntentScore } from './types.ts';

/**
 * Scoring constants. An intent's score is the best, over its training phrases, of
 * `wordWeight * wordCosine + charWeight * charCosine`, each cosine over TF-IDF vectors whose document
 * frequency counts intents (see tfidf-channel.ts). Chosen with a grid search on the calibration half (even
 * positions) of test/fixtures/paraphrases.ts, clean and Typo-prone paraphrases plus out-of-scope turns,
 * maximising balanced accuracy; the odd half is held out (`npx tsx test/bench/matcher-accuracy.ts`):
 * - words 0.4, characters 0.6: character 3-5-grams carry typo'd and inflected words, words keep precision;
 * - function words ("is", "my", "the") weigh 0.3 of a content word in both channels, so small talk built
 *   of them ("where do you live") does not look like "where is my order";
 * - words no phrase contains count in the word channel's query norm at the full highest idf
 *   (`wordOovWeight` 1): each unknown word lowers the score, which separates off-topic turns that share one
 *   keyword with a phrase; in the character channel they do not count (`charOovWeight` 0), so that channel
 *   measures how much of a phrase the utterance covers and a long, chatty turn is not drowned by its length.
 */
export interface ScoringTuning {
  wordWeight: number;
  charWeight: number;
  functionWordWeight: number;
  wordOovWeight: number;
  charOovWeight: number;
}

export const DEFAULT_TUNING: ScoringTuning = {
  wordWeight: 0.4,
  charWeight: 0.6,
  functionWordWeight: 0.3,
  wordOovWeight: 1,
  charOovWeight: 0,
};

/** Normalises (and corrects, when a corrector is given) a text into its final words. */
export function normalizeWords(text: string, corrector: TypoCorrector | null): string[] {
  let tokens = expandContractions(lex(text));
  if (corrector) {
    const fixed: string[] = [];
    for (const t of tokens) {
      if (t === CLAUSE_BREAK) fixed.push(t);
      else {
        const c = corrector.correct(t);
        if (c === t) fixed.push(t);
        else for (const part of c.split(' ')) fixed.push(part);
      }
    }
    tokens = fixed;
  }
  return stripFillers(tokens);
}

/** Every word of the normalised training phrases and extra vocabulary, repeats kept (they are frequencies). */
function vocabularyOf(phrases: readonly string[][], extra: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of phrases) out.push(...p);
  for (const e of extra) out.push(...normalizeWords(e, null));
  // Filler words are known too, so a misspelt "pleasse" becomes "please" and is then stripped.
  out.push(...FILLER_WORDS);
  return out;
}

/**
 * Builds the intent matcher once per flow: phrases normalised, feature vectors and inverted indexes
 * precomputed. See {@link IntentMatcher}.
 */
export function buildIntentMatcherWith(
  intents: readonly Intent[],
  settings: MatcherSettings,
  extraVocabulary: readonly string[] = [],
  tuning: ScoringTuning = DEFAULT_TUNING,
): IntentMatcher {
  const phraseIntent: number[] = [];
  const phraseWords: string[][] = [];
  /** Global phrase index by intent id and position in the intent's `phrases` (-1: not indexed). */
  const phraseIndexes = new Map<string, number[]>();
  intents.forEach((intent, ii) => {
    const own: number[] = [];
    for (const p of intent.phrases) {
      const words = normalizeWords(p, null);
      if (words.length === 0) {
        own.push(-1);
        continue;
      }
      own.push(phraseWords.length);
      phraseIntent.push(ii);
      phraseWords.push(words);
    }
    if (!phraseIndexes.has(intent.id)) phraseIndexes.set(intent.id, own);
  });
  const corrector = settings.typoTolerance ? createTypoCorrector(vocabularyOf(phraseWords, extraVocabulary)) : null;

  const wordChannel = createTfIdfChannel(phraseWords.map(wordFeatures), {
    classOf: phraseIntent,
    oovWeight: tuning.wordOovWeight,
    termWeight: wordTermWeight(tuning.functionWordWeight),
  });
  const charChannel = createTfIdfChannel(
    phraseWords.map((w) => charFeatures(w, tuning.functionWordWeight)),
    { classOf: phraseIntent, oovWeight: tuning.charOovWeight },
  );

  const n = phraseWords.length;
  const wordCos = new Float64Array(n);
  const charCos = new Float64Array(n);
  const intentIds = intents.map((i) => i.id);
  const best = new Float64Array(intents.length);
  const allIndexes = intents.map((_, i) => i);
  const indexById = new Map<string, number>();
  intentIds.forEach((id, i) => {
    if (!indexById.has(id)) indexById.set(id, i);
  });

  return {
    phraseIndex(intentId: string, k: number): number | undefined {
      const i = phraseIndexes.get(intentId)?.[k];
      return i === undefined || i < 0 ? undefined : i;
    },
    match(text: string, allowed?: readonly string[], exclude?: readonly number[]): IntentMatch {
      const words = normalizeWords(text, corrector);
      const normalized = words.join(' ');
      const candidates = allowed
        ? [...new Set(allowed)].map((id) => indexById.get(id)).filter((i): i is number => i !== undefined).sort((a, b) => a - b)
        : allIndexes;

      best.fill(0);
      const scoreWords = (w: string[]) => {
        if (w.length === 0 || n === 0) return;
        wordChannel.cosines(wordFeatures(w), wordCos);
        charChannel.cosines(charFeatures(w, tuning.functionWordWeight), charCos);
        for (let p = 0; p < n; p++) {
          if (exclude !== undefined && exclude.length > 0 && exclude.includes(p)) continue;
          const s = tuning.wordWeight * wordCos[p] + tuning.charWeight * charCos[p];
          const ii = phraseIntent[p];
          if (s > best[ii]) best[ii] = s;
        }
      };
      scoreWords(words);
      // A message of several sentences is also read sentence by sentence, and each intent keeps its best
      // reading: "Good afternoon. I only got my first mobile a year ago. My bill is higher than I expected."
      // asks about the bill, and the sentences around the request must not drown it.
      const sentences = text.split(SENTENCE_END);
      if (sentences.length > 1) {
        for (const sentence of sentences) {
          const w = normalizeWords(sentence, corrector);
          if (w.length >= MIN_SENTENCE_WORDS && w.length < words.length) scoreWords(w);
        }
      }
      // Candidates are in flow order, and the sort is stable: equal scores keep flow order.
      const ranked: IntentScore[] = candidates
        .map((i) => ({ intent: intentIds[i], score: Math.min(1, round(best[i])) }))
        .sort((a, b) => b.score - a.score);
      const top = ranked[0];
      const second = ranked[1]?.score ?? 0;
      const accepted = top !== undefined && top.score >= settings.threshold && top.score - second >= settings.margin;
      return { intent: accepted ? top.intent : null, score: top?.score ?? 0, ranked, normalized };
    },
  };
}

/** Sentence ends: ".", "!" or "?" (one or more) followed by white space. */
const SENTENCE_END = /[.!?\u2026]+\s+/;
/** A sentence shorter than this (after fillers are stripped) is not read on its own: "Yes." or "Hello." say no request. */
const MIN_SENTENCE_WORDS = 2;

/** Rounds away floating-point noise so equal phrasings tie exactly and scores print stably. */
function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
