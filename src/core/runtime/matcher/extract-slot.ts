import type { ChoiceOption, EntitySpec, MatcherSettings } from '../../flow/types.ts';
import { findDates, isDateLookalike } from './find-dates.ts';
import { findEmails } from './find-emails.ts';
import { findNumbers, formatNumber } from './find-numbers.ts';
import { findPatternValues } from './find-pattern-values.ts';
import { findPhones } from './find-phones.ts';
import { buildOptionMatcher } from './option-matcher.ts';
import { readYesNo } from './read-yes-no.ts';
import type { OptionMatcher, SlotExtraction } from './types.ts';

/**
 * Option matchers for choice questions, built once per options list and settings (building one costs
 * ~150 µs, a match a few). Keyed weakly on the list, so a flow's matchers go when the flow goes; flows are
 * treated as immutable while they run.
 */
const choiceMatchers = new WeakMap<readonly ChoiceOption[], Map<string, OptionMatcher>>();

function choiceMatcher(options: readonly ChoiceOption[], settings: MatcherSettings): OptionMatcher {
  let bySettings = choiceMatchers.get(options);
  if (!bySettings) choiceMatchers.set(options, (bySettings = new Map()));
  const key = `${settings.threshold}|${settings.margin}|${settings.typoTolerance}`;
  let m = bySettings.get(key);
  if (!m) {
    m = buildOptionMatcher(options.map((o) => ({ id: o.value, label: o.value, synonyms: o.synonyms })), settings);
    bySettings.set(key, m);
  }
  return m;
}

/** How a choice answer matches its options (option value or null, and the score), with the cached matcher. */
export function choiceOptionMatch(options: readonly ChoiceOption[], settings: MatcherSettings, text: string): { option: string | null; score: number } {
  return choiceMatcher(options, settings).match(text.trim());
}

const ok = (value: string): SlotExtraction => ({ ok: true, value });
const fail = (reason: 'empty' | 'no_value' | 'invalid'): SlotExtraction => ({ ok: false, reason });

/** One value: ok; none: `none`; several different ones: invalid (the bot should ask again, not guess). */
function single(values: readonly string[], none: 'no_value' | 'invalid' = 'no_value'): SlotExtraction {
  const distinct = [...new Set(values)];
  if (distinct.length === 0) return fail(none);
  return distinct.length === 1 ? ok(distinct[0]) : fail('invalid');
}

/** Whether a number satisfies a number entity's constraints. */
export function numberFits(n: number, spec: { min?: number; max?: number; integer?: boolean }): boolean {
  if (spec.integer && !Number.isInteger(n)) return false;
  if (spec.min !== undefined && n < spec.min) return false;
  if (spec.max !== undefined && n > spec.max) return false;
  return true;
}

/**
 * Validates an answer to a question node and returns the slot's canonical value.
 *
 * Reasons: `empty` (blank answer), `no_value` (nothing of the entity's kind in it), `invalid` (a value of
 * the kind that breaks a rule: out of range, an impossible date, several different values).
 *
 * - text: any non-empty answer, whitespace collapsed; `minWords` counts words with a letter or digit.
 * - number: digits or number words; `min`, `max`, `integer`. Canonical "1000", "2.5".
 * - email: lenient on surrounding words; lowercased.
 * - phone: 7-15 digits, with spaces, dashes, dots, parentheses, "+"; canonical "+" and digits.
 * - date: see find-dates.ts for the forms; a question about something else that mentions a date ("is it
 *   going to rain tomorrow?") is a slot look-alike and gives `no_value`.
 * - date, `strict`: only an ISO date as the whole answer.
 * - yes_no: "yes" or "no" from many synonyms; a hedge ("not sure") gives `no_value`, both gives `invalid`.
 * - yes_no, `strict`: only "yes" or "no" as the whole answer.
 * - choice: the option's value, by value or synonym contained in the answer, its position, or fuzzily
 *   (typo tolerance applies), through the option matcher.
 * - pattern: see find-pattern-values.ts.
 *
 * @example
 * extractSlot({ type: 'email' }, "it's bob@x.com thanks", DEFAULT_SETTINGS.matcher) // { ok: true, value: 'bob@x.com' }
 * extractSlot({ type: 'number', max: 10 }, 'twelve', DEFAULT_SETTINGS.matcher) // { ok: false, reason: 'invalid' }
 */
export function extractSlot(entity: EntitySpec, text: string, settings: MatcherSettings): SlotExtraction {
  const trimmed = text.trim();
  if (trimmed.length === 0) return fail('empty');
  switch (entity.type) {
    case 'text': {
      const words = trimmed.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
      if (words.length === 0) return fail('no_value');
      if (entity.minWords !== undefined && words.length < entity.minWords) return fail('invalid');
      return ok(trimmed.replace(/\s+/g, ' '));
    }
    case 'number': {
      const found = single(findNumbers(trimmed).map(formatNumber));
      if (!found.ok) return found;
      return numberFits(Number(found.value), entity) ? found : fail('invalid');
    }
    case 'email':
      return single(findEmails(trimmed), trimmed.includes('@') ? 'invalid' : 'no_value');
    case 'phone':
      return single(findPhones(trimmed), /\d/.test(trimmed) ? 'invalid' : 'no_value');
    case 'date': {
      if (entity.strict) {
        const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed.replace(/[.!]+$/, ''));
        if (!iso) return fail(/\d/.test(trimmed) ? 'invalid' : 'no_value');
        const d = findDates(iso[0]);
        return d.length === 1 && !d[0].invalid ? ok(d[0].value) : fail('invalid');
      }
      const dates = findDates(trimmed, { abbreviations: true });
      if (dates.length === 0 || isDateLookalike(trimmed, dates)) return fail('no_value');
      return single(dates.filter((d) => !d.invalid).map((d) => d.value), 'invalid');
    }
    case 'yes_no': {
      if (entity.strict) {
        const word = trimmed.toLowerCase().replace(/[.!]+$/, '');
        return word === 'yes' || word === 'no' ? ok(word) : fail('no_value');
      }
      const yn = readYesNo(trimmed, settings.typoTolerance);
      if (yn === null) return fail('no_value');
      return yn === 'mixed' ? fail('invalid') : ok(yn);
    }
    case 'choice': {
      const m = choiceMatcher(entity.options, settings).match(trimmed);
      return m.option === null ? fail('no_value') : ok(m.option);
    }
    case 'pattern':
      return single(findPatternValues(entity, trimmed), /\p{N}/u.test(trimmed) ? 'invalid' : 'no_value');
  }
}
