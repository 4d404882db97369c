/** Test-side measurement of the noise channels (kept out of production code). */

/** Whitespace tokens of a text. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/**
 * Number of `clean` words that do not survive intact in `noisy`: the words a matcher would see damaged. Computed
 * with a longest-common-subsequence alignment over whitespace tokens, so a dropped space damages both words it
 * joined and a stray space damages the one word it split.
 */
export function damagedWords(clean: string, noisy: string): { clean: number; typed: number } {
  const a = words(clean);
  const b = words(noisy);
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
  }
  return { clean: a.length - dp[0][0], typed: b.length - dp[0][0] };
}

export interface NoiseMeasure {
  /** Intended words. */
  words: number;
  /** Intended words that did not come through intact (a dropped space damages both words it joins). */
  damaged: number;
  /**
   * Word slots carrying a typo: per utterance, the smaller of damaged intended words and damaged typed words, so
   * "myorder" (one typed word with a missing space) and "e mail" (one intended word with a stray space) count once.
   */
  typoWords: number;
  /** damaged / words */
  strictShare: number;
  /** typoWords / words */
  share: number;
}

/** Share of words with at least one typo over a batch of (clean, noisy) pairs. */
export function measureNoise(pairs: Iterable<{ clean: string; noisy: string }>): NoiseMeasure {
  let total = 0;
  let damaged = 0;
  let typoWords = 0;
  for (const { clean, noisy } of pairs) {
    total += words(clean).length;
    const d = damagedWords(clean, noisy);
    damaged += d.clean;
    typoWords += Math.min(d.clean, d.typed);
  }
  const share = (n: number) => (total === 0 ? 0 : n / total);
  return { words: total, damaged, typoWords, strictShare: share(damaged), share: share(typoWords) };
}

const isLetterAt = (s: string, i: number) => i >= 0 && i < s.length && /[A-Za-z]/.test(s[i]);

/** Every index of `needle` in `hay`; with `whole`, only where it is not glued to letters on either side. */
function occurrences(hay: string, needle: string, whole: boolean): number[] {
  const out: number[] = [];
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
    const leftOk = !(isLetterAt(needle, 0) && isLetterAt(hay, at - 1));
    const rightOk = !(isLetterAt(needle, needle.length - 1) && isLetterAt(hay, at + needle.length));
    if (!whole || (leftOk && rightOk)) out.push(at);
  }
  return out;
}

/**
 * True when the recorded perturbations, applied in order to the clean text (each `from` replaced by its `to` at
 * one of the places it occurs), can rebuild the noisy text exactly: every change the channel made was recorded.
 * Perturbations carry no offsets, so this searches the (few) places each one could apply.
 */
export function replays(clean: string, perturbations: ReadonlyArray<{ from: string; to: string }>, noisy: string): boolean {
  const go = (text: string, k: number): boolean => {
    if (k === perturbations.length) return text === noisy;
    const { from, to } = perturbations[k];
    let sites = occurrences(text, from, true);
    if (sites.length === 0) sites = occurrences(text, from, false);
    return sites.some((at) => go(text.slice(0, at) + to + text.slice(at + from.length), k + 1));
  };
  return go(clean, 0);
}
