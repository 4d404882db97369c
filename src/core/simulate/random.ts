/**
 * Seeded randomness. Every draw comes from a stream derived from (run seed, conversation index, purpose),
 * so switching one channel (say typos) never shifts the draws of another, and two drafts can be compared on
 * the same customers. sfc32 (Chris Doty-Humphrey's Small Fast Counter) seeded through cyrb128 string hashing.
 * Never Math.random() in the engine.
 */

/** 128-bit string hash (cyrb128, public domain), used to seed sfc32. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [min, max] inclusive. */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with the given non-negative weights. */
  weightedIndex(weights: readonly number[]): number;
  shuffle<T>(items: readonly T[]): T[];
}

export function createRng(...key: (string | number)[]): Rng {
  const [a, b, c, d] = cyrb128(key.join('\u241f'));
  const next = sfc32(a, b, c, d);
  // Discard the first draws: sfc32 needs a few rounds to mix a fresh state.
  for (let i = 0; i < 12; i++) next();
  return rngFrom(next);
}

/** The `Rng` helpers over any uniform [0, 1) source (a seeded stream, or the bare `rand()` a Realizer gets). */
export function rngFrom(next: () => number): Rng {
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[int(items.length)];
    },
    weightedIndex: (weights) => {
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i];
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

/** The purposes a conversation draws randomness for; each gets its own independent stream. */
export type StreamPurpose = 'goal' | 'policy' | 'realizer' | 'typo' | 'grammar' | 'style' | 'digression' | 'tool' | 'format' | 'value_form';

/** Lazily created, per-purpose streams for one conversation. */
export interface RandomStreams {
  seed: number;
  index: number;
  get(purpose: StreamPurpose): Rng;
}

export function createStreams(seed: number, index: number, persona: string): RandomStreams {
  const cache = new Map<StreamPurpose, Rng>();
  return {
    seed,
    index,
    get(purpose) {
      let r = cache.get(purpose);
      if (!r) {
        // The goal stream ignores the persona so that every persona meets the same goals (paired runs).
        r = purpose === 'goal' ? createRng(seed, index, purpose) : createRng(seed, index, persona, purpose);
        cache.set(purpose, r);
      }
      return r;
    },
  };
}

/** A stable 128-bit hex digest of a string (not cryptographic): content hashes, cache keys. */
export function hashString(str: string): string {
  return cyrb128(str).map((h) => h.toString(16).padStart(8, '0')).join('');
}
