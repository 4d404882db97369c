import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/core/runtime/matcher/index.ts';
import { stem } from '../../../src/core/runtime/matcher/stem.ts';

describe('normalize', () => {
  it.each([
    // case, Unicode NFKC (full-width letters, full-width comma), typographic apostrophe
    ['WHERE IS MY ORDER', 'where is my order'],
    ['Ｗｈｅｒｅ ｉｓ ｍｙ ｏｒｄｅｒ，ｐｌｅａｓｅ', 'where is my order'],
    ['I’m stuck', 'i am stuck'],
    // punctuation stripped, except inside emails and numbers
    ['where?!... is (my) order', 'where is my order'],
    ['send it to bob.smith@example.com.', 'send it to bob.smith@example.com'],
    ['it cost 12.50, not 1,000 on 12/03/2024', 'it cost 12.50 not 1,000 on 12/03/2024'],
    ['call 555-1234', 'call 555-1234'],
    // letter runs longer than two collapse to two
    ['whereee is my orderrrr', 'wheree is my orderr'],
    ['pleeeease cancel', 'cancel'],
    // contractions, with and without the apostrophe
    ["I don't have it", 'i do not have it'],
    ['I dont have it', 'i do not have it'],
    ["it's late and I can't wait", 'it is late and i can not wait'],
    ['im waiting, whats up', 'i am waiting what is up'],
    ["they've sent the order's box", 'they have sent the order box'],
    ['i wanna cancel', 'i want to cancel'],
    ['my order id is 42', 'my order id is 42'],
    // politeness and filler stripped
    ['Hi! Could you please tell me where my order is? Thank you so much', 'tell me where my order is'],
    ['Dear Sir or Madam, I would like to know my refund status. Kind regards', 'know my refund status'],
    ['um, well, I just want to cancel, sorry', 'i want to cancel'],
    ['Good morning, I was wondering if you could reset my password', 'reset my password'],
    ['ok so can you cancel it', 'cancel it'],
    ['thx pls cancel', 'cancel'],
    // content words are not filler: "well" and "right" mid-clause, "help", "no", "repeat"
    ['the lamp does not work well', 'the lamp does not work well'],
    ['is that the right address', 'is that the right address'],
    ['can you help me', 'help me'],
    ['no, repeat that', 'no repeat that'],
    ['what can you do', 'what can you do'],
    // a text made only of politeness keeps it (a flow may have a greeting or thanks intent)
    ['thank you', 'thank you'],
    ['Hello!', 'hello'],
    ['ok, thanks', 'ok'],
    ['', ''],
    ['?!', ''],
  ])('%j -> %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('is idempotent on its own output', () => {
    for (const t of ['Hi, could you pls check where my parcel is?', "I'd like to cancel — thanks!", 'whereee is it']) {
      const once = normalize(t);
      // Letter runs collapse to two, which a second pass keeps; fillers are already gone.
      expect(normalize(once)).toBe(once);
    }
  });
});

describe('normalize (properties)', () => {
  const word = fc.constantFrom(
    'please', 'ok', 'thanks', 'thank', 'you', "don't", 'dont', 'well', 'so', 'I', 'would', 'like', 'to', 'cancel',
    'my', 'order', 'hi', 'can', 'could', 'help', 'bob@x.com', "it's", 'u', 'ty', 'just', 'right', 'sooo', 'Über',
  );

  it('is idempotent within a clause, even when removing one filler joins two others', () => {
    // "would please you help" -> "would you help" would still hold a filler; stripping runs to a fixpoint.
    expect(normalize('would please you help')).toBe('help');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), (ws) => {
        const once = normalize(ws.join(' '));
        expect(normalize(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws and returns single-spaced lowercase text for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (s) => {
        const n = normalize(s);
        expect(n).toBe(n.trim());
        expect(n).not.toMatch(/\s{2}/);
        expect(n).toBe(n.toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('stem', () => {
  it.each([
    ['orders', 'order'], ['ordered', 'order'], ['ordering', 'order'],
    ['refunds', 'refund'], ['refunded', 'refund'],
    ['cancelled', 'cancel'], ['canceled', 'cancel'], ['cancelling', 'cancel'],
    ['shipping', 'ship'], ['shipped', 'ship'],
    ['change', 'chang'], ['changed', 'chang'], ['changing', 'chang'],
    ['addresses', 'address'], ['address', 'address'],
    ['deliveries', 'delivery'], ['status', 'status'], ['hours', 'hour'],
    ['called', 'call'], ['thing', 'thing'], ['box', 'box'],
  ])('%s -> %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});
