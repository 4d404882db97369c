import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/flow/types.ts';
import { buildOptionMatcher } from '../../../src/core/runtime/matcher/index.ts';

const ON = { ...DEFAULT_SETTINGS.matcher, typoTolerance: true };
const OFF = { ...DEFAULT_SETTINGS.matcher, typoTolerance: false };
const OPTIONS = [
  { id: 'track', label: 'Track my order' },
  { id: 'human', label: 'Talk to someone', synonyms: ['agent', 'a real person'] },
  { id: 'other', label: 'Something else' },
];

describe('buildOptionMatcher', () => {
  const m = buildOptionMatcher(OPTIONS, ON);

  it.each<[string, string | null, number | null]>([
    // exact label or synonym
    ['Track my order', 'track', 1],
    ['AGENT', 'human', 1],
    ['track my order please', 'track', 1], // "please" is filler: still exact
    // contained label or synonym
    ['I would like to track my order now', 'track', 0.95],
    ['can I speak to a real person', 'human', 0.95],
    // position
    ['2', 'human', 0.9],
    ['option 3', 'other', 0.9],
    ['number 1', 'track', 0.9],
    ['the second one', 'human', 0.9],
    ['first', 'track', 0.9],
    ['the last one', 'other', 0.9],
    ['3rd', 'other', 0.9],
    ['#2', 'human', 0.9],
    // typo'd label (typo tolerance on)
    ['trak my ordr', 'track', 0.9],
    // nothing
    ['pizza', null, null],
    ['4', null, null], // no fourth option
    ['option 1 or 2', null, null], // two positions
  ])('%j -> %s', (text, option, score) => {
    const r = m.match(text);
    expect(r.option).toBe(option);
    if (score !== null) expect(r.score).toBeCloseTo(score, 9);
  });

  it('reads a number inside a sentence as part of the sentence, not as a position', () => {
    expect(m.match('I have 2 problems').option).not.toBe('human');
  });

  it('prefers the longest contained label', () => {
    const yesNo = buildOptionMatcher(
      [{ id: 'order', label: 'order' }, { id: 'cancel', label: 'cancel order' }],
      ON,
    );
    expect(yesNo.match('please cancel order 5').option).toBe('cancel');
    expect(yesNo.match('where is my order').option).toBe('order');
  });

  it('falls back to a fuzzy score on the flow threshold', () => {
    const r = m.match('talk to somebody');
    expect(r.option).toBe('human');
    expect(r.score).toBeGreaterThanOrEqual(ON.threshold);
    expect(r.score).toBeLessThan(0.9);
  });

  it('does not correct typos when typo tolerance is off', () => {
    const strict = buildOptionMatcher([{ id: 'a', label: 'refund' }, { id: 'b', label: 'exchange' }], OFF);
    const lenient = buildOptionMatcher([{ id: 'a', label: 'refund' }, { id: 'b', label: 'exchange' }], ON);
    expect(lenient.match('refnud').option).toBe('a');
    expect(lenient.match('refnud').score).toBe(0.9);
    expect(strict.match('refnud').score).toBeLessThan(0.9);
  });
});
