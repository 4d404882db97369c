/**
 * Generates strings that match a regular expression, for the subset flows use to describe order numbers,
 * booking references and postcodes: literals, escapes (\d \w \s and escaped punctuation), character
 * classes with ranges and negation, `.`, groups (capturing, `(?:...)`, named) with alternation, and the
 * quantifiers `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` (lazy suffixes ignored). Anchors and `\b` produce nothing.
 * Lookarounds and backreferences are outside the subset: the generator returns null and the caller falls
 * back to the entity's example.
 */
import { MAX_PATTERN_INPUT, compileSafePattern, patternRisk } from '../flow/pattern-safety.ts';
import type { Rng } from '../simulate/random.ts';

type Node =
  | { t: 'lit'; ch: string }
  | { t: 'set'; chars: string }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** What `.` and negated classes draw from: letters and digits, the characters an ID is made of. */
const UNIVERSE = UPPER + LOWER + DIGITS + '-_.';
/** Unbounded quantifiers (`*`, `+`, `{n,}`) stop this many repetitions above their minimum. */
const OPEN_EXTRA = 3;

class Unsupported extends Error {}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alt();
    if (this.i < this.src.length) throw new Unsupported(`unexpected ${this.src[this.i]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }

  private alt(): Node {
    const options = [this.seq()];
    while (this.peek() === '|') {
      this.i++;
      options.push(this.seq());
    }
    return options.length === 1 ? options[0] : { t: 'alt', options };
  }

  private seq(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      if (atom) items.push(this.quantified(atom));
    }
    return { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, OPEN_EXTRA];
    else if (c === '+') [min, max] = [1, 1 + OPEN_EXTRA];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom; // a literal "{" in ECMAScript non-unicode mode
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? min + OPEN_EXTRA : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.peek() === '?') this.i++; // lazy: same language
    return { t: 'rep', node: atom, min, max };
  }

  /** One atom, or null for zero-width tokens (anchors, \b). */
  private atom(): Node | null {
    const c = this.src[this.i++];
    switch (c) {
      case '^':
      case '$':
        return null;
      case '.':
        return { t: 'set', chars: UNIVERSE };
      case '(': {
        if (this.peek() === '?') {
          const rest = this.src.slice(this.i, this.i + 3);
          if (rest.startsWith('?:')) this.i += 2;
          else if (rest.startsWith('?<') && rest[2] !== '=' && rest[2] !== '!') {
            const close = this.src.indexOf('>', this.i);
            if (close < 0) throw new Unsupported('bad group name');
            this.i = close + 1;
          } else throw new Unsupported('lookaround');
        }
        const inner = this.alt();
        if (this.src[this.i++] !== ')') throw new Unsupported('unclosed group');
        return inner;
      }
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false);
      default:
        return { t: 'lit', ch: c };
    }
  }

  private escape(inClass: boolean): Node | null {
    const c = this.src[this.i++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    switch (c) {
      case 'd':
        return { t: 'set', chars: DIGITS };
      case 'w':
        return { t: 'set', chars: UPPER + LOWER + DIGITS };
      case 's':
        return { t: 'set', chars: ' ' };
      case 'D':
        return { t: 'set', chars: UPPER + LOWER };
      case 'W':
        return { t: 'set', chars: '-' };
      case 'S':
        return { t: 'set', chars: UPPER + LOWER + DIGITS };
      case 'b':
      case 'B':
        if (inClass) return { t: 'lit', ch: '\b' };
        return null;
      case 'n':
        return { t: 'lit', ch: '\n' };
      case 't':
        return { t: 'lit', ch: '\t' };
      case 'u':
      case 'x': {
        const len = c === 'u' ? 4 : 2;
        const hex = this.src.slice(this.i, this.i + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Unsupported('bad hex escape');
        this.i += len;
        return { t: 'lit', ch: String.fromCharCode(parseInt(hex, 16)) };
      }
      default:
        if (/[1-9]/.test(c)) throw new Unsupported('backreference');
        return { t: 'lit', ch: c };
    }
  }

  private charClass(): Node {
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.i++;
    }
    let chars = '';
    let first = true;
    while (this.i < this.src.length && (this.peek() !== ']' || first)) {
      first = false;
      let lo: string;
      if (this.peek() === '\\') {
        this.i++;
        const e = this.escape(true);
        if (!e) continue;
        if (e.t === 'set') {
          chars += e.chars;
          continue;
        }
        lo = (e as { ch: string }).ch;
      } else lo = this.src[this.i++];
      if (this.peek() === '-' && this.src[this.i + 1] !== undefined && this.src[this.i + 1] !== ']') {
        this.i++;
        let hi = this.src[this.i++];
        if (hi === '\\') {
          const e = this.escape(true);
          if (!e || e.t !== 'lit') throw new Unsupported('bad range');
          hi = e.ch;
        }
        const a = lo.charCodeAt(0);
        const b = hi.charCodeAt(0);
        if (b < a) throw new Unsupported('reversed range');
        for (let k = a; k <= b; k++) chars += String.fromCharCode(k);
      } else chars += lo;
    }
    if (this.src[this.i++] !== ']') throw new Unsupported('unclosed class');
    if (negate) chars = [...UNIVERSE].filter((ch) => !chars.includes(ch)).join('');
    if (chars.length === 0) throw new Unsupported('empty class');
    return { t: 'set', chars: dedupe(chars) };
  }
}

function dedupe(s: string): string {
  return [...new Set(s)].join('');
}

function emit(node: Node, rng: Rng, out: string[]): void {
  switch (node.t) {
    case 'lit':
      out.push(node.ch);
      return;
    case 'set':
      out.push(node.chars[rng.int(node.chars.length)]);
      return;
    case 'seq':
      for (const n of node.items) emit(n, rng, out);
      return;
    case 'alt':
      emit(node.options[rng.int(node.options.length)], rng, out);
      return;
    case 'rep': {
      const n = rng.between(node.min, node.max);
      for (let k = 0; k < n; k++) emit(node.node, rng, out);
    }
  }
}

/** Whether the screen refuses a pattern, by source: values are generated for every conversation. */
const refusedPatterns = new Map<string, boolean>();

/** Compiled patterns by source: the customer checks its values every turn. Null = refused or invalid. */
const compiled = new Map<string, RegExp | null>();

/**
 * True when `value` matches the whole of `pattern`, case-insensitively (how question nodes test patterns).
 * Patterns the screen refuses (FS019) and values longer than the matcher ever tests match nothing.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = compileSafePattern(pattern);
    compiled.set(pattern, re);
  }
  return re !== null && value.length <= MAX_PATTERN_INPUT && re.test(value);
}

/**
 * A random string matching `pattern`, or null when the pattern is outside the supported subset or the
 * generated string fails the real RegExp (checked every time, so an unsupported corner never leaks out).
 *
 * @example
 * generateFromPattern('^[A-Z]{2}\\d{6}$', rng) // "QK480213"
 */
export function generateFromPattern(pattern: string, rng: Rng): string | null {
  // A refused pattern could also make the generator emit millions of characters (x{300000000}).
  let refused = refusedPatterns.get(pattern);
  if (refused === undefined) refusedPatterns.set(pattern, (refused = patternRisk(pattern) !== null));
  if (refused) return null;
  let tree: Node;
  try {
    tree = new Parser(pattern).parse();
  } catch {
    return null;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const out: string[] = [];
    emit(tree, rng, out);
    const value = out.join('');
    if (value.trim() !== '' && value === value.trim() && matchesPattern(pattern, value)) return value;
  }
  return null;
}

/**
 * The entity's example with every digit re-drawn ("ORD-48213" -> "ORD-90571"), keeping its shape; the
 * fallback for patterns the generator cannot read. Returns the example itself if redrawing breaks it.
 */
export function redrawDigits(example: string, pattern: string, rng: Rng): string {
  for (let attempt = 0; attempt < 5; attempt++) {
    const value = example.replace(/\d/g, () => String(rng.int(10)));
    if (matchesPattern(pattern, value)) return value;
  }
  return example;
}
