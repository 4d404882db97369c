/**
 * Text normalisation shared by the intent matcher, the option matcher and the slot extractors.
 *
 * The pipeline is split into stages so the intent matcher can run typo correction between lexing and
 * filler stripping (a misspelt "pleasse" is corrected to "please" first, then stripped like any "please"):
 *
 *   lex (NFKC, lowercase, letter runs, tokens + clause breaks) -> expand contractions -> [correct] -> strip fillers
 */

/** A clause break (comma, full stop, question mark...) kept between tokens until fillers are stripped. */
export const CLAUSE_BREAK = '\u0000';

// Emails first, then numbers with inner separators (12.50, 1,000, 12/03/2024, 555-1234) so their punctuation
// survives, then words (letters/digits with inner apostrophes), then clause punctuation. Everything else is a
// separator.
const TOKEN_RE =
  /([\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)|(\p{N}+(?:[.,:/-]\p{N}+)+)(?![\p{L}\p{N}])|([\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*)|([,;.!?:\n…]+|\s[-–—]+\s)/gu;

/** Typographic apostrophes and accents used as apostrophes, unified to "'" before lexing. */
const APOSTROPHE_RE = /[\u2018\u2019\u201B\u02BC\u0060\u00B4\u2032]/g;
/** More than two of the same letter in a row ("pleeease", "helllo"): keep two. */
const LETTER_RUN_RE = /(\p{L})\1{2,}/gu;

/**
 * Lowercases, applies Unicode NFKC (full-width letters and digits, ligatures), unifies apostrophes, collapses
 * letter runs longer than two and splits into tokens. Clause punctuation becomes {@link CLAUSE_BREAK}.
 */
export function lex(text: string): string[] {
  const folded = text.normalize('NFKC').toLowerCase().replace(APOSTROPHE_RE, "'").replace(LETTER_RUN_RE, '$1$1');
  const out: string[] = [];
  for (const m of folded.matchAll(TOKEN_RE)) {
    if (m[4] !== undefined) {
      if (out.length > 0 && out[out.length - 1] !== CLAUSE_BREAK) out.push(CLAUSE_BREAK);
    } else {
      out.push(m[1] ?? m[2] ?? m[3]);
    }
  }
  return out;
}

/** Whole-word contractions that do not follow the regular suffix rules. */
const IRREGULAR_CONTRACTIONS: Record<string, string[]> = {
  "can't": ['can', 'not'],
  "won't": ['will', 'not'],
  "shan't": ['shall', 'not'],
  "ain't": ['is', 'not'],
  "let's": ['let', 'us'],
  "y'all": ['you', 'all'],
  "o'clock": ['oclock'],
};

/**
 * Contractions typed without their apostrophe ("dont", "im"). Only forms that are not also common English
 * words are listed: "id" (order id), "ill", "were", "well", "its", "hell", "shell" and "lets" stay as typed.
 * The informal forms (wanna, gonna, u) are the impatient persona's shorthand.
 */
const DROPPED_APOSTROPHES: Record<string, string[]> = {
  dont: ['do', 'not'], doesnt: ['does', 'not'], didnt: ['did', 'not'], cant: ['can', 'not'],
  cannot: ['can', 'not'], wont: ['will', 'not'], isnt: ['is', 'not'], arent: ['are', 'not'],
  wasnt: ['was', 'not'], werent: ['were', 'not'], havent: ['have', 'not'], hasnt: ['has', 'not'],
  hadnt: ['had', 'not'], couldnt: ['could', 'not'], shouldnt: ['should', 'not'], wouldnt: ['would', 'not'],
  mustnt: ['must', 'not'], neednt: ['need', 'not'], aint: ['is', 'not'],
  im: ['i', 'am'], ive: ['i', 'have'], youre: ['you', 'are'], youve: ['you', 'have'], youll: ['you', 'will'],
  youd: ['you', 'would'], theyre: ['they', 'are'], theyve: ['they', 'have'], theyll: ['they', 'will'],
  weve: ['we', 'have'], thats: ['that', 'is'], whats: ['what', 'is'], wheres: ['where', 'is'],
  whos: ['who', 'is'], hows: ['how', 'is'], theres: ['there', 'is'], heres: ['here', 'is'],
  itll: ['it', 'will'], shes: ['she', 'is'], whens: ['when', 'is'], whys: ['why', 'is'],
  wanna: ['want', 'to'], gonna: ['going', 'to'], gotta: ['got', 'to'], dunno: ['do', 'not', 'know'],
  gimme: ['give', 'me'], lemme: ['let', 'me'], u: ['you'], ur: ['your'], thx: ['thanks'], pls: ['please'],
  plz: ['please'], plse: ['please'], pleease: ['please'], thnx: ['thanks'], thanx: ['thanks'], ty: ['thank', 'you'],
};

/** Words whose "'s" means "is" rather than a possessive. */
const S_IS_HOSTS = new Set([
  'it', 'that', 'what', 'where', 'who', 'there', 'here', 'how', 'he', 'she', 'when', 'why', 'everything',
  'nothing', 'something', 'someone', 'this',
]);

const SUFFIX_EXPANSIONS: [string, string][] = [
  ["n't", 'not'], ["'re", 'are'], ["'ve", 'have'], ["'ll", 'will'], ["'d", 'would'], ["'m", 'am'],
];

/** Expands one token's contraction, or returns it unchanged (in a one-element array). */
function expandToken(token: string): string[] {
  const dropped = Object.hasOwn(DROPPED_APOSTROPHES, token) ? DROPPED_APOSTROPHES[token] : undefined;
  if (dropped) return dropped;
  if (!token.includes("'")) return [token];
  const irregular = Object.hasOwn(IRREGULAR_CONTRACTIONS, token) ? IRREGULAR_CONTRACTIONS[token] : undefined;
  if (irregular) return irregular;
  for (const [suffix, word] of SUFFIX_EXPANSIONS) {
    if (token.endsWith(suffix) && token.length > suffix.length) {
      return [...expandToken(token.slice(0, -suffix.length)), word];
    }
  }
  if (token.endsWith("'s") && token.length > 2) {
    const host = token.slice(0, -2);
    // "order's" is a possessive: drop the "'s" so it matches "order".
    return S_IS_HOSTS.has(host) ? [host, 'is'] : [host.replaceAll("'", '')];
  }
  return [token.replaceAll("'", '')];
}

/** Expands contractions and restores dropped apostrophes: "don't" and "dont" both become "do not". */
export function expandContractions(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (t === CLAUSE_BREAK || t.includes('@')) out.push(t);
    else for (const e of expandToken(t)) out.push(e);
  }
  return out;
}

/**
 * Politeness and filler removed wherever they occur. Multi-word phrases are matched longest first. The list
 * answers botpress/nlu#221, where "please, I would like..." padding sank a keyword-trained model's confidence
 * (see research/persona-realism.md section 7.1). Content words ("help", "repeat", "human", "no") never appear.
 */
const FILLERS_ANYWHERE = [
  'please', 'kindly', 'just', 'thanks', 'thank you', 'thank you very much', 'thank you so much',
  'thanks a lot', 'thanks so much', 'thanks very much', 'many thanks', 'thanks in advance', 'thank you in advance',
  'cheers', 'much appreciated', 'i appreciate it', 'appreciate it', 'i would appreciate it',
  'hello', 'hello there', 'hi', 'hi there', 'hey', 'hey there', 'hiya', 'howdy', 'greetings',
  'good morning', 'good afternoon', 'good evening', 'good day',
  'dear sir', 'dear madam', 'dear sir or madam', 'dear sirs', 'to whom it may concern',
  'sorry', 'i am sorry', 'so sorry', 'sorry to bother you', 'apologies', 'excuse me',
  'kind regards', 'best regards', 'regards', 'best wishes',
  'um', 'umm', 'uh', 'uhh', 'uhm', 'erm', 'er', 'hmm', 'hm', 'ah', 'ahh',
  'i would like to', 'i would like', 'i would love to', 'id like to', 'id like', 'i wish to',
  'i was wondering if', 'i was wondering', 'i wonder if', 'if you could', 'if you can', 'if possible',
  'if you do not mind', 'if you would', 'if you please',
  'basically', 'literally',
  // Whole polite clauses, common in older customers' messages: they carry no request.
  'thank you for your help', 'thanks for your help', 'thank you ever so much', 'thank you ever so much for your help',
  'i would be very grateful', 'i would be grateful', 'i would be most grateful', 'i do appreciate it', 'i really appreciate it',
  'i know you are very busy', 'i know you are busy', 'i hope you are well', 'i hope you are keeping well',
  'i hope you are having a good day', 'i hope you are having a nice day', 'thanks in advance dear', 'dear',
];

/** Filler only at the start of a clause: "well, ..." is filler, "it works well" is not. */
const FILLERS_CLAUSE_START = [
  'well', 'so', 'ok', 'okay', 'oh', 'alright', 'all right', 'right', 'anyway', 'anyways', 'now', 'actually',
  'could you', 'can you', 'would you', 'will you', 'could you possibly', 'can you possibly', 'would you mind',
  'would you be so kind as to', 'would it be possible to', 'is it possible to', 'you could',
];

const END = '\u0001';

function buildTrie(phrases: readonly string[]): Map<string, unknown> {
  const root = new Map<string, unknown>();
  for (const p of phrases) {
    let node = root;
    for (const w of p.split(' ')) {
      let next = node.get(w) as Map<string, unknown> | undefined;
      if (!next) {
        next = new Map();
        node.set(w, next);
      }
      node = next;
    }
    node.set(END, true);
  }
  return root;
}

const ANYWHERE_TRIE = buildTrie(FILLERS_ANYWHERE);
const CLAUSE_START_TRIE = buildTrie(FILLERS_CLAUSE_START);

/** Length of the longest phrase of `trie` starting at `tokens[i]` (0 when none). */
function longestPhrase(trie: Map<string, unknown>, tokens: readonly string[], i: number): number {
  let node: Map<string, unknown> | undefined = trie;
  let best = 0;
  for (let j = i; j < tokens.length && node; j++) {
    node = node.get(tokens[j]) as Map<string, unknown> | undefined;
    if (node?.has(END)) best = j - i + 1;
  }
  return best;
}

/** True when `word` is a single-word politeness or filler word (used to drop corrected typos of them). */
export function isFillerWord(word: string): boolean {
  const node = ANYWHERE_TRIE.get(word) as Map<string, unknown> | undefined;
  return node?.has(END) === true;
}

/** Single filler words, offered to the typo corrector so that "pleasse" becomes "please" and is stripped. */
export const FILLER_WORDS: readonly string[] = FILLERS_ANYWHERE.filter((p) => !p.includes(' '));

/** One left-to-right pass; clause breaks are kept so a later pass knows where clauses start. */
function stripOnce(tokens: readonly string[], clauseStart: boolean): string[] {
  const out: string[] = [];
  let atStart = true;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t === CLAUSE_BREAK) {
      if (out.length > 0 && out[out.length - 1] !== CLAUSE_BREAK) out.push(t);
      atStart = true;
      i++;
      continue;
    }
    const a = longestPhrase(ANYWHERE_TRIE, tokens, i);
    const c = clauseStart && atStart ? longestPhrase(CLAUSE_START_TRIE, tokens, i) : 0;
    const skip = Math.max(a, c);
    if (skip > 0) {
      i += skip;
      continue;
    }
    out.push(t);
    atStart = false;
    i++;
  }
  return out;
}

