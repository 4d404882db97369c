/**
 * The learner-grammar channel for the non-native persona: the five error types of the CoNLL-2013 shared task
 * (articles, noun number, prepositions, subject-verb agreement, verb form) in their NUCLE proportions, plus two
 * style habits of intermediate learners: plain vocabulary and wh-questions without inversion (persona-realism.md §3).
 * Rule-based over team-written tables, so it runs offline and deterministically.
 */
import type { Perturbation, PerturbationKind } from '../types.ts';
import type { Rng } from '../../simulate/random.ts';
import { matchCase, splitChunks, splitWord, wordKey } from './chunks.ts';
import {
  A_UNCOUNTABLE, AUX_PLURAL_TO_SINGULAR, AUX_SINGULAR_TO_PLURAL, COPULAS, DETERMINERS, DO_AUX, DROPPABLE_PREPOSITION,
  DURATION_WORDS, INVERTING_AUX, MODALS, MOVABLE_AUX, NOUN_PLURALS, NOUN_SINGULARS, NUMBER_WORDS, PAST_ADVERBIAL,
  PLURAL_PRONOUNS, POSSESSIVES, PREPOSITION_AFTER, PREPOSITION_SWAPS, SIMPLER_WORDS, SINGULAR_PRONOUNS,
  SPURIOUS_PREPOSITION, SUBJECT_PRONOUNS, TO_INFINITIVE_VERBS, UNCOUNTABLE_PLURALS, VERBS, VERBS_BY_PAST, VERBS_BY_S3,
  WEEKDAYS, WH_WORDS, BE_FORMS, HAVE_FORMS, INNER_ADVERBS, VERBS_BY_ING, VERBS_BY_PARTICIPLE,
} from './learner-lexicon.ts';
import type { NoiseResult } from './typos.ts';

/** The five NUCLE error types this channel produces. */
export type LearnerRule = 'article' | 'noun_number' | 'preposition' | 'agreement' | 'verb_form';

/**
 * Rule weights: CoNLL-2013 NUCLE counts for ArtOrDet 6,658, Nn 3,779, Prep 2,404, SVA 1,527, Vform 1,453
 * (Dahlmeier, Ng & Wu 2013; shares 42/24/15/10/9).
 */
export const LEARNER_RULE_WEIGHTS: Readonly<Record<LearnerRule, number>> = {
  article: 6658,
  noun_number: 3779,
  preposition: 2404,
  agreement: 1527,
  verb_form: 1453,
};

/**
 * Default `rate`: P(an utterance gets at least one grammar error) for the "generic intermediate" profile
 * (persona-realism.md §3.2 design default, ≈ 0.5).
 */
export const LEARNER_GRAMMAR_RATE = 0.5;

/** Given one error, the chance of a second: P(≥2) ≈ 0.15 at the default rate (persona-realism.md §3.2). */
const SECOND_ERROR_SHARE = 0.3;

/** Plain-word substitution is "always on" for learners (§3.2); 0.7 per eligible word leaves some rare words in. */
export const SIMPLIFY_RATE = 0.7;

/** Share of wh-questions written without subject-auxiliary inversion ("where my order is?"), §3.2. */
export const NO_INVERSION_RATE = 0.3;

interface Tok {
  text: string;
  /** Whitespace before the token. */
  gap: string;
  locked: boolean;
  /** Already changed by a grammar error: a second error must not undo or stack on it. */
  touched?: boolean;
}

interface Sentence {
  toks: Tok[];
  tail: string;
}

function parse(text: string, protect: readonly string[]): Sentence {
  const toks: Tok[] = [];
  let gap = '';
  for (const c of splitChunks(text, protect)) {
    if (c.space) gap += c.text;
    else {
      toks.push({ text: c.text, gap, locked: c.locked });
      gap = '';
    }
  }
  return { toks, tail: gap };
}

function render(s: Sentence): string {
  return s.toks.map((t) => t.gap + t.text).join('') + s.tail;
}

/** Lowercase word of a token ('' for numbers and symbols). */
function keyOf(t: Tok | undefined): string {
  if (!t) return '';
  const w = splitWord(t.text);
  return w ? wordKey(w.core) : '';
}

/** True when the token carries punctuation after (or before) its word, so it ends a clause. */
function hasPunct(t: Tok): boolean {
  const w = splitWord(t.text);
  return !w || w.pre !== '' || w.post !== '';
}

