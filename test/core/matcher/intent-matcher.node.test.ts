import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Intent } from '../../../src/core/flow/types.ts';
import { buildIntentMatcher, matcherFactory, normalize } from '../../../src/core/runtime/matcher/index.ts';
import { PARAPHRASES, SUPPORT_INTENTS } from '../../fixtures/paraphrases.ts';

const ON = { ...DEFAULT_SETTINGS.matcher, typoTolerance: true };
const OFF = { ...DEFAULT_SETTINGS.matcher, typoTolerance: false };

describe('buildIntentMatcher', () => {
  const m = buildIntentMatcher(SUPPORT_INTENTS, ON);

  it('matches a training phrase to its intent with score 1', () => {
    for (const intent of SUPPORT_INTENTS) {
      for (const p of intent.phrases) {
        const r = m.match(p);
        expect(r.intent).toBe(intent.id);
        expect(r.score).toBeCloseTo(1, 9);
      }
    }
  });

  it('strips politeness before scoring: padding does not lower the score', () => {
    const plain = m.match('cancel my order');
    const padded = m.match('Hello! Could you please cancel my order? Thank you so much, kind regards');
    expect(padded.intent).toBe('cancel_order');
    expect(padded.score).toBe(plain.score);
    expect(padded.normalized).toBe('cancel my order');
  });

  it('corrects typos against the flow vocabulary only when typo tolerance is on', () => {
    const typo = 'whre is my refnud';
    expect(m.match(typo).intent).toBe('refund_status');
    expect(m.match(typo).normalized).toBe('where is my refund');
    const strict = buildIntentMatcher(SUPPORT_INTENTS, OFF);
    expect(strict.match(typo).normalized).toBe('whre is my refnud');
    expect(strict.match(typo).score).toBeLessThan(m.match(typo).score);
  });

  it('uses extra vocabulary for correction', () => {
    const intents: Intent[] = [{ id: 'a', phrases: ['book a table'] }, { id: 'b', phrases: ['opening times'] }];
    const without = buildIntentMatcher(intents, ON);
    const withExtra = buildIntentMatcher(intents, ON, ['Terrace seating']);
    expect(without.match('terace').normalized).toBe('terace');
    expect(withExtra.match('terace').normalized).toBe('terrace');
  });

  it('ranks every allowed intent, best first, and restricts candidates to `allowed`', () => {
    const r = m.match('where is my refund');
    expect(r.ranked).toHaveLength(SUPPORT_INTENTS.length);
    for (let i = 1; i < r.ranked.length; i++) expect(r.ranked[i - 1].score).toBeGreaterThanOrEqual(r.ranked[i].score);
    const limited = m.match('where is my refund', ['order_status', 'cancel_order', 'not_an_intent']);
    expect(limited.ranked.map((x) => x.intent).sort()).toEqual(['cancel_order', 'order_status']);
    expect(limited.intent).not.toBe('refund_status');
    expect(m.match('where is my refund', []).ranked).toEqual([]);
    expect(m.match('where is my refund', []).intent).toBeNull();
  });

  it('accepts only above the threshold', () => {
    const strict = buildIntentMatcher(SUPPORT_INTENTS, { ...ON, threshold: 0.99 });
    expect(strict.match('cancel my order').intent).toBe('cancel_order'); // a training phrase scores 1
    const r = strict.match('please cancel the order');
    expect(r.score).toBeLessThan(0.99);
    expect(r.intent).toBeNull();
    expect(r.ranked[0].intent).toBe('cancel_order'); // still ranked, just not accepted
  });

  it('accepts only with a margin over the runner-up', () => {
    const twins: Intent[] = [
      { id: 'a', phrases: ['where is my order'] },
      { id: 'b', phrases: ['where is my order'] },
    ];
    const r = buildIntentMatcher(twins, ON).match('where is my order');
    expect(r.ranked[0].score).toBe(r.ranked[1].score);
    expect(r.intent).toBeNull(); // tie: no margin
    // The same text with a single candidate has no runner-up.
    expect(buildIntentMatcher(twins, ON).match('where is my order', ['b']).intent).toBe('b');
    const close: Intent[] = [{ id: 'a', phrases: ['track my package'] }, { id: 'b', phrases: ['track my parcel'] }];
    const text = 'track my order package';
    const loose = buildIntentMatcher(close, { ...ON, margin: 0 }).match(text);
    const tight = buildIntentMatcher(close, { ...ON, margin: 0.9 }).match(text);
    expect(loose.intent).toBe('a');
    expect(tight.intent).toBeNull();
  });

  it('says no intent for empty or filler-only text', () => {
    for (const t of ['', '   ', '?!', 'um']) expect(m.match(t).intent).toBeNull();
  });

  it('reports the normalised text', () => {
    expect(m.match('Hi, WHERE is my ordr??').normalized).toBe('where is my order');
    expect(buildIntentMatcher(SUPPORT_INTENTS, OFF).match('Hi, WHERE is my ordr??').normalized).toBe(normalize('Hi, WHERE is my ordr??'));
  });

  it('handles a flow with no intents', () => {
    const r = buildIntentMatcher([], ON).match('anything');
    expect(r).toEqual({ intent: null, score: 0, ranked: [], normalized: 'anything' });
  });

  it('is deterministic: same text, same result, whatever was matched before', () => {
    const texts = PARAPHRASES.slice(0, 60).map((p) => p.text);
    const fresh = texts.map((t) => buildIntentMatcher(SUPPORT_INTENTS, ON).match(t));
    const shared = buildIntentMatcher(SUPPORT_INTENTS, ON);
    const forwards = texts.map((t) => shared.match(t));
    const backwards = [...texts].reverse().map((t) => shared.match(t)).reverse();
    expect(forwards).toEqual(fresh);
    expect(backwards).toEqual(fresh);
  });

  it('property: scores stay in [0, 1], ranked is sorted, and an accepted intent clears threshold and margin', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.boolean(), (text, tol) => {
        const r = buildIntentMatcher(SUPPORT_INTENTS, { ...DEFAULT_SETTINGS.matcher, typoTolerance: tol }).match(text);
        for (const x of r.ranked) {
          expect(x.score).toBeGreaterThanOrEqual(0);
          expect(x.score).toBeLessThanOrEqual(1);
        }
        for (let i = 1; i < r.ranked.length; i++) expect(r.ranked[i - 1].score).toBeGreaterThanOrEqual(r.ranked[i].score);
        if (r.intent !== null) {
          expect(r.intent).toBe(r.ranked[0].intent);
          expect(r.score).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.matcher.threshold);
          expect(r.score - r.ranked[1].score).toBeGreaterThanOrEqual(DEFAULT_SETTINGS.matcher.margin);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('property: matching is a pure function of the text', () => {
    const shared = buildIntentMatcher(SUPPORT_INTENTS, ON);
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 5 }), (texts) => {
        const a = texts.map((t) => shared.match(t));
        const b = texts.map((t) => buildIntentMatcher(SUPPORT_INTENTS, ON).match(t));
        expect(a).toEqual(b);
      }),
      { numRuns: 50 },
    );
  });
});

describe('matcherFactory', () => {
  it('exposes the four matcher functions', () => {
    const m = matcherFactory.buildIntentMatcher(SUPPORT_INTENTS, ON);
    expect(m.match('cancel my order').intent).toBe('cancel_order');
    expect(matcherFactory.buildOptionMatcher([{ id: 'x', label: 'Yes' }], ON).match('yes').option).toBe('x');
    expect(matcherFactory.extractSlot({ type: 'yes_no' }, 'yep', ON)).toEqual({ ok: true, value: 'yes' });
    expect(matcherFactory.findSlotValue({ type: 'email' }, 'mail a@b.co now')).toBe('a@b.co');
  });
});
