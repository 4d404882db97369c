/**
 * Screening of the regular expressions a flow file brings (pattern entities), before anything runs them.
 *
 * Flow files are shared, and ECMAScript regular expressions backtrack: `(a+)+b` takes minutes on 34 a's and
 * a "c", and `x{300000000}` kills the process while V8 compiles it. No linear-time engine ships in every
 * browser, so flowstress accepts only patterns whose worst case stays small on the inputs it gives them
 * (at most {@link MAX_PATTERN_INPUT} characters), and says why it refuses the others (FS019):
 *
 * 1. at most {@link MAX_PATTERN_LENGTH} characters, and counted repeats of at most {@link MAX_REPEAT_COUNT}
 *    (nested counted repeats at most {@link MAX_REPEAT_PRODUCT} in product);
 * 2. no repeated group whose body can split the same text in several ways, multiplied over its
 *    repetitions past 10,000 (an upper bound counted from repeat ranges and overlapping alternatives):
 *    nested quantifiers like `(a+)+`, `(x+x+)+y` or `((a+){2}){2}`, and alternatives that can start with
 *    the same character under a repeat, like `(a|ab)+` or `(\w|\d)*`; both take exponential time on a
 *    near miss;
 * 3. no repeated group that can match nothing, like `(a?)*`;
 * 4. no run of three or more open-ended repeats that can match the same characters one after the other,
 *    like `\d+\d+\d+` or `.*a.*a.*` (polynomial time of high degree).
 *
 * Bounded repeats of small groups stay allowed (`(\d{1,3}\.){3}\d{1,3}`, `(?:[A-Z]{2}-){2}\d{4}`): their
 * worst case is a few hundred paths. The analysis is conservative (a few safe patterns are refused, never
 * the other way round for the shapes above) and linear in the pattern's length; it never runs the pattern.
 */

/** Longest pattern source accepted. Order numbers and references are a few dozen characters. */
export const MAX_PATTERN_LENGTH = 500;
/** Largest count in `{n}`, `{n,}` or `{n,m}`. */
export const MAX_REPEAT_COUNT = 1000;
/** Largest product of the counts of nested counted repeats (`(x{100}){100}` is 10,000). */
export const MAX_REPEAT_PRODUCT = 10_000;
/** Longest example value accepted, and longest candidate the matcher ever tests against a pattern. */
export const MAX_PATTERN_INPUT = 256;
/** Paths a bounded repeat of an ambiguous body may explore before it counts as catastrophic. */
const MAX_PATHS = 10_000;
/** Repeats whose range (max - min) is wider than this count as open-ended. */
const WIDE = 16;

/** A character set approximated over ASCII (case-folded to lower case), plus one bit for "anything else". */
type CharSet = Uint8Array;
const SET_SIZE = 129;
const OTHER = 128;

function emptySet(): CharSet {
  return new Uint8Array(SET_SIZE);
}
function fullSet(): CharSet {
  return new Uint8Array(SET_SIZE).fill(1);
}
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}
function addCode(set: CharSet, code: number): void {
  set[code < 128 ? fold(code) : OTHER] = 1;
}
function addRange(set: CharSet, lo: number, hi: number): void {
  for (let c = lo; c <= Math.min(hi, 127); c++) addCode(set, c);
  if (hi >= 128) set[OTHER] = 1;
}
function union(a: CharSet, b: CharSet): CharSet {
  const out = emptySet();
  for (let i = 0; i < SET_SIZE; i++) out[i] = a[i] | b[i];
  return out;
}
function complement(a: CharSet): CharSet {
  const out = emptySet();
  for (let i = 0; i < SET_SIZE; i++) out[i] = a[i] ? 0 : 1;
  // Case folding keeps upper-case slots empty; the complement must not claim them either.
  for (let c = 65; c <= 90; c++) out[c] = 0;
  out[OTHER] = 1; // non-ASCII is approximated as one bit: a complement still reaches some of it
  return out;
}
function overlaps(a: CharSet, b: CharSet): boolean {
  for (let i = 0; i < SET_SIZE; i++) if (a[i] && b[i]) return true;
  return false;
}

