import type { Band, BandThresholds } from './types.ts';

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion (Wilson 1927). Unlike the normal approximation it stays
 * inside [0, 1] and is honest at small n: 8 of 10 gives 49%-94%.
 */
export function wilsonInterval(successes: number, total: number, z = Z95): { low: number; high: number } {
  if (total <= 0) return { low: 0, high: 1 };
  const p = successes / total;
  const z2 = z * z;
  const denom = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denom;
  // Clamp around p as well: at p = 0 or 1 rounding can otherwise leave the bound a hair inside the value.
  return { low: Math.max(0, Math.min(p, centre - half)), high: Math.min(1, Math.max(p, centre + half)) };
}

/**
 * Two-sided exact McNemar test on the discordant pairs: under no change, each flip is better or worse with
 * probability 1/2, so the p-value is a binomial tail doubled (capped at 1).
 */
export function mcnemarExact(better: number, worse: number): number {
  const n = better + worse;
  if (n === 0) return 1;
  const k = Math.min(better, worse);
  // Sum C(n, i) / 2^n for i <= k in log space to stay exact enough for large n.
  let logC = 0; // log C(n, 0)
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}

/** Defaults from product.md §5: completion/recovery green >= 80%, amber >= 50%; fallback green <= 10%, amber <= 30%. */
export const DEFAULT_BANDS: BandThresholds = {
  higherIsBetter: { green: 0.8, amber: 0.5 },
  lowerIsBetter: { green: 0.1, amber: 0.3 },
};

export function bandFor(value: number, direction: 'higher' | 'lower', bands: BandThresholds = DEFAULT_BANDS): Band {
  if (direction === 'higher') {
    const t = bands.higherIsBetter;
    return value >= t.green ? 'green' : value >= t.amber ? 'amber' : 'red';
  }
  const t = bands.lowerIsBetter;
  return value <= t.green ? 'green' : value <= t.amber ? 'amber' : 'red';
}

/** The band as a word, so colour is never the only signal. */
export const BAND_WORDS: Record<Band, string> = { green: 'good', amber: 'fair', red: 'poor' };
