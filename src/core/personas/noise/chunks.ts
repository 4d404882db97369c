/**
 * Whitespace-preserving chunking shared by the noise channels, with protected spans. A slot value the customer
 * means to give (order number, email) must reach the bot exactly as intended unless slot-value noise is asked for
 * explicitly, or NLU robustness gets confounded with validation behaviour (persona-realism.md §2.5).
 */

/** One run of non-space characters (a word with its punctuation) or one run of whitespace. */
export interface Chunk {
  text: string;
  /** Offset in the original text. */
  start: number;
  space: boolean;
  /** Never perturbed: overlaps a protected span, or looks like a value (digits, an email, a URL, a domain). */
  locked: boolean;
}

/** Half-open [start, end) character ranges of every occurrence of every protected substring. */
export function findProtectedSpans(text: string, protect: readonly string[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const p of protect) {
    if (!p) continue;
    let at = text.indexOf(p);
    while (at !== -1) {
      spans.push([at, at + p.length]);
      at = text.indexOf(p, at + 1);
    }
  }
  return spans;
}

/**
 * Chunks that carry values even when the caller did not list them: anything with a digit, an `@`, a URL scheme or a
 * dotted domain. persona-realism.md §2.5 protects URLs and numbers from slips by default.
 */
const VALUE_LIKE = /[0-9@]|:\/\/|^www\.|[A-Za-z]\.[A-Za-z]{2,}/i;

/** Splits text into alternating word and whitespace chunks; joining every `text` gives the input back. */
export function splitChunks(text: string, protect: readonly string[] = []): Chunk[] {
  const spans = findProtectedSpans(text, protect);
  const chunks: Chunk[] = [];
  const re = /\s+|\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    const space = /^\s/.test(m[0]);
    const inSpan = spans.some(([s, e]) => start < e && end > s);
    chunks.push({ text: m[0], start, space, locked: inSpan || (!space && VALUE_LIKE.test(m[0])) });
  }
  return chunks;
}

/** Splits a word chunk into leading punctuation, the word itself (letters and inner apostrophes) and trailing punctuation. */
export function splitWord(chunk: string): { pre: string; core: string; post: string } | null {
  const m = /^([^A-Za-z]*)([A-Za-z](?:[A-Za-z'\u2019]*[A-Za-z])?)([^A-Za-z]*)$/.exec(chunk);
  return m ? { pre: m[1], core: m[2], post: m[3] } : null;
}

/** Lowercase lookup key with typographic apostrophes folded to ASCII. */
export function wordKey(core: string): string {
  return core.toLowerCase().replace(/\u2019/g, "'");
}

/** Gives `replacement` the casing pattern of `original`: ALL CAPS, Capitalised or as written. */
export function matchCase(original: string, replacement: string): string {
  if (original.length > 1 && original === original.toUpperCase() && original !== original.toLowerCase()) {
    return replacement.toUpperCase();
  }
  const first = original[0];
  if (first && first !== first.toLowerCase()) return replacement[0].toUpperCase() + replacement.slice(1);
  return replacement;
}
