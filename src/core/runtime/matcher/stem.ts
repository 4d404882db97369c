const VOWEL = /[aeiouy]/;

/** Undoes a doubled final consonant left by suffix removal ("shipping" -> "shipp" -> "ship"). */
function undouble(s: string): string {
  const n = s.length;
  if (n < 3 || s[n - 1] !== s[n - 2] || /[aeiousz]/.test(s[n - 1])) return s;
  // "called" keeps its "ll" ("call"); "cancelled" and "travelled" lose one ("cancel", "travel").
  if (s[n - 1] === 'l' && n < 6) return s;
  return s.slice(0, -1);
}

/**
 * A light English suffix stemmer for the word channel of the matcher: plural and verb endings only
 * (-ies, -es, -s, -ing, -ed), then a final silent "e" so "change", "changed" and "changing" meet. It
 * conflates inflections without Porter's derivational rules, which over-merge short customer-service words.
 *
 * @example
 * stem('refunds') // "refund"; stem('cancelled') // "cancel"; stem('shipping') // "ship"
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\p{N}/u.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (/(ss|sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  else if (w.endsWith('ing') && w.length >= 6 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length >= 5 && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));
  if (w.length > 4 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}
