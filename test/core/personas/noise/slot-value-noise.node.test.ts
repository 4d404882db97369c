import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/simulate/random.ts';
import { applySlotValueNoise, SLOT_VALUE_NOISE } from '../../../../src/core/personas/noise/index.ts';

const N = 10_000;
const sorted = (s: string) => [...s].sort().join('');

describe('applySlotValueNoise', () => {
  it('errs at the configured rate', () => {
    const rate = SLOT_VALUE_NOISE['typo-prone'];
    let changed = 0;
    for (let i = 0; i < N; i++) if (applySlotValueNoise('48213', 'digits', rate, createRng('slot-rate', i)).perturbations.length) changed++;
    expect(Math.abs(changed / N - rate)).toBeLessThan(0.01);
  });

  it('never errs at rate 0, and records each error as slot_noise', () => {
    for (let i = 0; i < 500; i++) {
      expect(applySlotValueNoise('48213', 'digits', 0, createRng('zero', i))).toEqual({ text: '48213', perturbations: [] });
      const r = applySlotValueNoise('jane@gmail.com', 'email', 1, createRng('one', i));
      expect(r.perturbations).toEqual([{ kind: 'slot_noise', from: 'jane@gmail.com', to: r.text }]);
    }
  });

  it('types digits transposed, grouped or with O for 0, keeping every digit', () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const { text } = applySlotValueNoise('4821305', 'digits', 1, createRng('digits', i));
      expect(text).not.toBe('4821305');
      const digits = text.replace(/O/g, '0').replace(/[ -]/g, '');
      expect(sorted(digits)).toBe(sorted('4821305'));
      kinds.add(/[ -]/.test(text) ? 'grouped' : text.includes('O') ? 'letter-o' : 'transposed');
    }
    expect(kinds).toEqual(new Set(['grouped', 'letter-o', 'transposed']));
  });

  it('slips on email domains, not the local part', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const { text } = applySlotValueNoise('jane.doe@gmail.com', 'email', 1, createRng('email', i));
      expect(text.startsWith('jane.doe@')).toBe(true);
      expect(text).not.toBe('jane.doe@gmail.com');
      seen.add(text);
    }
    expect(seen).toContain('jane.doe@gmial.com');
    expect(seen).toContain('jane.doe@gmail.con');
  });

  it('makes one slip in text values, never on the first letter', () => {
    for (let i = 0; i < 2000; i++) {
      const { text } = applySlotValueNoise('Smith', 'text', 1, createRng('text', i));
      expect(text[0]).toBe('S');
      expect(Math.abs(text.length - 5)).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic', () => {
    for (let i = 0; i < 200; i++) {
      expect(applySlotValueNoise('AB-48213', 'digits', 0.5, createRng('det', i))).toEqual(applySlotValueNoise('AB-48213', 'digits', 0.5, createRng('det', i)));
    }
  });
});
