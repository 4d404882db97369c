import { basicTokens } from './normalize.ts';

// Digits standing alone: not glued to letters ("2nd", "5pm", "ord123") and not part of a date, phone or
// version ("12/03", "555-1234", "1.2.3"). Thousands with commas ("1,000") and decimals ("2.5") allowed.
const DIGITS_RE = /(?<![\p{L}\p{N}.,/:-])(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\p{L}\p{N}]|[.,/:-]\p{N})/gu;

const UNITS: Record<string, number> = {
  zero: 0, none: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, dozen: 12,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/**
 * Every number in `text`, in order: digits ("3", "1,000", "2.5", "-4") and number words from zero to
 * ninety-nine ("three", "twenty five", "twenty-five", "a dozen").
 *
 * @example
 * findNumbers('two adults and 3 kids') // [2, 3]
 */
export function findNumbers(text: string): number[] {
  const folded = text.normalize('NFKC').toLowerCase();
  const out: number[] = [];
  for (const m of folded.matchAll(DIGITS_RE)) {
    const whole = Number(m[2].replaceAll(',', ''));
    const value = m[3] !== undefined ? Number(`${whole}.${m[3]}`) : whole;
    out.push(m[1] === '-' ? -value : value);
  }
  const words = basicTokens(folded);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (Object.hasOwn(TENS, w)) {
      const next = words[i + 1];
      if (next !== undefined && Object.hasOwn(UNITS, next) && UNITS[next] >= 1 && UNITS[next] <= 9) {
        out.push(TENS[w] + UNITS[next]);
        i++;
      } else out.push(TENS[w]);
    } else if (Object.hasOwn(UNITS, w)) out.push(UNITS[w]);
  }
  return out;
}

/** A number as a canonical slot value: no thousands separators, no trailing zeros ("1000", "2.5"). */
export function formatNumber(n: number): string {
  return String(n);
}