/**
 * Strips until nothing changes: removing one filler can join two others ("would please you" -> "would
 * you"), and normalising twice must give the same text as once.
 */
function strip(tokens: readonly string[], clauseStart: boolean): string[] {
  let cur = tokens.slice();
  for (;;) {
    const next = stripOnce(cur, clauseStart);
    if (next.length === cur.length) return next.filter((t) => t !== CLAUSE_BREAK);
    cur = next;
  }
}

/**
 * Removes politeness and filler, and the clause breaks. A text made only of fillers ("thank you", "hi") keeps
 * them, first without the clause-start kind ("ok thanks" -> "ok"), else whole: a flow may have an intent for
 * greetings or thanks, and an empty string would match nothing.
 */
export function stripFillers(tokens: readonly string[]): string[] {
  const full = strip(tokens, true);
  if (full.length > 0) return full;
  const light = strip(tokens, false);
  if (light.length > 0) return light;
  return tokens.filter((t) => t !== CLAUSE_BREAK);
}

/** Tokens after lexing and contraction expansion, clause breaks removed, fillers kept. */
export function basicTokens(text: string): string[] {
  return expandContractions(lex(text)).filter((t) => t !== CLAUSE_BREAK);
}

/**
 * Normalises a customer utterance or training phrase: lowercase, Unicode NFKC, punctuation stripped (except
 * inside emails and numbers), letter runs longer than two collapsed, contractions expanded (also when the
 * apostrophe was dropped), politeness and filler removed, single spaces.
 *
 * @example
 * normalize("Hi! Could you pleeeease tell me where my order is? Thanks") // "tell me where my order is"
 * normalize("I dont know, it's bob@x.com") // "i do not know it is bob@x.com"
 */
export function normalize(text: string): string {
  return stripFillers(expandContractions(lex(text))).join(' ');
}