function classEscapeSet(c: string): CharSet | null {
  const s = emptySet();
  switch (c) {
    case 'd':
      addRange(s, 48, 57);
      return s;
    case 'D':
      addRange(s, 48, 57);
      return complement(s);
    case 'w':
      addRange(s, 48, 57);
      addRange(s, 97, 122);
      addCode(s, 95);
      return s;
    case 'W':
      addRange(s, 48, 57);
      addRange(s, 97, 122);
      addCode(s, 95);
      return complement(s);
    case 's':
      addRange(s, 9, 13);
      addCode(s, 32);
      s[OTHER] = 1;
      return s;
    case 'S':
      addRange(s, 9, 13);
      addCode(s, 32);
      return complement(s);
    default:
      return null;
  }
}

/** The analysis tree: only what matters for the worst case. */
type Node =
  | { t: 'chars'; set: CharSet }
  | { t: 'empty' } // zero-width: anchors, \b, lookarounds (their bodies are checked separately)
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

class PatternTooComplex extends Error {}

/** A lenient parser of ECMAScript (non-unicode, Annex B) pattern syntax; validity is `new RegExp`'s call. */
class Parser {
  private i = 0;
  /** Bodies of lookarounds: zero-width in the tree, but their own repeats still run. */
  readonly lookarounds: Node[] = [];
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alt(0);
    return node;
  }

  private alt(depth: number): Node {
    if (depth > 200) throw new PatternTooComplex('groups are nested more than 200 deep');
    const options = [this.seq(depth)];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.seq(depth));
    }
    return options.length === 1 ? options[0] : { t: 'alt', options };
  }

  private seq(depth: number): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      items.push(this.quantified(this.atom(depth)));
    }
    return { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    let node = atom;
    for (;;) {
      const c = this.src[this.i];
      let min: number;
      let max: number;
      if (c === '?') [min, max] = [0, 1];
      else if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i, this.i + 40));
        if (!m) return node; // a literal "{" (Annex B)
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (min > MAX_REPEAT_COUNT || (max !== Infinity && max > MAX_REPEAT_COUNT)) {
          throw new PatternTooComplex(`the repeat ${m[0]} is larger than ${MAX_REPEAT_COUNT}`);
        }
        this.i += m[0].length - 1;
      } else return node;
      this.i++;
      if (this.src[this.i] === '?') this.i++; // lazy: same worst case
      node = { t: 'rep', node, min, max };
    }
  }

  private atom(depth: number): Node {
    const c = this.src[this.i++];
    switch (c) {
      case '^':
      case '$':
        return { t: 'empty' };
      case '.': {
        const s = fullSet();
        s[10] = 0;
        s[13] = 0;
        return { t: 'chars', set: s };
      }
      case '(': {
        let look = false;
        if (this.src[this.i] === '?') {
          const two = this.src.slice(this.i, this.i + 3);
          if (two.startsWith('?:')) this.i += 2;
          else if (two.startsWith('?=') || two.startsWith('?!')) {
            this.i += 2;
            look = true;
          } else if (two === '?<=' || two === '?<!') {
            this.i += 3;
            look = true;
          } else if (two.startsWith('?<')) {
            const close = this.src.indexOf('>', this.i);
            this.i = close < 0 ? this.src.length : close + 1;
          } else this.i += 1;
        }
        const inner = this.alt(depth + 1);
        if (this.src[this.i] === ')') this.i++;
        if (look) {
          this.lookarounds.push(inner);
          return { t: 'empty' };
        }
        return inner;
      }
      case '[':
        return { t: 'chars', set: this.charClass() };
      case '\\':
        return this.escape();
      default:
        return { t: 'chars', set: this.literal(c.charCodeAt(0)) };
    }
  }

  private literal(code: number): CharSet {
    const s = emptySet();
    addCode(s, code);
    return s;
  }

  private escape(): Node {
    const c = this.src[this.i++];
    if (c === undefined) return { t: 'empty' };
    const cls = classEscapeSet(c);
    if (cls) return { t: 'chars', set: cls };
    if (c === 'b' || c === 'B') return { t: 'empty' };
    if (/[1-9]/.test(c)) {
      // A backreference repeats text of any length that an earlier group matched.
      while (/[0-9]/.test(this.src[this.i] ?? '')) this.i++;
      return { t: 'rep', node: { t: 'chars', set: fullSet() }, min: 0, max: Infinity };
    }
    if (c === 'k' && this.src[this.i] === '<') {
      const close = this.src.indexOf('>', this.i);
      this.i = close < 0 ? this.src.length : close + 1;
      return { t: 'rep', node: { t: 'chars', set: fullSet() }, min: 0, max: Infinity };
    }
    return { t: 'chars', set: this.literal(this.escapedCode(c)) };
  }

  /** The character an escape stands for (\n, \x41, \u0041...); unknown escapes stand for themselves. */
  private escapedCode(c: string): number {
    const hex = (len: number) => {
      const h = this.src.slice(this.i, this.i + len);
      if (h.length === len && /^[0-9a-fA-F]+$/.test(h)) {
        this.i += len;
        return parseInt(h, 16);
      }
      return c.charCodeAt(0);
    };
    switch (c) {
      case 'n':
        return 10;
      case 'r':
        return 13;
      case 't':
        return 9;
      case 'f':
        return 12;
      case 'v':
        return 11;
      case '0':
        return 0;
      case 'x':
        return hex(2);
      case 'u':
        return hex(4);
      case 'c': {
        const l = this.src[this.i];
        if (l && /[a-zA-Z]/.test(l)) {
          this.i++;
          return l.charCodeAt(0) % 32;
        }
        return 92;
      }
      default:
        return c.charCodeAt(0);
    }
  }

  private charClass(): CharSet {
    let negate = false;
    if (this.src[this.i] === '^') {
      negate = true;
      this.i++;
    }
    let set = emptySet();
    while (this.i < this.src.length && this.src[this.i] !== ']') {
      let lo: number;
      if (this.src[this.i] === '\\') {
        this.i++;
        const e = this.src[this.i++];
        if (e === undefined) break;
        const cls = classEscapeSet(e);
        if (cls) {
          set = union(set, cls);
          continue;
        }
        lo = e === 'b' ? 8 : this.escapedCode(e);
      } else lo = this.src.charCodeAt(this.i++);
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== undefined && this.src[this.i + 1] !== ']') {
        this.i++;
        let hi: number;
        if (this.src[this.i] === '\\') {
          this.i++;
          const e = this.src[this.i++] ?? '\\';
          const cls = classEscapeSet(e);
          if (cls) {
            // [a-\d] is a, -, and the digits (Annex B).
            addCode(set, lo);
            addCode(set, 45);
            set = union(set, cls);
            continue;
          }
          hi = this.escapedCode(e);
        } else hi = this.src.charCodeAt(this.i++);
        if (hi >= lo) addRange(set, lo, hi);
      } else addCode(set, lo);
    }
    this.i++; // the closing "]"
    return negate ? complement(set) : set;
  }
}

