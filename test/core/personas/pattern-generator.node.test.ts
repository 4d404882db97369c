import { describe, expect, it } from 'vitest';
import { generateFromPattern, matchesPattern, redrawDigits } from '../../../src/core/personas/pattern-generator.ts';
import { createRng } from '../../../src/core/simulate/random.ts';

/** Shapes flows use for order numbers, booking references, postcodes and membership ids. */
const PATTERNS = [
  '^[A-Z]{2}\\d{6}$',
  '\\d{5,8}',
  'ORD-\\d{5}',
  '^[A-Z]{3}-?\\d{4}$',
  '(?:BK|RS)\\d{4}[A-Z]',
  '^#?\\d{6}$',
  '[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}',
  '^(?<prefix>AB|CD)\\.\\d{3}$',
  '[^\\s]{4}-[0-9a-f]{4}',
  '\\w+@example\\.com',
  'M-\\d{5}',
  '.{6}',
  '(order|ref)\\s?\\d{3,}',
];

describe('generateFromPattern', () => {
  it.each(PATTERNS)('generates 300 strings that all match %s', (pattern) => {
    const rng = createRng('pattern', pattern);
    for (let i = 0; i < 300; i++) {
      const v = generateFromPattern(pattern, rng);
      expect(v).not.toBeNull();
      expect(matchesPattern(pattern, v!)).toBe(true);
    }
  });

  it('varies its output', () => {
    const rng = createRng('vary');
    const seen = new Set(Array.from({ length: 50 }, () => generateFromPattern('^[A-Z]{2}\\d{6}$', rng)));
    expect(seen.size).toBeGreaterThan(45);
  });

  it('is deterministic for a seed', () => {
    const a = Array.from({ length: 5 }, ((r) => () => generateFromPattern('[A-Z]{2}\\d{6}', r))(createRng(1)));
    const b = Array.from({ length: 5 }, ((r) => () => generateFromPattern('[A-Z]{2}\\d{6}', r))(createRng(1)));
    expect(a).toEqual(b);
  });

  it('returns null outside the subset (lookarounds, backreferences) and for broken patterns', () => {
    const rng = createRng(2);
    expect(generateFromPattern('(?=.*\\d)[A-Z\\d]{6}', rng)).toBeNull();
    expect(generateFromPattern('(a)\\1', rng)).toBeNull();
    expect(generateFromPattern('[A-Z', rng)).toBeNull();
  });
});

describe('redrawDigits', () => {
  it("keeps the example's shape and redraws its digits", () => {
    const rng = createRng(3);
    const values = Array.from({ length: 20 }, () => redrawDigits('KD905217', '^[A-Z]{2}\\d{6}$', rng));
    for (const v of values) expect(v).toMatch(/^KD\d{6}$/);
    expect(new Set(values).size).toBeGreaterThan(15);
  });

  it('falls back to the example when redrawn digits cannot match', () => {
    expect(redrawDigits('AB123', '^AB123$', createRng(4))).toBe('AB123');
  });
});
