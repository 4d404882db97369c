// A run of digits joined by spaces, dashes, dots or parentheses, optionally after "+".
const PHONE_RE = /\+?\(?\d[\d\s().-]*\d\)?/g;
// Shapes that are dates, not phone numbers.
const DATE_SHAPES = [/^\d{4}-\d{1,2}-\d{1,2}$/, /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/];

/** E.164 allows at most 15 digits; 7 is the shortest local number still dialled in many countries. */
export const PHONE_DIGITS = { min: 7, max: 15 } as const;

export interface PhoneCandidate {
  /** "+" (when typed) followed by the digits only. */
  value: string;
  digits: number;
}

/**
 * Digit runs that could be phone numbers, with their canonical form; callers check the digit count against
 * {@link PHONE_DIGITS}.
 *
 * @example
 * findPhoneCandidates('call me on +44 (20) 7946-0958 please') // [{ value: '+442079460958', digits: 12 }]
 */
export function findPhoneCandidates(text: string): PhoneCandidate[] {
  const out: PhoneCandidate[] = [];
  for (const m of text.normalize('NFKC').matchAll(PHONE_RE)) {
    const raw = m[0].trim();
    if (DATE_SHAPES.some((r) => r.test(raw))) continue;
    const digits = raw.replace(/\D/g, '');
    out.push({ value: (raw.startsWith('+') ? '+' : '') + digits, digits: digits.length });
  }
  return out;
}

/** Canonical phone numbers (7 to 15 digits) inside `text`. */
export function findPhones(text: string): string[] {
  return findPhoneCandidates(text)
    .filter((c) => c.digits >= PHONE_DIGITS.min && c.digits <= PHONE_DIGITS.max)
    .map((c) => c.value);
}
