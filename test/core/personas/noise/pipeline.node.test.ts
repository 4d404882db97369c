import { describe, expect, it } from 'vitest';
import { createStreams } from '../../../../src/core/simulate/random.ts';
import { PERSONA_IDS, type PersonaId } from '../../../../src/core/personas/types.ts';
import {
  applyLearnerGrammar, applyStyle, applyTypos, LEARNER_GRAMMAR_RATE, STYLE_BY_PERSONA, TYPOS_BY_PERSONA,
} from '../../../../src/core/personas/noise/index.ts';
import { customerSentences } from './customer-sentences.ts';

/** The channels in the order a customer would run them: grammar (non-native only), typos, style. */
function noisy(persona: PersonaId, text: string, protect: string[], seed: number, index: number) {
  const streams = createStreams(seed, index, persona);
  let t = text;
  const all = [];
  if (persona === 'non-native') {
    const g = applyLearnerGrammar(t, LEARNER_GRAMMAR_RATE, streams.get('grammar'), protect);
    t = g.text;
    all.push(...g.perturbations);
  }
  const ty = applyTypos(t, TYPOS_BY_PERSONA[persona], streams.get('typo'), protect);
  const st = applyStyle(ty.text, { ...STYLE_BY_PERSONA[persona], frustrated: index % 4 === 0 }, streams.get('style'), protect);
  return { text: st.text, perturbations: [...all, ...ty.perturbations, ...st.perturbations] };
}

describe('noise channels in sequence', () => {
  const sentences = customerSentences(3000, 'pipeline');

  it('keep every protected value intact through grammar, typos and style', () => {
    for (const persona of PERSONA_IDS) {
      sentences.forEach((s, i) => {
        const out = noisy(persona, s.text, s.protect, 7, i);
        for (const v of s.protect) expect(out.text).toContain(v);
      });
    }
  });

  it('replay byte-identically from (persona, seed, index)', () => {
    for (const persona of PERSONA_IDS) {
      sentences.slice(0, 500).forEach((s, i) => {
        expect(noisy(persona, s.text, s.protect, 7, i)).toEqual(noisy(persona, s.text, s.protect, 7, i));
      });
    }
  });
});
