import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/core/simulate/random.ts';
import {
  applyLearnerGrammar, LEARNER_GRAMMAR_RATE, LEARNER_RULE_WEIGHTS, type LearnerRule,
} from '../../../../src/core/personas/noise/index.ts';
import { customerSentences } from './customer-sentences.ts';
import { replays } from './measure-noise.ts';

const N = 10_000;
const RULES = Object.keys(LEARNER_RULE_WEIGHTS) as LearnerRule[];
const sentences = customerSentences(N, 'grammar');
const results = sentences.map((s, i) => ({ clean: s.text, protect: s.protect, ...applyLearnerGrammar(s.text, LEARNER_GRAMMAR_RATE, createRng('grammar-test', i), s.protect) }));
const grammarErrors = (r: (typeof results)[number]) => r.perturbations.filter((p) => (RULES as string[]).includes(p.kind));

/** Every output `applyLearnerGrammar` gives `text` over `n` seeds. */
function outputs(text: string, n = 300, rate = 1): Set<string> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) seen.add(applyLearnerGrammar(text, rate, createRng('examples', text, i)).text);
  return seen;
}

describe('applyLearnerGrammar', () => {
  it('gives about half the utterances at least one grammar error at the default rate, and ~15% two', () => {
    const one = results.filter((r) => grammarErrors(r).length >= 1).length / N;
    const two = results.filter((r) => grammarErrors(r).length >= 2).length / N;
    expect(one).toBeGreaterThan(0.44);
    expect(one).toBeLessThan(0.55);
    expect(two).toBeGreaterThan(0.11);
    expect(two).toBeLessThan(0.19);
  });

  it('draws the five error types roughly in NUCLE proportions (42/24/15/10/9, within ±25% relative)', () => {
    const counts = Object.fromEntries(RULES.map((r) => [r, 0])) as Record<LearnerRule, number>;
    for (const r of results) for (const p of grammarErrors(r)) counts[p.kind as LearnerRule]++;
    const total = RULES.reduce((a, r) => a + counts[r], 0);
    const weightTotal = RULES.reduce((a, r) => a + LEARNER_RULE_WEIGHTS[r], 0);
    for (const rule of RULES) {
      const want = LEARNER_RULE_WEIGHTS[rule] / weightTotal;
      expect(Math.abs(counts[rule] / total - want) / want, rule).toBeLessThan(0.25);
    }
    // And the order of the weights holds where the weights are far apart.
    expect(counts.article).toBeGreaterThan(counts.noun_number);
    expect(counts.noun_number).toBeGreaterThan(counts.preposition);
    expect(counts.preposition).toBeGreaterThan(counts.agreement);
  });

  it('uses plain words and uninverted questions as style', () => {
    const kinds = new Set(results.flatMap((r) => r.perturbations.map((p) => p.kind)));
    expect(kinds).toContain('simplify');
    expect(kinds).toContain('word_order');
    expect(outputs('I have not received my parcel.', 300, 0)).toContain('I have not got my parcel.');
    expect(outputs('Where is my order?', 300, 0)).toContain('Where my order is?');
    expect(outputs('How can I change my address?', 300, 0)).toContain('How I can change my address?');
    expect(outputs('What is the status of my order?', 300, 0)).toContain('What the status of my order is?');
    expect(outputs('Why did you cancel my order?', 300, 0)).toContain('Why you cancel my order?');
  });

  it('produces the learner errors of its tables', () => {
    expect(outputs('I want to check the status of my order.')).toContain('I want to check status of my order.');
    expect(outputs('The package has not arrived.')).toContain('Package has not arrived.');
    expect(outputs('I need some information about the delivery.')).toContain('I need some informations about the delivery.');
    expect(outputs('I ordered two items last week.')).toContain('I ordered two item last week.');
    expect(outputs('It doesn\'t work.')).toContain('It don\'t work.');
    expect(outputs('The package has not come.')).toContain('The package have not come.');
    expect(outputs('It didn\'t arrive.')).toContain('It didn\'t arrived.');
    expect(outputs('I want to check my order.')).toContain('I want check my order.');
    expect(outputs('I ordered it yesterday.')).toContain('I have ordered it yesterday.');
    expect(outputs('I am waiting for two weeks.')).toContain('I am waiting since two weeks.');
    expect(outputs('It will arrive on Monday.')).toContain('It will arrive in Monday.');
    expect(outputs('Can you explain to me what happened?')).toContain('Can you explain me what happened?');
  });

  it('never changes protected values', () => {
    for (const r of results) for (const v of r.protect) expect(r.text).toContain(v);
    const text = 'I want to check the order the-order-7 for the customer.';
    for (const out of outputs(text, 300, 1)) expect(out).toContain('the-order-7');
    for (let i = 0; i < 300; i++) {
      const out = applyLearnerGrammar('Please send the receipt to the email.', 1, createRng('p', i), ['the receipt']).text;
      expect(out).toContain('the receipt');
    }
  });

  it('only restyles at rate 0', () => {
    for (const r of sentences.slice(0, 2000).map((s, i) => applyLearnerGrammar(s.text, 0, createRng('zero', i), s.protect))) {
      for (const p of r.perturbations) expect(['simplify', 'word_order']).toContain(p.kind);
    }
  });

  it('is deterministic: same seed, same output', () => {
    for (const [i, s] of sentences.slice(0, 1000).entries()) {
      expect(applyLearnerGrammar(s.text, LEARNER_GRAMMAR_RATE, createRng('grammar-test', i), s.protect)).toEqual({ text: results[i].text, perturbations: results[i].perturbations });
    }
  });

  it('records every change it makes', () => {
    for (const r of results) {
      if (r.perturbations.length === 0) expect(r.text).toBe(r.clean);
      for (const p of r.perturbations) expect(p.to).not.toBe(p.from);
      expect(replays(r.clean, r.perturbations, r.text)).toBe(true);
    }
  });
});

describe('plain-word simplification keeps nouns nouns', () => {
  it('writes "buy" for the verb "purchase" but keeps "my purchase"', () => {
    let verb = 0;
    let noun = 0;
    for (let i = 0; i < 200; i++) {
      if (applyLearnerGrammar('I want to purchase a lamp', 0, createRng('simplify-verb', i)).text.includes('buy')) verb++;
      if (/my buy\b/.test(applyLearnerGrammar('where is my purchase', 0, createRng('simplify-noun', i)).text)) noun++;
    }
    expect(verb).toBeGreaterThan(100);
    expect(noun).toBe(0);
  });
});
