import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/flow/types.ts';
import { drawValueHabit, formatValue } from '../../../src/core/personas/value-format.ts';
import { extractSlot } from '../../../src/core/runtime/matcher/index.ts';
import { createRng } from '../../../src/core/simulate/random.ts';

const strict = { type: 'pattern' as const, pattern: '^[A-Z]{2}\\d{6}$', example: 'AB123456' };
const lenient = { ...strict, ignoreSeparators: true };

describe('value formats', () => {
  it.each([
    ['spaced', 'AB 123 456'],
    ['dashed', 'AB-123-456'],
    ['hash', '#AB123456'],
    ['lowercase', 'ab123456'],
  ] as const)('writes AB123456 %s as %s', (variant, out) => {
    expect(formatValue('AB123456', variant)).toBe(out);
  });

  it('leaves values without digits alone', () => {
    expect(formatValue('blue', 'spaced')).toBe('blue');
  });

  it('the forms a strict pattern rejects are accepted once separators are ignored', () => {
    for (const v of ['spaced', 'dashed'] as const) {
      const written = formatValue('AB123456', v);
      expect(extractSlot(strict, written, DEFAULT_SETTINGS.matcher).ok).toBe(false);
      expect(extractSlot(lenient, written, DEFAULT_SETTINGS.matcher)).toEqual({ ok: true, value: 'AB123456' });
    }
  });

  it('draws habits at the configured rate, deterministically', () => {
    const habits = { rate: 0.3, variants: { spaced: 1, dashed: 1, hash: 1, lowercase: 1 }, repeatAfterReject: 0.5 };
    const draws = Array.from({ length: 10000 }, (_, i) => drawValueHabit(habits, createRng('habit', i)));
    const share = draws.filter((d) => d !== null).length / draws.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.32);
    expect(Array.from({ length: 50 }, (_, i) => drawValueHabit(habits, createRng('habit', i)))).toEqual(draws.slice(0, 50));
  });
});
