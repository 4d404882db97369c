import { FlowstressError, formatMessage } from '../../errors.ts';
import { MAX_PATTERN_INPUT, compileSafePattern, patternRisk } from '../../flow/pattern-safety.ts';

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

interface CompiledPattern {
  re: RegExp;
  /** Whether a candidate with a space in it could match: if not, only single tokens are tried. */
  spansWhitespace: boolean;
}

/** Patterns are compiled once: this runs for every question on every customer turn. */
const compiled = new Map<string, CompiledPattern>();

function compile(pattern: string): CompiledPattern {
  let c = compiled.get(pattern);
  if (c) return c;
  // Validation refuses these flows; a caller that skipped it still never runs an unscreened pattern.
  const risk = patternRisk(pattern);
  if (risk !== null) throw new FlowstressError('FS019', formatMessage('FS019', `the pattern /${pattern.slice(0, 80)}/ is refused: ${risk}`));
  const re = compileSafePattern(pattern);
  if (!re) throw new FlowstressError('FS009', `The pattern /${pattern}/ is not a valid regular expression: fix the question's entity.`);
  // Conservative: any construct that can match a space (a literal space, \s, ., a negated class, \W, \D...).
  const spansWhitespace = /\\s|\\W|\\D|\\S|\[\^| |\.|\\x20|\\u0020/.test(pattern);
  c = { re, spansWhitespace };
  compiled.set(pattern, c);
  return c;
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
  const { re, spansWhitespace } = compile(spec.pattern);
  // Without separator folding, a multi-token candidate keeps its spaces and can only match such a pattern.
  const maxSpan = spec.ignoreSeparators || spansWhitespace ? MAX_SPAN : 1;
  const raw = text.normalize('NFKC').split(/\s+/).filter((t) => t.length > 0);
  const tokens = raw.map((t) => t.replace(EDGE_PUNCT, ''));
  const hits: { start: number; end: number; value: string }[] = [];
  // A value typed in pieces is not much longer than its example; longer spans are not tried (single tokens
  // always are), which keeps this linear in practice on long, chatty turns.
  const maxJoined = Math.max(2 * spec.example.length, spec.example.length + 8);
  for (let i = 0; i < tokens.length; i++) {
    let joined = '';
    for (let j = i; j < Math.min(tokens.length, i + maxSpan); j++) {
      if (tokens[j] === '' && j > i) break;
      joined = j === i ? tokens[j] : `${joined} ${tokens[j]}`;
      if (j > i && joined.length > maxJoined) break;
      const candidates = [spec.ignoreSeparators ? joined.replace(/[\s-]+/g, '') : joined];
      // A lone token is also tried untrimmed, for patterns that include punctuation ("#\d+").
      if (i === j && raw[i] !== tokens[i]) candidates.push(spec.ignoreSeparators ? raw[i].replace(/-+/g, '') : raw[i]);
      // Bounded input: a screened pattern's worst case is small on at most MAX_PATTERN_INPUT characters.
      const hit = candidates.find((c) => c.length > 0 && c.length <= MAX_PATTERN_INPUT && re.test(c));
      if (hit !== undefined) hits.push({ start: i, end: j + 1, value: caseLike(hit, spec.example) });
    }
  }
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: typeof hits = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  kept.sort((a, b) => a.start - b.start);
  return [...new Set(kept.map((k) => k.value))];
}
