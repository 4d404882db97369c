/**
 * Damerau-Levenshtein distance in its optimal-string-alignment form: insertions, deletions, substitutions and
 * adjacent transpositions each cost 1, and no substring is edited twice. Transpositions count once because
 * they are a common typing slip (research/persona-realism.md section 2.1).
 *
 * Returns `max + 1` as soon as the distance is known to exceed `max`, so callers can scan a vocabulary cheaply.
 *
 * @example
 * osaDistance('oredr', 'order') // 1 (one transposition)
 * osaDistance('adress', 'address', 2) // 1
 */
export function osaDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  // Three rolling rows: i-2, i-1 and i (the transposition needs i-2).
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, prev2[j - 2] + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[lb];
  return d > max ? max + 1 : d;
}

/**
 * Edits allowed for a token of this length, Elasticsearch's `AUTO` fuzziness: 0-2 characters exact, 3-5 one
 * edit, longer two (https://www.elastic.co/guide/en/elasticsearch/reference/current/common-options.html#fuzziness).
 */
export function allowedEdits(length: number): number {
  if (length <= 2) return 0;
  if (length <= 5) return 1;
  return 2;
}
