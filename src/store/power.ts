/**
 * Power of the paired test the panel uses (McNemar's exact test on the customers whose result flipped between
 * two drafts, `comparePaired` in core/score/compare.ts), and what follows from it: how many customers a
 * "Confirm" needs, and the smallest change a batch size can be trusted to show.
 *
 * Model (Connor 1987, "Sample size for testing differences in proportions for the paired-sample design",
 * Biometrics 43:207-211): a share `psi` of customers is discordant (their result differs between the two
 * drafts) and the change is `delta` = (helped - hurt) / customers, so helped = (psi + delta) / 2 and
 * hurt = (psi - delta) / 2. Unlike Connor's normal approximation, the power here is computed exactly for the
 * exact test: the number of discordant customers D ~ Binomial(n, psi), and given D the helped ones
 * B ~ Binomial(D, (psi + delta) / (2 psi)); the test rejects when 2 P(Binomial(D, 1/2) <= min(B, D - B)) < alpha.
 */

/** The defaults the panel states in words: a 10-point change, two-sided alpha 0.05, 80% power. */
export const PLANNED_DIFFERENCE = 0.1;
export const ALPHA = 0.05;
export const TARGET_POWER = 0.8;
/** The most customers a Confirm runs on each draft. */
export const MAX_CONFIRM_CUSTOMERS = 1000;
/** The first step of a Confirm: enough customers to estimate how many flip between the drafts. */
export const CONFIRM_PILOT = 100;
/**
 * Discordance assumed when nothing is known about two drafts yet: besides the customers a change helps,
 * one in twenty gets worse (hurt = 0.05, so psi = delta + 0.10). With it, 50 customers detect about 21
 * points, as the "~20 points" example; see README "Enough customers to answer".
 */
export const DEFAULT_HURT_SHARE = 0.05;

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials[i] = logFactorials[i - 1]! + Math.log(i);
  return logFactorials[n]!;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** P(Binomial(n, p) = k), in log space so n = 1,000 stays exact enough. */
