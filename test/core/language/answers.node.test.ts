import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/flow/types.ts';
import { parseCustomerMessages } from '../../../src/core/language/customer-messages.ts';
import { addDays, SIM_TODAY, spokenDate, spokenNumber } from '../../../src/core/personas/value-forms.ts';
import { PERSONA_IDS } from '../../../src/core/personas/types.ts';
import { extractSlot } from '../../../src/core/runtime/matcher/index.ts';
import { findDates } from '../../../src/core/runtime/matcher/find-dates.ts';
import { readYesNo } from '../../../src/core/runtime/matcher/read-yes-no.ts';
import { createRng } from '../../../src/core/simulate/random.ts';

const M = DEFAULT_SETTINGS.matcher;

describe('spokenDate: dates in the forms people use', () => {
  it('every form names the same day as the fact (read back through findDates, relative to SIM_TODAY)', () => {
    const weekday = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
    for (const persona of PERSONA_IDS) {
      const rng = createRng('dates', persona);
      for (let i = 0; i < 400; i++) {
        const iso = addDays(SIM_TODAY, rng.between(-20, 40));
        const said = spokenDate(iso, persona, rng);
        const found = findDates(said, { abbreviations: true });
        expect(found, said).toHaveLength(1);
        const v = found[0].value;
        const d = new Date(`${iso}T00:00:00Z`);
        const [, mm, dd] = iso.split('-');
        const offset = Math.round((d.getTime() - new Date(`${SIM_TODAY}T00:00:00Z`).getTime()) / 86_400_000);
        const ok =
          v === iso ||
          v === `--${mm}-${dd}` ||
          v === `---${dd}` ||
          (v === 'tomorrow' && offset === 1) ||
          (v === 'yesterday' && offset === -1) ||
          (v === 'today' && offset === 0) ||
          (v === 'day after tomorrow' && offset === 2) ||
          v.replace(/^(next|last) /, '') === weekday[d.getUTCDay()];
        expect(ok, `${iso} said as "${said}" read as ${v}`).toBe(true);
      }
    }
  });

  it('varies the form: no persona writes ISO dates more than a small minority of the time', () => {
    for (const persona of PERSONA_IDS) {
      const rng = createRng('iso-share', persona);
      let iso = 0;
      const forms = new Set<string>();
      for (let i = 0; i < 1000; i++) {
        const said = spokenDate(addDays(SIM_TODAY, rng.between(1, 40)), persona, rng);
        if (/^\d{4}-\d{2}-\d{2}$/.test(said)) iso++;
        forms.add(said.replace(/\d+/g, '#').replace(/(January|February|March|April|May|June|July|August|September|October|November|December)/, 'M').replace(/(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)/, 'W'));
      }
      expect(iso / 1000, persona).toBeLessThan(0.1);
      expect(forms.size, persona).toBeGreaterThanOrEqual(4);
    }
  });

  it('a strict (ISO-only) date question rejects most of what people type; the default accepts it', () => {
    const rng = createRng('strict-date');
    let strictOk = 0;
    let lenientOk = 0;
    for (let i = 0; i < 500; i++) {
      const said = spokenDate(addDays(SIM_TODAY, rng.between(1, 40)), PERSONA_IDS[i % 4], rng);
      if (extractSlot({ type: 'date', strict: true }, said, M).ok) strictOk++;
      if (extractSlot({ type: 'date' }, said, M).ok) lenientOk++;
    }
    expect(lenientOk).toBe(500);
    expect(strictOk / 500).toBeLessThan(0.15);
  });
});

describe('strict yes/no', () => {
  it('takes only "yes" or "no"; the default reads hedges', () => {
    expect(extractSlot({ type: 'yes_no', strict: true }, 'Yes', M)).toEqual({ ok: true, value: 'yes' });
    expect(extractSlot({ type: 'yes_no', strict: true }, 'no.', M)).toEqual({ ok: true, value: 'no' });
    expect(extractSlot({ type: 'yes_no', strict: true }, 'yeah go ahead', M).ok).toBe(false);
    for (const [text, want] of [['yeah go ahead', 'yes'], ['I think so', 'yes'], ['not really', 'no'], ['probably not', 'no'], ['I guess so', 'yes']] as const) {
      expect(readYesNo(text, true), text).toBe(want);
    }
  });
});

describe('spokenNumber', () => {
  it('writes money with a currency and keeps other numbers as digits', () => {
    const rng = createRng('money');
    const said = new Set(Array.from({ length: 50 }, () => spokenNumber('45', 'payment_amount', 'elderly', rng)));
    expect([...said].some((s) => s.startsWith('£'))).toBe(true);
    for (const s of said) expect(extractSlot({ type: 'number' }, s, M)).toEqual({ ok: true, value: '45' });
    expect(spokenNumber('3', 'guests', 'elderly', rng)).toBe('3');
  });
});

describe('findDates', () => {
  it('reads "the 12th" as a day of the month (gDay) and keeps "the 12th of March" whole', () => {
    expect(findDates('on the 12th please').map((d) => d.value)).toEqual(['---12']);
    expect(findDates('the 12th of March').map((d) => d.value)).toEqual(['--03-12']);
    expect(findDates('the 40th').map((d) => d.invalid)).toEqual([true]);
  });
});

describe('parseCustomerMessages', () => {
  it('reads CSV with quoted fields and any column order', () => {
    const r = parseCustomerMessages('intent,text\ncard_not_arrived,"my card never came, it\'s been 2 weeks"\nchange_pin,"how do i change my ""pin"""\n');
    expect(r).toEqual({ ok: true, messages: [
      { text: "my card never came, it's been 2 weeks", intent: 'card_not_arrived' },
      { text: 'how do i change my "pin"', intent: 'change_pin' },
    ] });
  });
  it('reads JSON arrays and {messages: [...]}', () => {
    expect(parseCustomerMessages('[{"text":"a b","intent":"x"}]')).toEqual({ ok: true, messages: [{ text: 'a b', intent: 'x' }] });
    expect(parseCustomerMessages('{"messages":[{"text":"a b","intent":"x"}]}').ok).toBe(true);
  });
  it.each([
    ['text;intent\n', /needs a header row and at least one message/],
    ['message,category\nhello,x\n', undefined],
    ['words,label\nhello,x\n', /names no "text" column/],
    ['[{"text": 5, "intent": "x"}]', /item 0 is not an object/],
    ['{"nope": 1}', /neither an array/],
    ['[{"text": "a"', /does not parse/],
    ['text,intent\n"",x\n', /row 2 has an empty text/],
  ])('%j -> numbered error FS105 %s', (input, message) => {
    const r = parseCustomerMessages(input);
    if (message === undefined) {
      expect(r.ok).toBe(true);
      return;
    }
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('FS105');
      expect(r.error.message).toMatch(message);
    }
  });
});
