import type { EntitySpec } from '../../flow/types.ts';
import { numberFits } from './extract-slot.ts';
import { findDates, isDateLookalike } from './find-dates.ts';
import { findEmails } from './find-emails.ts';
import { findNumbers, formatNumber } from './find-numbers.ts';
import { findPatternValues } from './find-pattern-values.ts';
import { findPhones } from './find-phones.ts';

/** The one distinct value, or null when there is none or the utterance holds several (do not guess). */
function one(values: readonly string[]): string | null {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : null;
}

/**
 * Finds a value the customer volunteered inside a longer utterance ("cancel ORD-12345, it was a gift"), for
 * a question asked later. Only entity types that can be spotted reliably: pattern, email, phone, number
 * (in range), date (full weekday and month names only, no slot look-alikes). Null for text, yes_no and
 * choice, whose values are too vague to pick out of unrelated words, and whenever several different values
 * appear.
 *
 * @example
 * findSlotValue({ type: 'pattern', pattern: 'ORD-\\d{5}', example: 'ORD-12345' }, 'where is ord-55555?') // "ORD-55555"
 */
export function findSlotValue(entity: EntitySpec, text: string): string | null {
  switch (entity.type) {
    case 'pattern':
      return one(findPatternValues(entity, text));
    case 'email':
      return one(findEmails(text));
    case 'phone':
      return one(findPhones(text));
    case 'number': {
      const v = one(findNumbers(text).map(formatNumber));
      return v !== null && numberFits(Number(v), entity) ? v : null;
    }
    case 'date': {
      const dates = findDates(text);
      if (dates.length === 0 || isDateLookalike(text, dates)) return null;
      return one(dates.filter((d) => !d.invalid).map((d) => d.value));
    }
    case 'text':
    case 'yes_no':
    case 'choice':
      return null;
  }
}