function binomialPmf(n: number, k: number, p: number): number {
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * P(Binomial(n, p) <= k) (`lower`) or P(Binomial(n, p) >= k) (upper), exact. Starts at k and walks away from
 * the centre with the ratio of successive terms, stopping once past the mode the terms no longer add
 * anything: a tail costs a few dozen terms instead of k, so the power of 1,000 pairs takes milliseconds.
 */
function binomialTail(n: number, k: number, p: number, side: 'lower' | 'upper'): number {
  if (side === 'lower' ? k < 0 : k > n) return 0;
  if (side === 'lower' ? k >= n : k <= 0) return 1;
  if (p <= 0) return side === 'lower' ? 1 : 0;
  if (p >= 1) return side === 'lower' ? 0 : 1;
  const mode = Math.floor((n + 1) * p);
  const odds = p / (1 - p);
  let term = binomialPmf(n, k, p);
  let sum = term;
  if (side === 'lower') {
    for (let i = k; i > 0; i--) {
      term *= i / (n - i + 1) / odds; // pmf(i - 1) from pmf(i)
      sum += term;
      if (i - 1 < mode && term <= sum * 1e-16) break;
    }
  } else {
    for (let i = k; i < n; i++) {
      term *= ((n - i) / (i + 1)) * odds; // pmf(i + 1) from pmf(i)
      sum += term;
      if (i + 1 > mode && term <= sum * 1e-16) break;
    }
  }
  return Math.min(1, sum);
}

// Critical values by number of discordant customers, per alpha: the largest k with 2 P(Bin(D, 1/2) <= k) < alpha
// (-1 when even k = 0 is not significant). Found from the normal guess and corrected with exact tails.
const criticalCache = new Map<number, Map<number, number>>();
/** Exported for tests: the critical value of the engine's McNemar test for `d` discordant customers. */
export function criticalValue(d: number, alpha: number = ALPHA): number {
  let byD = criticalCache.get(alpha);
  if (!byD) criticalCache.set(alpha, (byD = new Map()));
  const known = byD.get(d);
  if (known !== undefined) return known;
  const significant = (k: number) => k >= 0 && k <= d / 2 && 2 * binomialTail(d, k, 0.5, 'lower') < alpha;
  let k = Math.max(-1, Math.floor(d / 2 - (1.959963984540054 * Math.sqrt(d)) / 2) - 1);
  while (k >= 0 && !significant(k)) k--;
  while (significant(k + 1)) k++;
  byD.set(d, k);
  return k;
}

/**
 * Exact power of McNemar's exact test with `n` paired customers, a share `psi` of them discordant, and a true
 * change of `delta` (either sign; |delta| <= psi). Returns a probability in [0, 1].
 *
 * @example
 * mcnemarPower(200, 0.2, 0.1); // about 0.8
 */
export function mcnemarPower(n: number, psi: number, delta: number, alpha = ALPHA): number {
  const d = Math.abs(delta);
  if (!(n >= 1) || !(psi > 0) || d > psi + 1e-12) return 0;
  const q = Math.min(1, (psi + d) / (2 * psi));
  // Discordant counts far outside n*psi +- 7 sd carry no probability worth summing.
  const sd = Math.sqrt(n * psi * (1 - psi));
  const lo = Math.max(0, Math.floor(n * psi - 7 * sd - 1));
  const hi = Math.min(n, Math.ceil(n * psi + 7 * sd + 1));
  let power = 0;
  for (let D = lo; D <= hi; D++) {
    const c = criticalValue(D, alpha);
    if (c < 0) continue;
    const pD = binomialPmf(n, D, psi);
    if (pD < 1e-12) continue;
    // Reject when the helped count is <= c or >= D - c.
    const reject = binomialTail(D, c, q, 'lower') + binomialTail(D, D - c, q, 'upper');
    power += pD * Math.min(1, reject);
  }
  return Math.min(1, power);
}

/** The discordance to plan with: the observed share when known, never below the change itself. */
export function planningDiscordance(delta: number, observed?: number | null): number {
  const d = Math.abs(delta);
  const psi = observed ?? d + 2 * DEFAULT_HURT_SHARE;
  return Math.min(1, Math.max(psi, d));
}

/**
 * Customers needed so that a change of `delta` shows as improved or worse with probability `power`: the
 * smallest n on a 10-customer grid whose exact power reaches the target (power is not strictly monotone in n
 * for an exact test, so the grid is walked upwards from Connor's approximation). Null when even `max` is not
 * enough.
 *
 * @example
 * pairedSampleSize({ psi: 0.2 }); // 200: a 10-point change with a fifth of customers flipping
 */
export function pairedSampleSize({
  psi,
  delta = PLANNED_DIFFERENCE,
  alpha = ALPHA,
  power = TARGET_POWER,
  max = MAX_CONFIRM_CUSTOMERS,
}: {
  psi: number;
  delta?: number;
  alpha?: number;
  power?: number;
  max?: number;
}): number | null {
  const d = Math.abs(delta);
  const p = Math.min(1, Math.max(psi, d));
  // Connor's formula, a lower bound for the exact test (which is conservative).
  const za = 1.959963984540054;
  const zb = 0.8416212335729143;
  const approx = (za * Math.sqrt(p) + zb * Math.sqrt(Math.max(0, p - d * d))) ** 2 / (d * d);
  const step = 10;
  let n = Math.max(step, Math.floor(approx / step) * step);
  for (; n <= max; n += step) {
    if (mcnemarPower(n, p, d, alpha) >= power) return n;
  }
  return mcnemarPower(max, p, d, alpha) >= power ? max : null;
}

/**
 * The smallest change (a fraction) that `n` paired customers show as improved or worse with 80% power, given
 * the share `observedDiscordance` of customers that flip (or the default assumption when unknown). Null when
 * no change up to 100 points reaches that power (tiny batches).
 *
 * @example
 * detectableDifference(50); // about 0.21: "a change smaller than ~21 points may go unnoticed"
 */
export function detectableDifference(n: number, observedDiscordance?: number | null, alpha = ALPHA, power = TARGET_POWER): number | null {
  if (!(n >= 1)) return null;
  // The panel asks for the default case on every render of the scores: remember it per batch size.
  const cacheable = observedDiscordance == null && alpha === ALPHA && power === TARGET_POWER;
  if (cacheable && defaultDetectable.has(n)) return defaultDetectable.get(n)!;
  const found = searchDetectable(n, observedDiscordance, alpha, power);
  if (cacheable) defaultDetectable.set(n, found);
  return found;
}

const defaultDetectable = new Map<number, number | null>();

function searchDetectable(n: number, observedDiscordance: number | null | undefined, alpha: number, power: number): number | null {
  const reaches = (delta: number) => mcnemarPower(n, planningDiscordance(delta, observedDiscordance), delta, alpha) >= power;
  // A 100-point change flips every customer one way: fewer than 6 customers cannot even show that.
  if (!reaches(1)) return null;
  let lo = 0;
  let hi = 1;
  // Bisection to half a point: power grows with delta (up to the exact test's small steps).
  while (hi - lo > 0.005) {
    const mid = (lo + hi) / 2;
    if (reaches(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