function nullable(n: Node): boolean {
  switch (n.t) {
    case 'chars':
      return false;
    case 'empty':
      return true;
    case 'seq':
      return n.items.every(nullable);
    case 'alt':
      return n.options.some(nullable);
    case 'rep':
      return n.min === 0 || nullable(n.node);
  }
}

/** Characters a match of `n` can start with. */
function first(n: Node): CharSet {
  switch (n.t) {
    case 'chars':
      return n.set;
    case 'empty':
      return emptySet();
    case 'seq': {
      let s = emptySet();
      for (const item of n.items) {
        s = union(s, first(item));
        if (!nullable(item)) break;
      }
      return s;
    }
    case 'alt':
      return n.options.map(first).reduce(union, emptySet());
    case 'rep':
      return first(n.node);
  }
}

/** Every character a match of `n` can contain. */
function chars(n: Node): CharSet {
  switch (n.t) {
    case 'chars':
      return n.set;
    case 'empty':
      return emptySet();
    case 'seq':
      return n.items.map(chars).reduce(union, emptySet());
    case 'alt':
      return n.options.map(chars).reduce(union, emptySet());
    case 'rep':
      return chars(n.node);
  }
}

const isWide = (n: Node): boolean => n.t === 'rep' && (n.max === Infinity || n.max - n.min > WIDE);

