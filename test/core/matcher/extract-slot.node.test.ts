import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type EntitySpec } from '../../../src/core/flow/types.ts';
import { FlowstressError } from '../../../src/core/errors.ts';
import { extractSlot, findSlotValue, type SlotExtraction } from '../../../src/core/runtime/matcher/index.ts';

const ON = { ...DEFAULT_SETTINGS.matcher, typoTolerance: true };
const OFF = { ...DEFAULT_SETTINGS.matcher, typoTolerance: false };
type Row = [text: string, expected: string | 'empty' | 'no_value' | 'invalid'];

/** Runs an accept/reject table: a value means accepted with that canonical value. */
function table(entity: EntitySpec, rows: Row[], settings = ON): void {
  it.each(rows)('%j -> %s', (text, expected) => {
    const r: SlotExtraction = extractSlot(entity, text, settings);
    if (expected === 'empty' || expected === 'no_value' || expected === 'invalid') {
      expect(r).toEqual({ ok: false, reason: expected });
    } else {
      expect(r).toEqual({ ok: true, value: expected });
    }
  });
}

describe('extractSlot: text', () => {
  table({ type: 'text' }, [
    ['  my lamp is broken  ', 'my lamp is broken'],
    ['a\n\nb', 'a b'],
    ['   ', 'empty'],
    ['', 'empty'],
    ['?!', 'no_value'],
  ]);
  describe('minWords', () => {
    table({ type: 'text', minWords: 3 }, [
      ['the lamp flickers', 'the lamp flickers'],
      ['broken lamp', 'invalid'],
      ['broken - lamp', 'invalid'],
    ]);
  });
});

describe('extractSlot: number', () => {
  table({ type: 'number' }, [
    ['3', '3'],
    ['I need 3 please', '3'],
    ['three', '3'],
    ['twenty', '20'],
    ['twenty-five', '25'],
    ['twenty five of them', '25'],
    ['1,000', '1000'],
    ['2.5', '2.5'],
    ['-4', '-4'],
    ['a dozen', '12'],
    ['2 or 3', 'invalid'],
    ['two, I mean 2', '2'],
    ['some', 'no_value'],
    ['the 2nd', 'no_value'],
    ['at 5pm', 'no_value'],
  ]);
  describe('min / max / integer', () => {
    table({ type: 'number', min: 1, max: 10, integer: true }, [
      ['10', '10'],
      ['1', '1'],
      ['0', 'invalid'],
      ['eleven', 'invalid'],
      ['2.5', 'invalid'],
    ]);
  });
});

describe('extractSlot: email', () => {
  table({ type: 'email' }, [
    ["it's bob@x.com thanks", 'bob@x.com'],
    ['Bob.Smith+shop@Example.co.uk.', 'bob.smith+shop@example.co.uk'],
    ['<ann@mail.org>', 'ann@mail.org'],
    ['bob@x', 'invalid'],
    ['bob@@x.com', 'invalid'],
    ['.bob@x.com', 'invalid'],
    ['a@b.com or c@d.com', 'invalid'],
    ['I do not have one', 'no_value'],
  ]);
});

