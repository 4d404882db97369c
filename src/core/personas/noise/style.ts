/**
 * The style channel: how a persona writes, as opposed to what it gets wrong. Lowercase sentence starts and "i",
 * dropped apostrophes and final punctuation, ellipses, and the caps and "??" of a frustrated customer. These are
 * habits, not errors; persona-realism.md §2.3 keeps them apart from typos, and the matcher should fold most of them.
 */
import type { Perturbation, PersonaId } from '../types.ts';
import type { Rng } from '../../simulate/random.ts';
import { findProtectedSpans, splitChunks, type Chunk } from './chunks.ts';
import type { NoiseResult } from './typos.ts';

/** One persona's writing habits. Rates are per opportunity, as noted on each field. */
export interface StyleParams {
  /** Per sentence: the first letter is typed lowercase. */
  lowercaseStart: number;
  /** Per utterance (a habit, so all of them or none): the pronoun "I" is typed "i" ("i'm", "i'll"). */
  lowercaseI: number;
  /** Per utterance: the final ".", "!" or "?" is left off. */
  dropFinalPunct: number;
  /** Per utterance (a habit): apostrophes inside words are left out ("dont", "im"). */
  dropApostrophe: number;
  /** Per clause boundary (a comma or sentence end): written as "..." instead. */
  ellipsis: number;
  /** The customer is annoyed (say, after a bot failure): enables the two rates below. */
  frustrated: boolean;
  /** When frustrated, per utterance: the whole message in capitals. */
  frustratedCaps: number;
  /** When frustrated, per utterance: the message ends in "??". */
  frustratedQuestionMarks: number;
}

/**
 * Impatient: fast phone-style typing (persona-realism.md §2.3: lowercase start 80%, "i" 50%, final punctuation
 * dropped 85%, apostrophes 50%). After a failure, caps and "??" (§4.2 frustration ladder); set `frustrated`.
 * The caps and "??" rates are design defaults: EmoWOZ finds dissatisfaction in ~35% of human-machine user turns,
 * and §4.2 asks for tone markers on at least half of the turns after the first failure.
 */
export const IMPATIENT_STYLE: StyleParams = {
  lowercaseStart: 0.8,
  lowercaseI: 0.5,
  dropFinalPunct: 0.85,
  dropApostrophe: 0.5,
  ellipsis: 0,
  frustrated: false,
  frustratedCaps: 0.5,
  frustratedQuestionMarks: 0.7,
};

/** Typo-prone: a casual, fast typist (persona-realism.md §2.3: 70% / 60% / 70% / 40%). */
export const TYPO_PRONE_STYLE: StyleParams = {
  lowercaseStart: 0.7,
  lowercaseI: 0.6,
  dropFinalPunct: 0.7,
  dropApostrophe: 0.4,
  ellipsis: 0,
  frustrated: false,
  frustratedCaps: 0.1,
  frustratedQuestionMarks: 0.2,
};

/** Non-native: careful, mostly standard orthography (persona-realism.md §2.3: 20% / 5% / 30% / 10%). */
export const NON_NATIVE_STYLE: StyleParams = {
  lowercaseStart: 0.2,
  lowercaseI: 0.05,
  dropFinalPunct: 0.3,
  dropApostrophe: 0.1,
  ellipsis: 0,
  frustrated: false,
  frustratedCaps: 0,
  frustratedQuestionMarks: 0.1,
};

/**
 * Elderly: full, punctuated sentences (persona-realism.md §2.3: 5% / 0% / 10% / 0%), often trailing off with "..."
 * instead of a full stop. The 15% ellipsis rate per clause boundary is a design default (no corpus counts it).
 */
export const ELDERLY_STYLE: StyleParams = {
  lowercaseStart: 0.05,
  lowercaseI: 0,
  dropFinalPunct: 0.1,
  dropApostrophe: 0,
  ellipsis: 0.15,
  frustrated: false,
  frustratedCaps: 0,
  frustratedQuestionMarks: 0,
};

/** Style habits by persona. */
export const STYLE_BY_PERSONA: Readonly<Record<PersonaId, StyleParams>> = {
  impatient: IMPATIENT_STYLE,
  'typo-prone': TYPO_PRONE_STYLE,
  'non-native': NON_NATIVE_STYLE,
  elderly: ELDERLY_STYLE,
};

