import { basicTokens } from './normalize.ts';
import { createTypoCorrector } from './typo-corrector.ts';

/**
 * Ways of saying yes and no (after contraction expansion: "that's right" is "that is right"). Phrases are
 * matched longest first, so "not right" is a no before "right" can be a yes, and "no problem" a yes before
 * "no" can be a no. Team-written.
 */
const YES = [
  'yes', 'yeah', 'yea', 'yep', 'yup', 'ya', 'yah', 'yas', 'aye', 'sure', 'ok', 'okay', 'alright', 'all right',
  'correct', 'right', 'that is right', 'that is correct', 'exactly', 'true', 'indeed', 'affirmative',
  'absolutely', 'definitely', 'certainly', 'of course', 'sure thing', 'go ahead', 'please do', 'do it',
  'sounds good', 'fine', 'that is fine', 'that works', 'works for me', 'i do', 'i did', 'confirm', 'confirmed',
  'agreed', 'i agree', 'uh huh', 'mhm', 'no problem', 'no worries', 'why not', 'you bet', 'totally',
  'i think so', 'i guess so', 'i believe so', 'go for it', 'probably', 'i suppose so', 'that is it',
];
const NO = [
  'no', 'nope', 'nah', 'naw', 'nay', 'not', 'never', 'negative', 'incorrect', 'wrong', 'false', 'not really',
  'no thanks', 'no thank you', 'not at all', 'absolutely not', 'of course not', 'definitely not',
  'certainly not', 'not right', 'not correct', 'not true', 'that is wrong', 'that is not right', 'do not',
  'i do not', 'i did not', 'i do not think so', 'no way', 'not now', 'not yet', 'rather not', 'i would rather not',
  'probably not', 'i guess not', 'i suppose not', 'leave it', 'not for now',
];
/** Hedges: neither yes nor no, and they must not be read as "no" because they contain "not" or "no". */
const UNSURE = [
  'not sure', 'i am not sure', 'maybe', 'perhaps', 'i do not know', 'do not know', 'no idea', 'i have no idea',
  'not certain', 'possibly',
];

type Polarity = 'yes' | 'no' | 'unsure';
const PHRASES: [string[], Polarity][] = [
  ...YES.map((p): [string[], Polarity] => [p.split(' '), 'yes']),
  ...NO.map((p): [string[], Polarity] => [p.split(' '), 'no']),
  ...UNSURE.map((p): [string[], Polarity] => [p.split(' '), 'unsure']),
].sort((a, b) => b[0].length - a[0].length);

const VOCABULARY = [...new Set(PHRASES.flatMap(([w]) => w))];
/**
 * Typo targets: "yes" and the words of five letters or more. Shorter ones are left out because ordinary
 * words sit one edit from them ("note" -> "nope", "pure" -> "sure", "nod" -> "no"), and a typo there would
 * put a "no" into an unrelated answer.
 */
const CORRECTION_TARGETS = [
  'yes', 'correct', 'exactly', 'absolutely', 'definitely', 'certainly', 'affirmative', 'confirm', 'confirmed',
  'agreed', 'indeed', 'never', 'negative', 'incorrect',
];
/** Shared by every call: the vocabulary is fixed, and corrections depend on nothing else. */
const CORRECTOR = createTypoCorrector(CORRECTION_TARGETS);

const squeeze = (w: string): string => w.replace(/(.)\1+/g, '$1');
/** Elongated words ("yesss", "noooo", "okaaay") map back by squeezing repeated letters on both sides. */
const BY_SQUEEZED = new Map<string, string>();
for (const w of VOCABULARY) if (!BY_SQUEEZED.has(squeeze(w))) BY_SQUEEZED.set(squeeze(w), w);

/**
 * The share of an answer's words that are yes/no vocabulary ("no not really" 1, "no, I want to talk to a
 * person" 1/8): how much of the text the yes/no reading explains. The runtime lets a global intent override
 * a valid yes/no answer only when it explains clearly more.
 */
export function yesNoShare(text: string, typoTolerance: boolean): number {
  const tokens = basicTokens(text);
  if (tokens.length === 0) return 0;
  const corrector = typoTolerance ? CORRECTOR : null;
  const fixed = tokens.map((t) => (VOCABULARY.includes(t) ? t : (BY_SQUEEZED.get(squeeze(t)) ?? (corrector ? corrector.correct(t) : t))));
  let covered = 0;
  let i = 0;
  next: while (i < fixed.length) {
    for (const [words] of PHRASES) {
      if (words.every((w, k) => fixed[i + k] === w)) {
        covered += words.length;
        i += words.length;
        continue next;
      }
    }
    i++;
  }
  return covered / tokens.length;
}

/**
 * Reads a yes or no from an answer. Returns null when there is neither (or only a hedge such as "not
 * sure"), and 'mixed' when the answer says both ("yes... no").
 *
 * @example
 * readYesNo("yep that's right", false) // "yes"
 * readYesNo('nah', false) // "no"
 * readYesNo('yse', true) // "yes" (typo corrected)
 */
export function readYesNo(text: string, typoTolerance: boolean): 'yes' | 'no' | 'mixed' | null {
  let tokens = basicTokens(text);
  if (tokens.length === 1 && (tokens[0] === 'y' || tokens[0] === 'n')) return tokens[0] === 'y' ? 'yes' : 'no';
  const corrector = typoTolerance ? CORRECTOR : null;
  tokens = tokens.map((t) => {
    if (VOCABULARY.includes(t)) return t;
    const squeezed = BY_SQUEEZED.get(squeeze(t));
    if (squeezed) return squeezed;
    return corrector ? corrector.correct(t) : t;
  });
  let yes = false;
  let no = false;
  let i = 0;
  next: while (i < tokens.length) {
    for (const [words, polarity] of PHRASES) {
      if (words.every((w, k) => tokens[i + k] === w)) {
        if (polarity === 'yes') yes = true;
        else if (polarity === 'no') no = true;
        i += words.length;
        continue next;
      }
    }
    i++;
  }
  if (yes && no) return 'mixed';
  return yes ? 'yes' : no ? 'no' : null;
}
