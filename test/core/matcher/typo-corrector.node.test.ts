import { describe, expect, it } from 'vitest';
import { COMMON_WORDS } from '../../../src/core/runtime/matcher/common-words.ts';
import { allowedEdits, osaDistance } from '../../../src/core/runtime/matcher/edit-distance.ts';
import { createTypoCorrector } from '../../../src/core/runtime/matcher/typo-corrector.ts';

describe('osaDistance (Damerau-Levenshtein, optimal string alignment)', () => {
  it.each([
    ['order', 'order', 0],
    ['oredr', 'order', 1], // transposition counts once
    ['ordr', 'order', 1],
    ['orderr', 'order', 1],
    ['ordet', 'order', 1],
    ['adress', 'address', 1],
    ['cnacle', 'cancel', 2],
    ['ca', 'abc', 3], // OSA, not unrestricted Damerau (which gives 2)
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s ~ %s = %i', (a, b, d) => {
    expect(osaDistance(a, b)).toBe(d);
    expect(osaDistance(b, a)).toBe(d);
  });

  it('stops early with max + 1 once the bound is exceeded', () => {
    expect(osaDistance('kitten', 'sitting', 1)).toBe(2);
    expect(osaDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('follows the AUTO edit budget', () => {
    expect([1, 2, 3, 5, 6, 12].map(allowedEdits)).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe('createTypoCorrector', () => {
  const vocab = [
    'where', 'is', 'my', 'order', 'order', 'order', 'cancel', 'cancel', 'refund', 'refund', 'address', 'delivery',
    'password', 'human', 'agent', 'charges', 'status', 'track', 'package', 'card', 'cart',
  ];
  const c = createTypoCorrector(vocab);

  it.each([
    ['ordr', 'order'], // deletion
    ['oredr', 'order'], // transposition
    ['orderr', 'order'], // doubled letter
    ['cancle', 'cancel'],
    ['refnud', 'refund'],
    ['adress', 'address'],
    ['pasword', 'password'],
    ['passwrod', 'password'],
    ['delivry', 'delivery'],
    ['humna', 'human'],
    ['statsu', 'status'],
    ['myorder', 'my order'], // dropped space
    ['cancelorder', 'cancel order'],
  ])('corrects %s -> %s', (typo, fixed) => {
    expect(c.correct(typo)).toBe(fixed);
  });

  it.each([
    ['older', 'a common English word, one edit from "order"'],
    ['parcel', 'two edits from "cancel" but a different first letter'],
    ['charge', 'an inflection of "charges" in the vocabulary'],
    ['cat', 'a common word one edit from "cart"'],
    ['xyzzy', 'nothing near it'],
    ['ab', 'two letters: exact only'],
    ['ord123', 'contains digits: a value, not a word'],
    ['bob@x.com', 'an email'],
    ['orderrrrrrs', 'too far from anything'],
  ])('leaves %s alone (%s)', (word) => {
    expect(c.correct(word)).toBe(word);
  });

  it('allows one edit for 3-5 letters and two beyond', () => {
    expect(c.correct('trak')).toBe('track'); // 4 letters, 1 edit
    expect(c.correct('trck')).toBe('track');
    expect(c.correct('tacr')).toBe('tacr'); // 4 letters, 2 edits from "track": too far
    expect(c.correct('pakcgae')).toBe('package'); // 7 letters, 2 edits
  });

  it('breaks ties by vocabulary frequency, then alphabetically', () => {
    // "carf" is one edit from both "card" and "cart", each seen once: alphabetical order decides.
    expect(c.correct('carf')).toBe('card');
    // Make "cart" more frequent and it wins.
    const biased = createTypoCorrector([...vocab, 'cart', 'cart']);
    expect(biased.correct('carf')).toBe('cart');
    // Frequency beats alphabetical order whatever the vocabulary order.
    expect(createTypoCorrector(['cart', 'cart', 'card']).correct('carx')).toBe('cart');
    expect(createTypoCorrector(['card', 'cart', 'cart']).correct('carx')).toBe('cart');
  });

  it('never corrects into words of one or two letters', () => {
    expect(createTypoCorrector(['do', 'is']).correct('dog')).toBe('dog');
  });

  it('keeps its list of protected common words a real list (a few hundred words)', () => {
    expect(COMMON_WORDS.size).toBeGreaterThan(300);
    expect(COMMON_WORDS.size).toBeLessThan(600);
    for (const w of ['the', 'older', 'want', 'four', 'your', 'were']) expect(COMMON_WORDS.has(w)).toBe(true);
  });

  it('gives the same answer from the cache as the first time', () => {
    const d = createTypoCorrector(vocab);
    const first = ['cancle', 'xyzzy', 'myorder'].map((w) => d.correct(w));
    const second = ['cancle', 'xyzzy', 'myorder'].map((w) => d.correct(w));
    expect(second).toEqual(first);
  });
});