const PRONOUN_I = /^I(?=$|['\u2019])/;
const INNER_APOSTROPHE = /([A-Za-z])['\u2019]([A-Za-z])/g;

function wordChunks(chunks: Chunk[]): Chunk[] {
  return chunks.filter((c) => !c.space && !c.locked);
}

/** True when the chunk starts a sentence: the first word, or the word after one ending in . ! ? */
function sentenceStarts(chunks: Chunk[]): Set<Chunk> {
  const starts = new Set<Chunk>();
  let atStart = true;
  for (const c of chunks) {
    if (c.space) continue;
    if (atStart) starts.add(c);
    atStart = /[.!?]["')]*$/.test(c.text);
  }
  return starts;
}

/** Index of the last non-space chunk. */
function lastWordIndex(chunks: Chunk[]): number {
  for (let i = chunks.length - 1; i >= 0; i--) if (!chunks[i].space) return i;
  return -1;
}

/**
 * Applies a persona's writing habits to an utterance. `protect` lists substrings (slot values) left exactly as
 * they are, caps included.
 *
 * @example
 * applyStyle("I don't know where it is.", IMPATIENT_STYLE, createRng(3));
 * // e.g. { text: "i dont know where it is", perturbations: [{ kind: 'apostrophe', ... }, { kind: 'case', ... }, ...] }
 */
export function applyStyle(text: string, style: StyleParams, rng: Rng, protect: readonly string[] = []): NoiseResult {
  const out: Perturbation[] = [];
  const chunks = splitChunks(text, protect);
  const spans = findProtectedSpans(text, protect);
  const words = wordChunks(chunks);
  const caps = style.frustrated && rng.chance(style.frustratedCaps);
  const doubleQuestion = style.frustrated && rng.chance(style.frustratedQuestionMarks);

  // Apostrophes: a habit of the typist, drawn once per message.
  if (rng.chance(style.dropApostrophe)) {
    for (const c of words) {
      const to = c.text.replace(INNER_APOSTROPHE, '$1$2');
      if (to !== c.text) {
        out.push({ kind: 'apostrophe', from: c.text, to });
        c.text = to;
      }
    }
  }

  if (caps) {
    // Capitals override every casing habit, so those are not drawn (their perturbations would be invisible).
    for (const c of words) {
      const to = c.text.toUpperCase();
      if (to !== c.text) {
        out.push({ kind: 'caps', from: c.text, to });
        c.text = to;
      }
    }
  } else {
    if (rng.chance(style.lowercaseI)) {
      for (const c of words) {
        if (PRONOUN_I.test(c.text)) {
          const to = 'i' + c.text.slice(1);
          out.push({ kind: 'case', from: c.text, to });
          c.text = to;
        }
      }
    }
    for (const c of sentenceStarts(chunks)) {
      if (c.locked || PRONOUN_I.test(c.text)) continue;
      const m = /^([^A-Za-z]*)([A-Z])([a-z'\u2019]|$)/.exec(c.text);
      // Only a Capitalised word: an ALL-CAPS acronym ("UPS") stays as it is.
      if (!m || !rng.chance(style.lowercaseStart)) continue;
      const at = m[1].length;
      const to = c.text.slice(0, at) + c.text[at].toLowerCase() + c.text.slice(at + 1);
      out.push({ kind: 'case', from: c.text, to });
      c.text = to;
    }
  }

  const last = lastWordIndex(chunks);
  // Ellipses at inner clause boundaries (commas and sentence ends before the last word).
  if (style.ellipsis > 0) {
    for (let i = 0; i < last; i++) {
      const c = chunks[i];
      if (c.space || c.locked) continue;
      const m = /^(.*[A-Za-z])([,.])$/.exec(c.text);
      if (!m || !rng.chance(style.ellipsis)) continue;
      const to = m[1] + '...';
      out.push({ kind: 'punct', from: c.text, to });
      c.text = to;
    }
  }

  if (last >= 0) {
    const c = chunks[last];
    const m = /^(.*?)([.!?]+)$/.exec(c.text);
    // A value at the end keeps its own characters; only punctuation after a protected span may change.
    const puncFrom = c.start + (m ? m[1].length : c.text.length);
    const free = !spans.some(([s, e]) => e > puncFrom && s < c.start + c.text.length);
    if (free && doubleQuestion) {
      const to = (m ? m[1] : c.text) + '??';
      if (to !== c.text) {
        out.push({ kind: 'punct', from: c.text, to });
        c.text = to;
      }
    } else if (free && m && m[1] && !m[2].startsWith('..')) {
      if (rng.chance(style.dropFinalPunct)) {
        out.push({ kind: 'punct', from: c.text, to: m[1] });
        c.text = m[1];
      } else if (m[2] === '.' && rng.chance(style.ellipsis)) {
        // Elderly writers trail off with "..." instead of a full stop.
        const to = m[1] + '...';
        out.push({ kind: 'punct', from: c.text, to });
        c.text = to;
      }
    }
  }
  return { text: chunks.map((c) => c.text).join(''), perturbations: out };
}
