import { FlowstressError } from '../../errors.ts';

/** A pattern entity (see EntitySpec in flow/types.ts). */
export interface PatternSpec {
  pattern: string;
  example: string;
  ignoreSeparators?: boolean;
}

/** Longest run of tokens tried as one candidate ("ORD 123 456" typed with spaces). */
const MAX_SPAN = 8;
const EDGE_PUNCT = /^[\s"'“”‘’()[\]{}<>.,;:!?#*]+|[\s"'“”‘’()[\]{}<>.,;:!?#*]+$/g;

/** The canonical case: the example's, when the example is all upper or all lower case; else as typed. */
function caseLike(value: string, example: string): string {
  if (!/\p{L}/u.test(example)) return value;
  if (example === example.toUpperCase()) return value.toUpperCase();
  if (example === example.toLowerCase()) return value.toLowerCase();
  return value;
}

function compile(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'i');
  } catch (e) {
    throw new FlowstressError('FS009', `The pattern /${pattern}/ is not a valid regular expression: fix the question's entity.`, e);
  }
}

/**
 * Values of a pattern entity inside `text`: every run of whitespace-separated tokens (edge punctuation
 * trimmed) that the pattern matches in full, case-insensitively. With `ignoreSeparators`, spaces and dashes
 * are removed from a candidate before matching ("ord - 123 45" -> "ord12345"); without it the candidate is
 * tested as typed. Longer runs win over the runs inside them; the result lists the distinct canonical values
 * left to right (case follows the example's case).
 *
 * @example
 * findPatternValues({ pattern: 'ORD-\\d{5}', example: 'ORD-12345' }, 'it is ord-12345.') // ["ORD-12345"]
 */
export function findPatternValues(spec: PatternSpec, text: string): string[] {
  const re = compile(spec.pattern);
  const raw = text.normalize('NFKC').split(/\s+/).filter((t) => t.length > 0);
  const tokens = raw.map((t) => t.replace(EDGE_PUNCT, ''));
  const hits: { start: number; end: number; value: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i; j < Math.min(tokens.length, i + MAX_SPAN); j++) {
      if (tokens[j] === '' && j > i) break;
      const joined = tokens.slice(i, j + 1).join(' ');
      const candidates = [spec.ignoreSeparators ? joined.replace(/[\s-]+/g, '') : joined];
      // A lone token is also tried untrimmed, for patterns that include punctuation ("#\d+").
      if (i === j && raw[i] !== tokens[i]) candidates.push(spec.ignoreSeparators ? raw[i].replace(/-+/g, '') : raw[i]);
      const hit = candidates.find((c) => c.length > 0 && re.test(c));
      if (hit !== undefined) hits.push({ start: i, end: j + 1, value: caseLike(hit, spec.example) });
    }
  }
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: typeof hits = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  kept.sort((a, b) => a.start - b.start);
  return [...new Set(kept.map((k) => k.value))];
}
