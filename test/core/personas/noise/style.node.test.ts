import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/simulate/random.ts';
import type { PersonaId } from '../../../../src/core/personas/types.ts';
import { applyStyle, STYLE_BY_PERSONA, IMPATIENT_STYLE, ELDERLY_STYLE } from '../../../../src/core/personas/noise/index.ts';
import { customerSentences } from './customer-sentences.ts';
import { replays } from './measure-noise.ts';

const N = 10_000;
const sentences = customerSentences(N, 'style');
const PERSONAS = Object.keys(STYLE_BY_PERSONA) as PersonaId[];
const TOLERANCE = 0.03;

function run(persona: PersonaId, frustrated = false) {
  const style = { ...STYLE_BY_PERSONA[persona], frustrated };
  return sentences.map((s, i) => ({ clean: s.text, protect: s.protect, ...applyStyle(s.text, style, createRng('style-test', persona, frustrated ? 'f' : 'c', i), s.protect) }));
}

const hasPronounI = (t: string) => /(^|\s)I(\s|'|$)/.test(t);
const isPronounI = (w: string) => /^I($|')/.test(w);
const hasApostrophe = (t: string) => /[A-Za-z]'[A-Za-z]/.test(t);

describe('applyStyle', () => {
  for (const persona of PERSONAS) {
    it(`matches the ${persona} rates of persona-realism.md §2.3 (±${TOLERANCE})`, () => {
      const style = STYLE_BY_PERSONA[persona];
      const results = run(persona);
      // Sentence-initial lowercase, per sentence (words starting a sentence that are Capitalised and not "I").
      let starts = 0;
      let lowered = 0;
      // "I" lowercased, per utterance with an "I"; apostrophes, per utterance with one; final punctuation, per utterance.
      let withI = 0;
      let lowI = 0;
      let withApos = 0;
      let dropped = 0;
      let withFinal = 0;
      let finalDropped = 0;
      for (const r of results) {
        const cleanStarts = r.clean.match(/(^|[.!?]\s+)(?!I[\s'])[A-Z][a-z]/g) ?? [];
        starts += cleanStarts.length;
        lowered += r.perturbations.filter((p) => p.kind === 'case' && !isPronounI(p.from)).length;
        if (hasPronounI(r.clean)) {
          withI++;
          if (r.perturbations.some((p) => p.kind === 'case' && isPronounI(p.from))) lowI++;
        }
        if (hasApostrophe(r.clean)) {
          withApos++;
          if (r.perturbations.some((p) => p.kind === 'apostrophe')) dropped++;
        }
        if (/[A-Za-z][.!?]$/.test(r.clean)) {
          withFinal++;
          if (!/[.!?]$/.test(r.text)) finalDropped++;
        }
      }
      expect(Math.abs(lowered / starts - style.lowercaseStart)).toBeLessThan(TOLERANCE);
      expect(Math.abs(lowI / withI - style.lowercaseI)).toBeLessThan(TOLERANCE);
      expect(Math.abs(dropped / withApos - style.dropApostrophe)).toBeLessThan(TOLERANCE);
      expect(Math.abs(finalDropped / withFinal - style.dropFinalPunct)).toBeLessThan(TOLERANCE);
    });
  }

  it('shouts and doubles question marks only when frustrated (impatient ~50% caps, ~70% "??")', () => {
    const calm = run('impatient');
    expect(calm.some((r) => r.perturbations.some((p) => p.kind === 'caps') || r.text.endsWith('??'))).toBe(false);
    const angry = run('impatient', true);
    const caps = angry.filter((r) => r.perturbations.some((p) => p.kind === 'caps')).length / N;
    const dq = angry.filter((r) => r.text.endsWith('??')).length / N;
    expect(Math.abs(caps - IMPATIENT_STYLE.frustratedCaps)).toBeLessThan(TOLERANCE);
    expect(Math.abs(dq - IMPATIENT_STYLE.frustratedQuestionMarks)).toBeLessThan(TOLERANCE);
    const one = applyStyle('Where is my order?', { ...IMPATIENT_STYLE, frustrated: true, frustratedCaps: 1, frustratedQuestionMarks: 1 }, createRng(1));
    expect(one.text).toBe('WHERE IS MY ORDER??');
  });

  it('lets elderly customers trail off with "..."', () => {
    const results = run('elderly');
    const share = results.filter((r) => r.text.includes('...')).length / N;
    expect(share).toBeGreaterThan(0.1);
    expect(ELDERLY_STYLE.ellipsis).toBeGreaterThan(0);
    expect(run('typo-prone').some((r) => r.text.includes('...'))).toBe(false);
  });

  it('never changes protected values, not even their case', () => {
    for (const persona of PERSONAS) {
      for (const r of run(persona, true)) for (const v of r.protect) expect(r.text).toContain(v);
    }
    const out = applyStyle("I'm Jane O'Brien, it's jane@example.com.", { ...IMPATIENT_STYLE, dropApostrophe: 1, frustrated: true, frustratedCaps: 1 }, createRng(2), ["O'Brien"]);
    expect(out.text).toContain("O'Brien");
    expect(out.text).toContain('jane@example.com');
    expect(out.text.startsWith('IM JANE')).toBe(true);
  });

  it('is deterministic and records every change it makes', () => {
    for (const persona of PERSONAS) {
      const results = run(persona, persona === 'impatient');
      const again = run(persona, persona === 'impatient');
      results.forEach((r, i) => {
        expect(again[i].text).toBe(r.text);
        if (r.perturbations.length === 0) expect(r.text).toBe(r.clean);
        expect(replays(r.clean, r.perturbations, r.text)).toBe(true);
      });
    }
  });
});
