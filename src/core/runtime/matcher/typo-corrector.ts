import { COMMON_WORDS } from './common-words.ts';
import { allowedEdits, osaDistance } from './edit-distance.ts';
import { isFillerWord } from './normalize.ts';
import { stem } from './stem.ts';

/** Corrects single tokens against a fixed vocabulary; one instance per matcher, with its own cache. */
export interface TypoCorrector {
  /**
   * The token itself when it is known (in the vocabulary, a common English word, a number or an email),
   * else two known words when a space was dropped ("myorder" -> "my order"), else the nearest vocabulary
   * word within the allowed edits, else the token unchanged. May return two words separated by a space.
   */
  correct(token: string): string;
  /** Whether `word` is in the vocabulary. */
  has(word: string): boolean;
}

const CACHE_LIMIT = 5000;

function isCorrectable(token: string): boolean {
  // Numbers, order ids and emails are values, not words: never rewrite them.
  return !/[\p{N}@]/u.test(token);
}

/**
 * Builds a corrector over `words` (repeats count as frequency, which breaks ties between equally near
 * candidates; then alphabetical order). Distance is optimal string alignment with the AUTO edit budget of
 * {@link allowedEdits}. Words in {@link COMMON_WORDS} are never corrected.
 *
 * @example
 * const c = createTypoCorrector(['cancel', 'my', 'order', 'order']);
 * c.correct('cancle') // "cancel"
 * c.correct('older')  // "older" (a real word, left alone)
 */
export function createTypoCorrector(words: Iterable<string>): TypoCorrector {
  const freq = new Map<string, number>();
  for (const w of words) {
    if (w.length > 0 && isCorrectable(w)) freq.set(w, (freq.get(w) ?? 0) + 1);
  }
  // Candidates sorted once (frequency desc, then alphabetical) so the first one at the best distance wins.
  const ordered = [...freq.keys()].sort((a, b) => freq.get(b)! - freq.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  const stems = new Set([...freq.keys()].map(stem));
  const cache = new Map<string, string>();

  // Filler words are in the vocabulary (so typos of them are recognised) but never half of a split:
  // "cheaper" is not "cheap er".
  const known = (w: string): boolean => (freq.has(w) || COMMON_WORDS.has(w)) && !isFillerWord(w);

  function nearest(token: string): string | null {
    const max = allowedEdits(token.length);
    if (max === 0) return null;
    let best: string | null = null;
    let bestD = max + 1;
    for (const w of ordered) {
      // Never into words of one or two letters: "dog" is not a typo of "do", and a slip in a function word
      // does not change what the customer wants.
      if (w.length < 3 || Math.abs(w.length - token.length) >= bestD) continue;
      const d = osaDistance(token, w, bestD - 1);
      // Two edits are allowed only when the first letter agrees: typists rarely miss a word's first letter
      // (Yannakoudakis & Fawthrop 1983; kebbie's 0.36 front multiplier, research note section 2.1), and
      // without this rule real words two edits away ("parcel" -> "cancel") would be rewritten.
      if (d === 2 && w.charCodeAt(0) !== token.charCodeAt(0)) continue;
      if (d < bestD) {
        bestD = d;
        best = w;
        if (d === 1) {
          // Nothing closer than 1 exists for an unknown token; keep scanning only for an earlier (more
          // frequent) word, which `ordered` already guarantees: stop.
          break;
        }
      }
    }
    return best;
  }

  function split(token: string): string | null {
    // A dropped space joins two words ("myorder"). Require one half from the flow's own vocabulary so a
    // random long word is not cut into two common words.
    if (token.length < 4) return null;
    for (let i = 1; i < token.length; i++) {
      const left = token.slice(0, i);
      const right = token.slice(i);
      if ((left.length < 2 && left !== 'a' && left !== 'i') || right.length < 2) continue;
      if (known(left) && known(right) && (freq.has(left) || freq.has(right))) return `${left} ${right}`;
    }
    return null;
  }

  return {
    has: (w) => freq.has(w),
    correct(token) {
      if (freq.has(token) || COMMON_WORDS.has(token) || !isCorrectable(token) || token.length <= 2) return token;
      const hit = cache.get(token);
      if (hit !== undefined) return hit;
      // An inflection of a known word ("charge" when the flow says "charges") is not a typo.
      if (stems.has(stem(token))) return token;
      const fixed = split(token) ?? nearest(token) ?? token;
      // Bounded, so a long-lived matcher fed endless novel typos cannot grow without limit; results never
      // depend on the cache, only speed does.
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(token, fixed);
      return fixed;
    },
  };
}