describe('extractSlot: phone', () => {
  table({ type: 'phone' }, [
    ['555 1234', '5551234'],
    ['my number is 555-123-4567 ok', '5551234567'],
    ['(020) 7946 0958', '02079460958'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 (555) 123.4567', '+15551234567'],
    ['12345', 'invalid'], // 5 digits: too short
    ['1234567890123456', 'invalid'], // 16 digits: too long
    ['555 1234 or 555 9876', 'invalid'],
    ['I would rather not say', 'no_value'],
  ]);
});

describe('extractSlot: date', () => {
  table({ type: 'date' }, [
    ['2024-03-12', '2024-03-12'],
    ['12/03/2024', '2024-03-12'], // both parts could be a month: day first
    ['3/25/24', '2024-03-25'], // 25 cannot be a month: month first
    ['25.12.2024', '2024-12-25'],
    ['12/03', '--03-12'],
    ['12 March', '--03-12'],
    ['the 12th of March, 2025', '2025-03-12'],
    ['March 12th', '--03-12'],
    ['on Dec 1', '--12-01'],
    ['29 Feb', '--02-29'],
    ['today', 'today'],
    ['Tomorrow please', 'tomorrow'],
    ['yesterday', 'yesterday'],
    ['the day after tomorrow', 'day after tomorrow'],
    ['friday', 'friday'],
    ['this Friday', 'friday'],
    ['next friday', 'next friday'],
    ['last Monday', 'last monday'],
    ['sat', 'saturday'],
    ['how about tomorrow?', 'tomorrow'],
    ['can you deliver on friday?', 'friday'],
    ['31/02/2024', 'invalid'],
    ['32 March', 'invalid'],
    ['29/02/2023', 'invalid'],
    ['tomorrow or friday', 'invalid'],
    ['is it going to rain tomorrow?', 'no_value'], // a slot look-alike, not an answer
    ['what is the weather like on friday?', 'no_value'],
    ['whenever', 'no_value'],
    ['it costs 3.5', 'no_value'],
  ]);
});

describe('extractSlot: yes_no', () => {
  table({ type: 'yes_no' }, [
    ['yes', 'yes'],
    ['Yeah', 'yes'],
    ['yep', 'yes'],
    ['sure!', 'yes'],
    ["that's right", 'yes'],
    ['correct', 'yes'],
    ['yesss', 'yes'],
    ['no problem', 'yes'],
    ['y', 'yes'],
    ['no', 'no'],
    ['nope', 'no'],
    ['nah', 'no'],
    ["that's not right", 'no'],
    ['not correct', 'no'],
    ["I don't think so", 'no'],
    ['no thanks', 'no'],
    ['noooo', 'no'],
    ['n', 'no'],
    ['not sure', 'no_value'],
    ["I don't know", 'no_value'],
    ['maybe', 'no_value'],
    ['I need a note', 'no_value'],
    ['my order', 'no_value'],
    ['yes no', 'invalid'],
  ]);
  it('corrects typos only when typo tolerance is on', () => {
    expect(extractSlot({ type: 'yes_no' }, 'yse', ON)).toEqual({ ok: true, value: 'yes' });
    expect(extractSlot({ type: 'yes_no' }, 'yse', OFF)).toEqual({ ok: false, reason: 'no_value' });
    expect(extractSlot({ type: 'yes_no' }, 'corect', ON)).toEqual({ ok: true, value: 'yes' });
  });
});

describe('extractSlot: choice', () => {
  const size: EntitySpec = {
    type: 'choice',
    options: [{ value: 'small' }, { value: 'medium', synonyms: ['regular', 'normal size'] }, { value: 'large', synonyms: ['big'] }],
  };
  table(size, [
    ['small', 'small'],
    ['Large please', 'large'],
    ['a regular one', 'medium'],
    ['normal size is fine', 'medium'],
    ['the big one', 'large'],
    ['the second one', 'medium'],
    ['meduim', 'medium'], // typo tolerance on
    ['whatever you have', 'no_value'],
  ]);
  it('does not correct typos when typo tolerance is off', () => {
    expect(extractSlot(size, 'meduim', OFF)).toEqual({ ok: false, reason: 'no_value' });
  });
});

describe('extractSlot: pattern', () => {
  describe('strict (separators kept)', () => {
    table({ type: 'pattern', pattern: 'ORD-\\d{5}', example: 'ORD-12345' }, [
      ['ORD-12345', 'ORD-12345'],
      ["it's ord-12345.", 'ORD-12345'], // case-insensitive; canonical case follows the example
      ['(ORD-12345)', 'ORD-12345'],
      ['ORD 12345', 'invalid'],
      ['ORD12345', 'invalid'],
      ['ORD-1234', 'invalid'],
      ['ORD-12345 and ORD-54321', 'invalid'],
      ['I lost it', 'no_value'],
    ]);
  });
  describe('ignoreSeparators', () => {
    table({ type: 'pattern', pattern: 'ORD\\d{5}', example: 'ORD12345', ignoreSeparators: true }, [
      ['ORD 12345', 'ORD12345'],
      ['ord-123-45', 'ORD12345'],
      ['it is ORD - 123 45 thanks', 'ORD12345'],
      ['ORD 1234', 'invalid'],
    ]);
  });
  it('matches a pattern spanning two tokens, with its own spacing when strict', () => {
    const postcode: EntitySpec = { type: 'pattern', pattern: '[a-z]{1,2}\\d[a-z\\d]? \\d[a-z]{2}', example: 'SW1A 1AA' };
    expect(extractSlot(postcode, 'my postcode is sw1a 1aa, thanks', ON)).toEqual({ ok: true, value: 'SW1A 1AA' });
    expect(extractSlot(postcode, 'SW1A1AA', ON)).toEqual({ ok: false, reason: 'invalid' });
  });
  it('throws FS009 on a pattern that is not a regular expression', () => {
    expect(() => extractSlot({ type: 'pattern', pattern: '(', example: 'x' }, 'x', ON)).toThrow(FlowstressError);
    expect(() => extractSlot({ type: 'pattern', pattern: '(', example: 'x' }, 'x', ON)).toThrow(/FS009/);
  });
});

describe('findSlotValue', () => {
  const order: EntitySpec = { type: 'pattern', pattern: 'ORD-\\d{5}', example: 'ORD-12345' };
  it.each<[EntitySpec, string, string | null]>([
    [order, 'hi, where is ord-55555? it was a gift', 'ORD-55555'],
    [order, 'where is my order', null],
    [order, 'ORD-11111 or ORD-22222', null],
    [{ type: 'email' }, 'cancel it and email me at ann@mail.org please', 'ann@mail.org'],
    [{ type: 'phone' }, 'call me back on 0123 456 789 after five', '0123456789'],
    [{ type: 'phone' }, 'I ordered it on 2024-03-12', null],
    [{ type: 'number', max: 10 }, 'I would like 3 of the blue ones', '3'],
    [{ type: 'number', max: 10 }, 'I would like 30 of the blue ones', null],
    [{ type: 'number' }, 'I have 2 kids and 3 dogs', null],
    [{ type: 'date' }, 'can you deliver it next friday instead', 'next friday'],
    [{ type: 'date' }, 'I ordered it on 12 March and it never came', '--03-12'],
    [{ type: 'date' }, 'is it going to rain tomorrow?', null],
    [{ type: 'date' }, 'I sat down and waited', null], // abbreviations only count in direct answers
    [{ type: 'text' }, 'anything at all', null],
    [{ type: 'yes_no' }, 'yes cancel it', null],
    [{ type: 'choice', options: [{ value: 'small' }] }, 'a small problem', null],
  ])('%j in %j -> %j', (entity, text, expected) => {
    expect(findSlotValue(entity, text)).toBe(expected);
  });
});