/** Cap of {@link ways}: past it the count only says "far too many". */
const WAYS_CAP = 1e12;

/** Whether an alternation's options are told apart by their first character (none can match nothing). */
function distinctAlternatives(n: Extract<Node, { t: 'alt' }>): boolean {
  if (n.options.some(nullable)) return false;
  const firsts = n.options.map(first);
  for (let a = 0; a < firsts.length; a++) for (let b = a + 1; b < firsts.length; b++) if (overlaps(firsts[a], firsts[b])) return false;
  return true;
}

/**
 * An upper bound on the ways `n` can split the same text (repeat counts, alternatives that can both start
 * there), on inputs of at most {@link MAX_PATTERN_INPUT} characters. A repeated group whose body has more
 * than one way multiplies them per repetition: that product is the backtracking a near miss can cost.
 */
function ways(n: Node): number {
  switch (n.t) {
    case 'chars':
    case 'empty':
      return 1;
    case 'seq':
      return n.items.reduce((acc, item) => Math.min(WAYS_CAP, acc * ways(item)), 1);
    case 'alt': {
      const each = n.options.map(ways);
      return distinctAlternatives(n) ? Math.max(...each) : Math.min(WAYS_CAP, each.reduce((a, b) => a + b, 0));
    }
    case 'rep': {
      const w = ways(n.node);
      if (n.max === Infinity) return w === 1 ? MAX_PATTERN_INPUT + 1 : WAYS_CAP;
      let total = 0;
      for (let k = n.min; k <= n.max; k++) {
        total += w ** k;
        if (total >= WAYS_CAP) return WAYS_CAP;
      }
      return total;
    }
  }
}

/** Whether `n` holds an alternation whose options can match the same first character (or nothing). */
function ambiguousAlternatives(n: Node): number {
  switch (n.t) {
    case 'chars':
    case 'empty':
      return 0;
    case 'seq':
      return Math.max(0, ...n.items.map(ambiguousAlternatives));
    case 'rep':
      return ambiguousAlternatives(n.node);
    case 'alt': {
      let worst = Math.max(0, ...n.options.map(ambiguousAlternatives));
      const firsts = n.options.map(first);
      const empties = n.options.filter(nullable).length;
      if (empties > 1) worst = Math.max(worst, n.options.length);
      for (let a = 0; a < n.options.length; a++) {
        for (let b = a + 1; b < n.options.length; b++) {
          if (overlaps(firsts[a], firsts[b]) || (nullable(n.options[a]) && nullable(n.options[b]))) worst = Math.max(worst, n.options.length);
        }
      }
      return worst;
    }
  }
}

/** Walks the tree; returns the first reason the pattern is refused, or null. */
function check(n: Node, product: number): string | null {
  switch (n.t) {
    case 'chars':
    case 'empty':
      return null;
    case 'seq':
      return checkSequence(n.items) ?? firstReason(n.items.map((i) => () => check(i, product)));
    case 'alt':
      return firstReason(n.options.map((o) => () => check(o, product)));
    case 'rep': {
      if (n.max !== Infinity && n.max > 1) {
        const p = product * n.max;
        if (p > MAX_REPEAT_PRODUCT) return `its nested repeats multiply to more than ${MAX_REPEAT_PRODUCT} characters`;
        product = p;
      }
      if (n.max > 1) {
        const body = ways(n.node);
        if (body > 1) {
          let total = 0;
          if (n.max === Infinity) total = WAYS_CAP;
          else for (let k = n.min; k <= n.max && total < WAYS_CAP; k++) total += body ** k;
          if (total > MAX_PATHS) {
            return ambiguousAlternatives(n.node) > 0
              ? 'a repeated group has alternatives that can start with the same character (like (a|ab)+): a near-miss answer takes exponential time; make the alternatives start differently or drop the repeat'
              : 'a repeated group holds another repeat (nested quantifiers, like (a+)+): a near-miss answer takes exponential time; repeat the inner part a fixed number of times, e.g. (?:\\d{3}-){2}\\d{4}';
          }
        }
        if (nullable(n.node) && n.max === Infinity) {
          return 'a repeated group can match nothing (like (a?)*): rewrite it so each repetition consumes a character';
        }
      }
      return check(n.node, product);
    }
  }
}

