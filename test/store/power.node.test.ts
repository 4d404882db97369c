import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../../src/core/score/stats.ts';
import { criticalValue, detectableDifference, mcnemarPower, pairedSampleSize, planningDiscordance } from '../../src/store/power.ts';

/** A small seeded generator (mulberry32) for the Monte Carlo check: tests stay deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Share of simulated paired studies in which McNemar's exact test (the engine's) says "changed". */
function simulatedPower(n: number, psi: number, delta: number, trials: number, seed: number): number {
  const rand = rng(seed);
  const helped = (psi + delta) / 2;
  const hurt = (psi - delta) / 2;
  let rejected = 0;
  for (let t = 0; t < trials; t++) {
    let better = 0;
    let worse = 0;
    for (let i = 0; i < n; i++) {
      const u = rand();
      if (u < helped) better++;
      else if (u < helped + hurt) worse++;
    }
    if (mcnemarExact(better, worse) < 0.05) rejected++;
  }
  return rejected / trials;
}

describe('criticalValue', () => {
  it('is exactly where the engine’s McNemar test turns significant, for 0 to 1,000 discordant customers', () => {
    for (let d = 0; d <= 1000; d += d < 60 ? 1 : 7) {
      const c = criticalValue(d);
      if (c >= 0) expect(mcnemarExact(c, d - c)).toBeLessThan(0.05);
      if (c + 1 <= d / 2) expect(mcnemarExact(c + 1, d - c - 1)).toBeGreaterThanOrEqual(0.05);
    }
    expect(criticalValue(5)).toBe(-1);
    expect(criticalValue(6)).toBe(0);
  });
});

describe('mcnemarPower (exact power of the paired test the panel runs)', () => {
  it.each([
    [100, 0.2, 0.1],
    [200, 0.2, 0.1],
    [50, 0.3, 0.2],
    [400, 0.3, 0.1],
  ])('agrees with a Monte Carlo of the engine’s McNemar test (n=%i, psi=%f, delta=%f)', (n, psi, delta) => {
    const exact = mcnemarPower(n, psi, delta);
    const simulated = simulatedPower(n, psi, delta, 3000, n * 7 + 1);
    // 3,000 trials: the simulated share is within about 0.025 of the truth (3 sd).
    expect(Math.abs(exact - simulated)).toBeLessThan(0.03);
  });

  it('keeps the false alarm rate under alpha when nothing changed', () => {
    for (const n of [20, 50, 200, 1000]) for (const psi of [0.05, 0.2, 0.5]) expect(mcnemarPower(n, psi, 0)).toBeLessThanOrEqual(0.05);
  });

  it('is 0 for impossible inputs (a change larger than the discordance, no customers)', () => {
    expect(mcnemarPower(100, 0.05, 0.1)).toBe(0);
    expect(mcnemarPower(0, 0.2, 0.1)).toBe(0);
  });
});

describe('pairedSampleSize (how many customers a Confirm needs)', () => {
  it('reaches 80% power for a 10-point change, close to Connor’s formula, growing with the discordance', () => {
    let last = 0;
    for (const psi of [0.1, 0.15, 0.2, 0.3, 0.4, 0.6]) {
      const n = pairedSampleSize({ psi })!;
      expect(n).toBeGreaterThanOrEqual(last);
      last = n;
      expect(mcnemarPower(n, psi, 0.1)).toBeGreaterThanOrEqual(0.8);
      const connor = (1.96 * Math.sqrt(psi) + 0.8416 * Math.sqrt(psi - 0.01)) ** 2 / 0.01;
      expect(n).toBeGreaterThanOrEqual(Math.floor(connor / 10) * 10);
      expect(n).toBeLessThanOrEqual(connor * 1.25 + 10);
    }
  });

  it('says null when even 1,000 customers are not enough', () => {
    expect(pairedSampleSize({ psi: 0.2, delta: 0.02 })).toBeNull();
    expect(pairedSampleSize({ psi: 0.2, max: 100 })).toBeNull();
  });

  it('plans with at least the change itself as discordance, and the default assumption when nothing is known', () => {
    expect(planningDiscordance(0.1, 0)).toBe(0.1);
    expect(planningDiscordance(0.1, 0.35)).toBe(0.35);
    expect(planningDiscordance(0.1)).toBeCloseTo(0.2);
  });
});

describe('detectableDifference (the sentence next to the scores)', () => {
  it('shrinks as the batch grows, and is about 20 points at 50 customers', () => {
    const sizes = [10, 25, 50, 100, 200, 500, 1000];
    const mdd = sizes.map((n) => detectableDifference(n)!);
    for (let i = 1; i < mdd.length; i++) expect(mdd[i]).toBeLessThan(mdd[i - 1]!);
    expect(mdd[2]).toBeGreaterThan(0.17);
    expect(mdd[2]).toBeLessThan(0.26);
    expect(mdd[6]).toBeLessThan(0.05);
  });

  it('is the smallest change with 80% power (to half a point)', () => {
    for (const n of [25, 50, 200]) {
      const d = detectableDifference(n)!;
      expect(mcnemarPower(n, planningDiscordance(d), d)).toBeGreaterThanOrEqual(0.8);
      expect(mcnemarPower(n, planningDiscordance(d - 0.01), d - 0.01)).toBeLessThan(0.8);
    }
  });

  it('uses an observed discordance when one is known: more flipping customers, larger detectable change', () => {
    expect(detectableDifference(200, 0.4)!).toBeGreaterThan(detectableDifference(200, 0.1)!);
  });

  it('is null for batches too small to show any change (fewer than 6 customers)', () => {
    expect(detectableDifference(5)).toBeNull();
    expect(detectableDifference(6)).not.toBeNull();
  });
});
