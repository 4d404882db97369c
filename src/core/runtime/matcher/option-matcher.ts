import type { MatcherSettings } from '../../flow/types.ts';
import { buildIntentMatcherWith, normalizeWords } from './intent-matcher.ts';
import { createTypoCorrector } from './typo-corrector.ts';
import type { OptionMatcher } from './types.ts';

/** Scores by how the option was recognised, best first; fuzzy matches score their blended cosine instead. */
export const OPTION_SCORES = { exact: 1, contained: 0.95, correctedContained: 0.9, index: 0.9 } as const;

const ORDINALS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5,
  sixth: 6, '6th': 6, seventh: 7, '7th': 7, eighth: 8, '8th': 8, ninth: 9, '9th': 9, tenth: 10, '10th': 10,
};
const CARDINALS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};
/**
 * Words that may surround an index without changing its meaning ("I'll take option 2", "the second one",
 * "number 3 for me"). Anything else makes the number part of a sentence ("I have 2 orders"), not a pick.
 */
const INDEX_FRAME = new Set(
  `option options number no num nr choice button item answer the one i will take pick choose select want go
  with for me that this is it a let us ok okay yes am would like prefer please`.split(/\s+/),
);

/** The option index (1-based) the words name, or null when they name none or several. */
function indexOf(words: readonly string[], count: number): number | null {
  const hasOrdinal = words.some((w) => w in ORDINALS || w === 'last');
  let found: number | null = null;
  for (const w of words) {
    let n: number | null = null;
    if (Object.hasOwn(ORDINALS, w)) n = ORDINALS[w];
    else if (w === 'last') n = count;
    else if (/^#?\d{1,2}$/.test(w)) n = Number(w.replace('#', ''));
    // "one" is a pronoun in "the second one"; it names an index only when no ordinal is present.
    else if (Object.hasOwn(CARDINALS, w) && !(w === 'one' && hasOrdinal)) n = CARDINALS[w];
    else if (INDEX_FRAME.has(w)) continue;
    else return null;
    if (n === null) continue;
    if (found !== null && found !== n) return null;
    found = n;
  }
  return found !== null && found >= 1 && found <= count ? found : null;
}

/** Start of the first occurrence of `needle` as a whole-word run inside `hay`, or -1. */
function findRun(hay: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

interface Surface {
  option: number;
  words: string[];
}

/**
 * The option whose label or synonym is contained in `words`, preferring the longest surface form (as
 * Typebot's choice matcher does). Null when none is contained, or when two different options tie.
 */
function contained(words: readonly string[], surfaces: readonly Surface[]): number | null {
  let best: Surface | null = null;
  let tie = false;
  for (const s of surfaces) {
    if (s.words.length === 0 || findRun(words, s.words) < 0) continue;
    if (!best || s.words.length > best.words.length) {
      best = s;
      tie = false;
    } else if (s.words.length === best.words.length && s.option !== best.option) tie = true;
  }
  return best && !tie ? best.option : null;
}

/**
 * Builds the matcher for one router's button-like options. A reply is tried, in order, as: exactly a label
 * or synonym; a reply containing one (longest wins); the option's position ("2", "option 2", "the second
 * one", "last"); the same containment after typo correction (when `typoTolerance` is on); and finally the
 * intent matcher's fuzzy score with each option's label and synonyms as its phrases, accepted on the flow's
 * threshold and margin.
 *
 * @example
 * const m = buildOptionMatcher([{ id: 'track', label: 'Track my order' }, { id: 'human', label: 'Talk to someone' }], DEFAULT_SETTINGS.matcher);
 * m.match('the second one') // { option: 'human', score: 0.9 }
 */
export function buildOptionMatcher(
  options: readonly { id: string; label: string; synonyms?: string[] }[],
  settings: MatcherSettings,
): OptionMatcher {
  const surfaces: Surface[] = [];
  options.forEach((o, i) => {
    for (const s of [o.label, ...(o.synonyms ?? [])]) surfaces.push({ option: i, words: normalizeWords(s, null) });
  });
  const exact = new Map<string, number>();
  for (const s of surfaces) {
    const key = s.words.join(' ');
    if (!exact.has(key)) exact.set(key, s.option);
  }
  const vocabulary = surfaces.flatMap((s) => s.words);
  const corrector = settings.typoTolerance ? createTypoCorrector(vocabulary) : null;
  const fuzzy = buildIntentMatcherWith(
    options.map((o, k) => ({ id: String(k), phrases: [o.label, ...(o.synonyms ?? [])] })),
    settings,
  );

  return {
    match(text) {
      const words = normalizeWords(text, null);
      const ex = exact.get(words.join(' '));
      if (ex !== undefined) return { option: options[ex].id, score: OPTION_SCORES.exact };
      const c = contained(words, surfaces);
      if (c !== null) return { option: options[c].id, score: OPTION_SCORES.contained };
      const idx = indexOf(words, options.length);
      if (idx !== null) return { option: options[idx - 1].id, score: OPTION_SCORES.index };
      if (corrector) {
        const fixed = normalizeWords(text, corrector);
        const cc = contained(fixed, surfaces);
        if (cc !== null) return { option: options[cc].id, score: OPTION_SCORES.correctedContained };
      }
      const m = fuzzy.match(text);
      return { option: m.intent === null ? null : options[Number(m.intent)].id, score: m.score };
    },
  };
}