function firstReason(checks: (() => string | null)[]): string | null {
  for (const c of checks) {
    const r = c();
    if (r) return r;
  }
  return null;
}

/**
 * Rule 4: a chain of open-ended repeats that can hand characters to each other (nothing between them, or
 * only parts that match the same characters). Three in a chain is cubic time or worse on a near miss.
 */
function checkSequence(items: Node[]): string | null {
  let chain = 0;
  let chainSet = emptySet();
  for (const item of items) {
    const wide = isWide(item) || (item.t !== 'chars' && item.t !== 'empty' && containsWide(item));
    const set = chars(item);
    if (wide) {
      if (chain > 0 && overlaps(chainSet, set)) {
        chain++;
        chainSet = union(chainSet, set);
      } else {
        chain = 1;
        chainSet = set;
      }
      if (chain >= 3) {
        return 'three or more open-ended repeats can match the same characters one after the other (like \\d+\\d+\\d+ or .*a.*a.*): a near-miss answer takes polynomial time of high degree; separate them with characters they cannot match';
      }
    } else if (chain > 0 && !nullable(item) && !overlaps(chainSet, set)) {
      chain = 0;
      chainSet = emptySet();
    }
  }
  return null;
}

function containsWide(n: Node): boolean {
  switch (n.t) {
    case 'chars':
    case 'empty':
      return false;
    case 'seq':
      return n.items.some((i) => isWide(i) || containsWide(i));
    case 'alt':
      return n.options.some((o) => isWide(o) || containsWide(o));
    case 'rep':
      return isWide(n) || containsWide(n.node);
  }
}

/**
 * Why `pattern` could run for a long time (or exhaust memory when compiled), or null when its worst case is
 * small on inputs of at most {@link MAX_PATTERN_INPUT} characters. Does not say whether the pattern is valid
 * syntax: `new RegExp` does, after this check passes.
 *
 * @example
 * patternRisk('^[A-Z]{2}\\d{6}$'); // null
 * patternRisk('(a+)+b'); // "a repeated group holds another repeat (nested quantifiers, like (a+)+): ..."
 */
export function patternRisk(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `it is ${pattern.length} characters long, more than ${MAX_PATTERN_LENGTH}`;
  let tree: Node;
  let parser: Parser;
  try {
    parser = new Parser(pattern);
    tree = parser.parse();
  } catch (e) {
    if (e instanceof PatternTooComplex) return e.message;
    throw e;
  }
  return check(tree, 1) ?? firstReason(parser.lookarounds.map((l) => () => check(l, 1)));
}

/**
 * Compiles a pattern entity the way the matcher uses it (the whole candidate, case-insensitive), after the
 * screen: null when the pattern is refused by {@link patternRisk} or is not a valid regular expression.
 * The only way flowstress turns a flow's pattern into a RegExp.
 */
export function compileSafePattern(pattern: string): RegExp | null {
  if (typeof pattern !== 'string' || patternRisk(pattern) !== null) return null;
  try {
    return new RegExp(`^(?:${pattern})$`, 'i');
  } catch {
    return null;
  }
}

/** `re.test(value)` on a screened pattern, with the input bounded: longer values never match. */
export function testBounded(re: RegExp, value: string): boolean {
  return value.length <= MAX_PATTERN_INPUT && re.test(value);
}
