import { stem } from './stem.ts';
import type { TermCounts } from './tfidf-channel.ts';

/**
 * Function words: kept as features (a phrase made only of them must still match itself) but weighted down,
 * so "what is my name" does not look like "what is my order status" because of "what", "is" and "my".
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `a an the i me my mine we us our you your it its is am are was were be been do does did to of in on at for
  with from by about as and or but if so that this these those there here what which who when where how can
  could would will should shall may might must have has had get got some any one just not`.split(/\s+/),
);

/** Word unigrams (stemmed) and bigrams of consecutive stems. */
export function wordFeatures(words: readonly string[]): TermCounts {
  const out: TermCounts = new Map();
  let prev: string | null = null;
  for (const w of words) {
    const s = stem(w);
    out.set(s, (out.get(s) ?? 0) + 1);
    if (prev !== null) {
      const b = `${prev} ${s}`;
      out.set(b, (out.get(b) ?? 0) + 1);
    }
    prev = s;
  }
  return out;
}

/** Weight of a word-channel term: function words and bigrams made only of them count less. */
export function wordTermWeight(functionWeight: number): (term: string) => number {
  return (term) => {
    const sp = term.indexOf(' ');
    if (sp < 0) return FUNCTION_WORDS.has(term) ? functionWeight : 1;
    return FUNCTION_WORDS.has(term.slice(0, sp)) && FUNCTION_WORDS.has(term.slice(sp + 1)) ? functionWeight : 1;
  };
}

/**
 * Character 3- to 5-grams inside word boundaries (each word padded with a space on both sides, as
 * scikit-learn's `char_wb`). They survive typos that break a whole word: "cancle" still shares " ca", "can",
 * "canc" with "cancel".
 */
export function charFeatures(words: readonly string[], functionWeight = 1, minN = 3, maxN = 5): TermCounts {
  const out: TermCounts = new Map();
  for (const w of words) {
    // Function words' n-grams count less too, or "where do you live" would look like "where is my order".
    const tf = FUNCTION_WORDS.has(w) ? functionWeight : 1;
    const p = ` ${w} `;
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= p.length; i++) {
        const g = p.slice(i, i + n);
        out.set(g, (out.get(g) ?? 0) + tf);
      }
    }
  }
  return out;
}