function setWord(t: Tok, word: string): void {
  const w = splitWord(t.text);
  if (!w) return;
  t.text = w.pre + matchCase(w.core, word) + w.post;
}

function startsSentence(toks: Tok[], i: number): boolean {
  return i === 0 || /[.!?]["')]*$/.test(toks[i - 1].text);
}

function capitalise(t: Tok): void {
  if (t.locked) return;
  t.text = t.text.replace(/[a-z]/, (c) => c.toUpperCase());
}

function decapitalise(t: Tok): void {
  if (t.locked || /^I(?=$|['\u2019])/.test(t.text)) return;
  t.text = t.text.replace(/^([^A-Za-z]*)([A-Z])(?=[a-z'\u2019]|$)/, (_m, pre: string, c: string) => pre + c.toLowerCase());
}

function span(toks: Tok[], from: number, to: number): string {
  return toks.slice(from, to + 1).map((t, k) => (k === 0 ? '' : t.gap) + t.text).join('');
}

function removeTok(toks: Tok[], i: number): void {
  const wasCapital = startsSentence(toks, i) && /^[^A-Za-z]*[A-Z]/.test(toks[i].text);
  const [removed] = toks.splice(i, 1);
  const next = toks[i];
  if (next && i === 0) next.gap = removed.gap;
  if (next && wasCapital) capitalise(next);
}

function insertTok(toks: Tok[], i: number, word: string): void {
  const next = toks[i];
  const capital = next !== undefined && startsSentence(toks, i) && /^[^A-Za-z]*[A-Z]/.test(next.text) && !/^I\b/.test(next.text);
  const tok: Tok = { text: capital ? word[0].toUpperCase() + word.slice(1) : word, gap: i === 0 ? (next?.gap ?? '') : ' ', locked: false };
  if (next && i === 0) next.gap = ' ';
  if (next && capital) decapitalise(next);
  toks.splice(i, 0, tok);
}

interface Edit {
  weight: number;
  run(): Perturbation;
}

type Toks = Tok[];

const free = (t: Tok | undefined): t is Tok => t !== undefined && !t.locked && !t.touched;

/** Replace the word of token i; the perturbation shows the word with its left neighbour for context when asked. */
function replaceEdit(toks: Toks, i: number, kind: PerturbationKind, word: string, weight: number, contextFrom = i): Edit {
  return {
    weight,
    run: () => {
      const from = span(toks, contextFrom, i);
      setWord(toks[i], word);
      toks[i].touched = true;
      return { kind, from, to: span(toks, contextFrom, i) };
    },
  };
}

function dropEdit(toks: Toks, i: number, kind: PerturbationKind, weight: number): Edit {
  return {
    weight,
    run: () => {
      const last = Math.min(i + 1, toks.length - 1);
      const first = i > 0 ? i - 1 : i;
      const from = span(toks, first, last);
      removeTok(toks, i);
      if (toks[i]) toks[i].touched = true;
      return { kind, from, to: span(toks, first, last - 1) };
    },
  };
}

function insertEdit(toks: Toks, i: number, word: string, kind: PerturbationKind, weight: number): Edit {
  return {
    weight,
    run: () => {
      const first = i > 0 ? i - 1 : i;
      const from = span(toks, first, i);
      insertTok(toks, i, word);
      toks[i].touched = true;
      return { kind, from, to: span(toks, first, i + 1) };
    },
  };
}

// ---- The five NUCLE rules. Each lists every edit it could make on the current tokens. ----

/** Articles: drop (most common, Han et al. 2006), substitute, or insert before possessives and uncountables. */
function articleEdits(toks: Toks): Edit[] {
  const edits: Edit[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!free(t)) continue;
    const k = keyOf(t);
    const next = toks[i + 1];
    if ((k === 'a' || k === 'an' || k === 'the') && next && !hasPunct(t)) {
      edits.push(dropEdit(toks, i, 'article', 7));
      edits.push(replaceEdit(toks, i, 'article', k === 'the' ? 'a' : k === 'an' ? 'a' : 'the', 2));
      continue;
    }
    const prev = keyOf(toks[i - 1]);
    if (DETERMINERS.has(prev) || prev === 'some' || prev === 'any') continue;
    // "the my order", "I need a help" (persona-realism.md §3.2).
    if (POSSESSIVES.has(k) && toks[i + 1]) edits.push(insertEdit(toks, i, 'the', 'article', 0.5));
    else if (A_UNCOUNTABLE.has(k)) edits.push(insertEdit(toks, i, 'a', 'article', 1));
  }
  return edits;
}

/** Words after which an uncountable is surely a noun. */
const NOUN_CONTEXT: ReadonlySet<string> = new Set([...DETERMINERS, 'some', 'any', 'more', 'much', 'no', 'enough', 'all', 'for', 'about', 'with', 'of', 'need', 'want', 'get', 'got']);

const isNumeral = (t: Tok | undefined) => t !== undefined && (/^\d+[.,]?$/.test(t.text) || NUMBER_WORDS.has(keyOf(t)));

/** Noun number: count uncountables, keep nouns singular after numerals, and mix up number elsewhere. */
function nounNumberEdits(toks: Toks): Edit[] {
  const edits: Edit[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!free(t)) continue;
    const k = keyOf(t);
    const uncountable = UNCOUNTABLE_PLURALS[k];
    // Only where the word is a noun ("some information", "for your help"), never the verb in "can you help".
    if (uncountable && NOUN_CONTEXT.has(keyOf(toks[i - 1]))) {
      edits.push(replaceEdit(toks, i, 'noun_number', uncountable, 2));
      continue;
    }
    const singular = NOUN_SINGULARS.get(k);
    if (singular) {
      // "two item", "3 day ago"
      edits.push(replaceEdit(toks, i, 'noun_number', singular, isNumeral(toks[i - 1]) ? 3 : 1, i > 0 ? i - 1 : i));
      continue;
    }
    const plural = NOUN_PLURALS.get(k);
    if (plural && DETERMINERS.has(keyOf(toks[i - 1])) && !['a', 'an', 'this', 'that'].includes(keyOf(toks[i - 1]))) {
      edits.push(replaceEdit(toks, i, 'noun_number', plural, 0.5, i - 1));
    }
  }
  return edits;
}

/** Words that open an object noun phrase. */
const OBJECT_START: ReadonlySet<string> = new Set([...DETERMINERS, 'me', 'you', 'us', 'him', 'them', 'it']);

/** Swaps for "to" and "for" before an object ("send it at my email", "a refund to my order"). */
const OBJECT_PREPOSITION_SWAPS: Readonly<Record<string, readonly string[]>> = { to: ['at', 'for'], for: ['to', 'of'] };

/** Prepositions: collocation errors, dropped and spurious prepositions, and the in/on/at family. */
function prepositionEdits(toks: Toks): Edit[] {
  const edits: Edit[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!free(t)) continue;
    const k = keyOf(t);
    const prev = keyOf(toks[i - 1]);
    const next = keyOf(toks[i + 1]);
    const collocation = PREPOSITION_AFTER.get(`${prev} ${k}`);
    if (collocation && i > 0) {
      for (const p of collocation) edits.push(replaceEdit(toks, i, 'preposition', p, 2 / collocation.length, i - 1));
      continue;
    }
    if (k === 'for' && DURATION_WORDS.has(next)) {
      // "I am waiting since two weeks"
      edits.push(replaceEdit(toks, i, 'preposition', 'since', 2));
      continue;
    }
    if (i > 0 && DROPPABLE_PREPOSITION.get(prev) === k && toks[i + 1] && !hasPunct(t) && !hasPunct(toks[i - 1])) {
      edits.push(dropEdit(toks, i, 'preposition', 2));
      continue;
    }
    if (k === 'on' && WEEKDAYS.has(next)) {
      edits.push(replaceEdit(toks, i, 'preposition', 'in', 2)); // "in Monday"
      continue;
    }
    const spurious = SPURIOUS_PREPOSITION.get(k);
    // Only before an object ("contact to you", "discuss about the price"), where the word is surely the verb.
    if (spurious && OBJECT_START.has(next) && !hasPunct(t) && (k !== 'return' || DETERMINERS.has(next))) {
      edits.push(insertEdit(toks, i + 1, spurious, 'preposition', 1));
      continue;
    }
    // "to"/"for" as prepositions only (before an object), never the infinitive "to check".
    const swaps = PREPOSITION_SWAPS[k] ?? ((k === 'to' || k === 'for') && OBJECT_START.has(next) ? OBJECT_PREPOSITION_SWAPS[k] : undefined);
    if (swaps && toks[i + 1]) {
      for (const p of swaps) edits.push(replaceEdit(toks, i, 'preposition', p, 1 / swaps.length));
    }
  }
  return edits;
}

/** Number of the subject right before token i: pronoun, or determiner + noun (+ noun). */
function subjectNumber(toks: Toks, i: number): 'sg' | 'pl' | null {
  const p = keyOf(toks[i - 1]);
  if (!p || hasPunct(toks[i - 1])) return null;
  if (SUBJECT_PRONOUNS.has(p)) {
    // "can you check", "do I need", "thank you for": not a subject-verb pair.
    if (INVERTING_AUX.has(keyOf(toks[i - 2]))) return null;
    return SINGULAR_PRONOUNS.has(p) ? 'sg' : 'pl';
  }
  const isSg = NOUN_PLURALS.has(p) || p in UNCOUNTABLE_PLURALS;
  const isPl = NOUN_SINGULARS.has(p);
  if (!isSg && !isPl) return null;
  const d = keyOf(toks[i - 2]);
  const hasDet = DETERMINERS.has(d) || (NOUN_PLURALS.has(d) && DETERMINERS.has(keyOf(toks[i - 3])));
  if (!hasDet) return null;
  return isSg ? 'sg' : 'pl';
}

/** Number of the subject starting at token i (after an inverted auxiliary): pronoun, or determiner + noun. */
function invertedSubjectNumber(toks: Toks, i: number): 'sg' | 'pl' | null {
  const k = keyOf(toks[i]);
  if (SINGULAR_PRONOUNS.has(k)) return 'sg';
  if (PLURAL_PRONOUNS.has(k)) return 'pl';
  if (!DETERMINERS.has(k) || hasPunct(toks[i])) return null;
  const n = keyOf(toks[i + 1]);
  return NOUN_PLURALS.has(n) ? 'sg' : NOUN_SINGULARS.has(n) ? 'pl' : null;
}

/** Subject-verb agreement: "it don't work", "the package have not come", "I wants". */
function agreementEdits(toks: Toks): Edit[] {
  const edits: Edit[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!free(t)) continue;
    const k = keyOf(t);
    // "there is many problems", "there are a problem"
    if (keyOf(toks[i - 1]) === 'there' && !hasPunct(toks[i - 1])) {
      const swap = AUX_SINGULAR_TO_PLURAL[k] ?? AUX_PLURAL_TO_SINGULAR[k];
      if (swap && COPULAS.has(k.replace("n't", ''))) edits.push(replaceEdit(toks, i, 'agreement', swap, 1, i - 1));
      continue;
    }
    // Inverted questions: "does it" -> "do it", "is my order" -> "are my order", "do you" -> "does you".
    if ((startsSentence(toks, i) || WH_WORDS.has(keyOf(toks[i - 1]))) && !hasPunct(t)) {
      const after = invertedSubjectNumber(toks, i + 1);
      const swap = after === 'sg' ? AUX_SINGULAR_TO_PLURAL[k] : after === 'pl' ? AUX_PLURAL_TO_SINGULAR[k] : undefined;
      if (swap && !(keyOf(toks[i + 1]) === 'i' && (k === 'are' || k === 'were'))) {
        edits.push(replaceEdit(toks, i, 'agreement', swap, 1));
        continue;
      }
    }
    const number = subjectNumber(toks, i);
    if (!number) continue;
    const subj = keyOf(toks[i - 1]);
    if (number === 'sg') {
      const aux = AUX_SINGULAR_TO_PLURAL[k];
      if (aux) edits.push(replaceEdit(toks, i, 'agreement', aux, 1, i - 1));
      else if (VERBS_BY_S3.has(k)) edits.push(replaceEdit(toks, i, 'agreement', (VERBS_BY_S3.get(k) as { base: string }).base, 1, i - 1));
    } else {
      const aux = AUX_PLURAL_TO_SINGULAR[k];
      // "I is" is rare even among learners; "I has", "I doesn't", "they is" are not.
      if (aux && !(subj === 'i' && (k === 'are' || k === 'were'))) edits.push(replaceEdit(toks, i, 'agreement', aux, 1, i - 1));
      else if (VERBS.has(k) && PLURAL_PRONOUNS.has(subj)) edits.push(replaceEdit(toks, i, 'agreement', (VERBS.get(k) as { s3: string }).s3, 1, i - 1));
    }
  }
  return edits;
}

/** Verb form: "didn't arrived", "I want check", "can to help", "I order it last week", "I have ordered it yesterday". */
function verbFormEdits(toks: Toks): Edit[] {
  const edits: Edit[] = [];
  const pastTime = PAST_ADVERBIAL.test(render({ toks, tail: '' }));
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i];
    if (!free(t)) continue;
    const k = keyOf(t);
    const prev = keyOf(toks[i - 1]);
    const prev2 = keyOf(toks[i - 2]);
    if (hasPunct(toks[i - 1])) continue;
    const verb = VERBS.get(k);
    if (verb) {
      if (prev === 'did' || prev === "didn't" || (prev === 'not' && prev2 === 'did')) {
        edits.push(replaceEdit(toks, i, 'verb_form', verb.past, 2, i - 1));
      } else if (prev === 'does' || prev === "doesn't") {
        edits.push(replaceEdit(toks, i, 'verb_form', verb.s3, 1, i - 1));
      } else if (prev === 'to' && free(toks[i - 1])) {
        edits.push(replaceEdit(toks, i, 'verb_form', verb.ing, 1, i - 1));
        if (TO_INFINITIVE_VERBS.has(prev2)) edits.push(dropEdit(toks, i - 1, 'verb_form', 1.5));
      } else if (MODALS.has(prev) && free(toks[i - 1])) {
        edits.push(insertEdit(toks, i, 'to', 'verb_form', 0.5));
        edits.push(replaceEdit(toks, i, 'verb_form', verb.s3, 0.5, i - 1));
      } else if (SUBJECT_PRONOUNS.has(prev) && MODALS.has(prev2)) {
        edits.push(replaceEdit(toks, i, 'verb_form', verb.ing, 0.5, i - 1)); // "can you helping me"
      }
      continue;
    }
    // After "be"/"have", optionally with "not", "never"...: "was charge twice", "I am wait", "has not arrive".
    let a = i - 1;
    while (a > 0 && INNER_ADVERBS.has(keyOf(toks[a])) && !hasPunct(toks[a])) a--;
    const aux = keyOf(toks[a]);
    const participle = VERBS_BY_PARTICIPLE.get(k);
    const ing = VERBS_BY_ING.get(k);
    if (!hasPunct(toks[a]) && (BE_FORMS.has(aux) || HAVE_FORMS.has(aux)) && (participle || ing)) {
      const base = (participle ?? ing)!.base;
      edits.push(replaceEdit(toks, i, 'verb_form', base, 1, i - 1));
      continue;
    }
    const past = VERBS_BY_PAST.get(k);
    if (past && SUBJECT_PRONOUNS.has(prev) && !INVERTING_AUX.has(prev2)) {
      edits.push(replaceEdit(toks, i, 'verb_form', past.base, 1, i - 1));
      if (pastTime) {
        const aux = SINGULAR_PRONOUNS.has(prev) ? 'has' : 'have';
        const participle = past.participle;
        edits.push({
          weight: 1.5,
          run: () => {
            const from = span(toks, i - 1, i);
            setWord(toks[i], participle);
            insertTok(toks, i, aux);
            toks[i].touched = true;
            toks[i + 1].touched = true;
            return { kind: 'verb_form', from, to: span(toks, i - 1, i + 1) };
          },
        });
      }
    }
  }
  return edits;
}

const RULES: ReadonlyArray<[LearnerRule, (toks: Toks) => Edit[]]> = [
  ['article', articleEdits],
  ['noun_number', nounNumberEdits],
  ['preposition', prepositionEdits],
  ['agreement', agreementEdits],
  ['verb_form', verbFormEdits],
];

/** Picks a rule by NUCLE weight among those that can apply, then one of its edits. */
function applyOneError(toks: Toks, rng: Rng, out: Perturbation[]): boolean {
  const candidates = RULES.map(([rule, find]) => ({ rule, edits: find(toks) }));
  const weights = candidates.map((c) => (c.edits.length > 0 ? LEARNER_RULE_WEIGHTS[c.rule] : 0));
  if (weights.every((w) => w === 0)) return false;
  const { edits } = candidates[rng.weightedIndex(weights)];
  out.push(edits[rng.weightedIndex(edits.map((e) => e.weight))].run());
  return true;
}

// ---- Style habits: plain words and uninverted questions. ----

/** Rare words that are nouns as often as verbs: the plain verb replaces them only where no noun can stand. */
const NOUN_OR_VERB = new Set(['purchase']);
/** Words after which a noun follows ("my purchase", "the purchase"), so a verb must not replace it. */
const BEFORE_NOUN = new Set(['a', 'an', 'the', 'my', 'your', 'our', 'his', 'her', 'their', 'this', 'that', 'last', 'recent', 'latest', 'online', 'first']);

function simplify(toks: Toks, rng: Rng, out: Perturbation[]): void {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!free(t)) continue;
    if (NOUN_OR_VERB.has(keyOf(t)) && BEFORE_NOUN.has(keyOf(toks[i - 1]))) continue;
    const plain = SIMPLER_WORDS[keyOf(t)];
    if (!plain || !rng.chance(SIMPLIFY_RATE)) continue;
    const from = t.text;
    setWord(t, plain);
    out.push({ kind: 'simplify', from, to: t.text });
  }
}

