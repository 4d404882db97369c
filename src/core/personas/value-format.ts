import type { EntitySpec } from '../flow/types.ts';
import type { Rng } from '../simulate/random.ts';

/**
 * How a customer writes an identifier they were given in canonical form ("AB123456"). These are not typing
 * errors: the value is the same, written the way people copy it from an email or a parcel label. A strict
 * pattern rejects some of these forms; a lenient one (ignoreSeparators) accepts them. Which is exactly the
 * difference between a first draft and a fixed flow that a stress test has to show.
 *
 * Sources: persona-realism.md §2.5 (value forms "12 34 56", "123-456"; elderly §4.1 "groups of digits").
 * The rates below are design defaults anchored to those notes, not measured frequencies.
 */
export type ValueVariant = 'spaced' | 'dashed' | 'hash' | 'lowercase';

export interface ValueFormatHabits {
  /** Probability that this customer writes identifiers in their own way (drawn once per conversation). */
  rate: number;
  /** Relative weights of the forms used by such a customer. */
  variants: Readonly<Record<ValueVariant, number>>;
  /**
   * After the bot rejected the value without showing the expected form, probability of typing it the same
   * way again (people retype what they believe is right; an example in the reprompt breaks the habit).
   */
  repeatAfterReject: number;
}

const VARIANTS: readonly ValueVariant[] = ['spaced', 'dashed', 'hash', 'lowercase'];

/** Entities whose values people write in several ways. Emails, numbers and dates have their own parsers. */
export function isFormattable(entity: EntitySpec | undefined): boolean {
  return entity?.type === 'pattern' || entity?.type === 'phone';
}

/** Draws the habit of one customer: a variant, or null for someone who types the canonical form. */
export function drawValueHabit(habits: ValueFormatHabits, rng: Rng): ValueVariant | null {
  if (!rng.chance(habits.rate)) return null;
  return VARIANTS[rng.weightedIndex(VARIANTS.map((v) => habits.variants[v]))];
}

function groupDigits(digits: string, sep: string): string {
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.join(sep);
}

/**
 * Writes `value` in the given form. Letters and digits are split at their boundary and long digit runs are
 * grouped by three ("AB123456" -> "AB 123 456", "AB-123-456"). Values with no digits are left alone.
 */
export function formatValue(value: string, variant: ValueVariant): string {
  if (!/\d/.test(value)) return value;
  switch (variant) {
    case 'lowercase':
      return value.toLowerCase();
    case 'hash':
      return value.startsWith('#') ? value : `#${value}`;
    case 'spaced':
    case 'dashed': {
      const sep = variant === 'spaced' ? ' ' : '-';
      const m = /^([A-Za-z]*)(\d+)([A-Za-z]*)$/.exec(value);
      if (!m) return value;
      const [, head, digits, tail] = m;
      const body = digits.length > 4 ? groupDigits(digits, sep) : digits;
      return [head, body, tail].filter((p) => p.length > 0).join(sep);
    }
  }
}