/** Length of the subject noun phrase starting at i: a pronoun, or a determiner + 1-2 nouns (+ "of" + det + noun). */
function subjectLength(toks: Toks, i: number, end: number): number {
  const k = keyOf(toks[i]);
  if (SUBJECT_PRONOUNS.has(k)) return 1;
  if (!DETERMINERS.has(k) || i + 1 > end) return 0;
  let n = 2;
  if (i + 2 <= end && NOUN_PLURALS.has(keyOf(toks[i + 1])) && NOUN_PLURALS.has(keyOf(toks[i + 2]))) n = 3;
  if (keyOf(toks[i + n]) === 'of' && DETERMINERS.has(keyOf(toks[i + n + 1])) && i + n + 2 <= end) n += 3;
  return n;
}

/** "Where is my order?" -> "where my order is?"; "why did you cancel it?" -> "why you cancel it?" */
function uninvertQuestions(toks: Toks, rng: Rng, out: Perturbation[]): void {
  for (let i = 0; i < toks.length; i++) {
    if (!startsSentence(toks, i) || !WH_WORDS.has(keyOf(toks[i]))) continue;
    let end = i;
    while (end < toks.length - 1 && !/[.!?]["')]*$/.test(toks[end].text)) end++;
    if (!toks[end].text.endsWith('?')) continue;
    const aux = keyOf(toks[i + 1]);
    const range = toks.slice(i, end + 1);
    // Commas or values inside the question make the clause structure unclear: leave it alone.
    if (range.some((t) => t.locked) || range.slice(0, -1).some(hasPunct)) continue;
    const isCopula = COPULAS.has(aux);
    if (!isCopula && !DO_AUX.has(aux) && !MOVABLE_AUX.has(aux)) continue;
    const len = subjectLength(toks, i + 2, end);
    if (len === 0) continue;
    if (!rng.chance(NO_INVERSION_RATE)) continue;
    const from = span(toks, i, end);
    if (DO_AUX.has(aux)) {
      removeTok(toks, i + 1);
    } else {
      // Move the auxiliary's word after the subject; punctuation stays where it was, on the last token.
      const words = toks.slice(i + 1, i + 2 + len).map((t) => (splitWord(t.text) as { core: string }).core);
      const moved = [...words.slice(1), words[0]];
      for (let k = 0; k < moved.length; k++) {
        const t = toks[i + 1 + k];
        const w = splitWord(t.text) as { pre: string; core: string; post: string };
        t.text = w.pre + moved[k] + w.post;
      }
    }
    const newEnd = DO_AUX.has(aux) ? end - 1 : end;
    out.push({ kind: 'word_order', from, to: span(toks, i, newEnd) });
    i = newEnd;
  }
}

/**
 * Non-native learner transforms. Always: plain words for rare ones ({@link SIMPLIFY_RATE} per word) and uninverted
 * wh-questions ({@link NO_INVERSION_RATE}). Then, with probability `rate`, one grammar error drawn by NUCLE weight
 * among the rules that fit the sentence, and with probability 0.3 a second one. Protected substrings (slot values)
 * and value-like chunks are never changed.
 *
 * @example
 * applyLearnerGrammar('I want to check the status of my order.', LEARNER_GRAMMAR_RATE, createRng(5));
 * // e.g. { text: 'I want to check status of my order.', perturbations: [{ kind: 'article', from: 'check the status', to: 'check status' }] }
 */
export function applyLearnerGrammar(text: string, rate: number, rng: Rng, protect: readonly string[] = []): NoiseResult {
  const sentence = parse(text, protect);
  const out: Perturbation[] = [];
  simplify(sentence.toks, rng, out);
  uninvertQuestions(sentence.toks, rng, out);
  if (rate > 0 && rng.chance(rate) && applyOneError(sentence.toks, rng, out) && rng.chance(SECOND_ERROR_SHARE)) {
    applyOneError(sentence.toks, rng, out);
  }
  return { text: render(sentence), perturbations: out };
}
