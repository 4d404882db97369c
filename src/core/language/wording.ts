/**
 * How a persona words a request for an intent, from the intent's wording source (types.ts): real messages,
 * a built-in meaning, or a held-out phrase of the flow's own. The customer never replays a training phrase
 * the router is tested with: bank and imported wording was written without the flow, and a held-out phrase
 * is left out of the router for the whole conversation.
 */
import type { Intent } from '../flow/types.ts';
import { compressPhrase, isVerbatimTrainingPhrase, stemWord, trainingPhrasesOf, transformPhrase, wordsOf } from '../personas/banks.ts';
import type { PersonaId, RealizeContext } from '../personas/types.ts';
import { buildIntentMatcherWith } from '../runtime/matcher/intent-matcher.ts';
import type { CompiledFlow } from '../runtime/types.ts';
import type { Rng } from '../simulate/random.ts';
import type { ConversationLanguage, Meaning } from './types.ts';
import { idWords, meaningOf, outOfScopeMeanings, understandFlow } from './understand.ts';

/** Fewest phrases an intent needs before one of them is held out (see planConversationLanguage). */
export const HOLD_OUT_MIN_PHRASES = 4;

const NO_HOLD_OUT: ConversationLanguage = { heldOut: new Map(), excluded: [] };

/**
 * The phrases a held-out customer may start from: the more typical half of the intent's phrases (by mean
 * similarity to its other phrases) when it has four or more, else all. Customers' requests gather around an
 * intent's typical wording; the outlying phrases a designer adds on purpose ("my house was broken into" for
 * a claim) stand for rarer customers, and holding them out would make the router look worse than real
 * customers find it (measured on the calibration suite's tuning domains: README "How realistic are the
 * customers?"). Cached per compiled flow.
 */
const typicalCache = new WeakMap<CompiledFlow, Map<string, number[]>>();
function typicalPhrases(flow: CompiledFlow, intent: Intent): number[] {
  let byIntent = typicalCache.get(flow);
  if (!byIntent) typicalCache.set(flow, (byIntent = new Map()));
  const hit = byIntent.get(intent.id);
  if (hit) return hit;
  const all = intent.phrases.map((_, i) => i);
  let pool = all;
  if (intent.phrases.length >= 4) {
    const m = buildIntentMatcherWith(intent.phrases.map((p, i) => ({ id: String(i), phrases: [p] })), { threshold: 0, margin: 0, typoTolerance: false, globalThreshold: 1 });
    const centrality = intent.phrases.map((p, i) => {
      const others = m.match(p).ranked.filter((x) => x.intent !== String(i));
      return others.reduce((sum, x) => sum + x.score, 0) / Math.max(1, others.length);
    });
    pool = [...all].sort((a, b) => centrality[b] - centrality[a] || a - b).slice(0, Math.ceil(all.length / 2)).sort((a, b) => a - b);
  }
  byIntent.set(intent.id, pool);
  return pool;
}

/**
 * Draws, for one conversation, the phrase each held-out intent's customer words (and the router leaves out).
 * Intents with a single phrase keep it: their customer words the intent's description or name instead.
 */
export function planConversationLanguage(flow: CompiledFlow, rng: Rng): ConversationLanguage {
  const language = understandFlow(flow);
  const heldOut = new Map<string, number>();
  const excluded: number[] = [];
  for (const intent of flow.doc.intents) {
    if (language.intents.get(intent.id)?.source !== 'held_out' || heldOut.has(intent.id)) continue;
    if (intent.phrases.length < 2) continue;
    // With two or three phrases, leaving one out judges the router on one or two (harsher than real customers
    // find it), while wording the intent's name flatters it (the name's words are usually in the phrases).
    // Customers are drawn half from each; from HOLD_OUT_MIN_PHRASES on, every one words a held-out phrase.
    if (intent.phrases.length < HOLD_OUT_MIN_PHRASES && rng.chance(0.5)) continue;
    const k = rng.pick(typicalPhrases(flow, intent));
    const index = flow.intents.phraseIndex(intent.id, k);
    heldOut.set(intent.id, k);
    if (index !== undefined) excluded.push(index);
  }
  return heldOut.size === 0 ? NO_HOLD_OUT : { heldOut, excluded };
}

const wordCount = (s: string) => s.split(/\s+/).filter((w) => w !== '').length;

/**
 * Weight of a meaning's phrasing that shares no content word with the intent's name (label or id words) and
 * description. A bank meaning is often broader than a flow's intent ("a special request at the hotel" for
 * "early check-in"); its phrasings that name neither stay possible, but rarer. The name, not the training
 * phrases, decides, so the designer's wording never steers the customer's and the weight does not change
 * with the number of phrases. Set on the calibration suite's tuning domains (README).
 */
export const OFF_NAME_WEIGHT = 0.35;

const nameStems = new WeakMap<CompiledFlow, Map<string, Set<string>>>();
function intentNameStems(flow: CompiledFlow, intentId: string): Set<string> {
  let byIntent = nameStems.get(flow);
  if (!byIntent) nameStems.set(flow, (byIntent = new Map()));
  let stems = byIntent.get(intentId);
  if (!stems) {
    const intent = flow.doc.intents.find((i) => i.id === intentId);
    const text = `${idWords(intentId)} ${intent?.label ?? ''} ${intent?.description ?? ''}`;
    stems = new Set(wordsOf(text).filter((w) => w.length > 2 && !NAME_STOP.has(w)).map(stemWord));
    byIntent.set(intentId, stems);
  }
  return stems;
}
const NO_STEMS: ReadonlySet<string> = new Set();
const NAME_STOP = new Set(['the', 'and', 'for', 'with', 'about', 'want', 'wants', 'customer', 'info', 'information', 'request', 'query', 'question', 'issue', 'problem', 'help', 'their', 'they', 'from', 'that', 'this', 'has', 'have', 'not', 'get']);

/** Per flow, list and intent: the usable lines (no verbatim training phrase) and their weights, computed once. */
const pickCache = new WeakMap<CompiledFlow, WeakMap<readonly string[], Map<ReadonlySet<string>, { usable: string[]; weights: number[] | null }>>>();

/** Picks a line, preferring those that name the intent (see OFF_NAME_WEIGHT); never a verbatim training phrase. */
function pickNamed(candidates: readonly string[], flow: CompiledFlow, stems: ReadonlySet<string>, r: Rng): string | null {
  let byList = pickCache.get(flow);
  if (!byList) pickCache.set(flow, (byList = new WeakMap()));
  let byStems = byList.get(candidates);
  if (!byStems) byList.set(candidates, (byStems = new Map()));
  let entry = byStems.get(stems);
  if (!entry) {
    const usable = candidates.filter((c) => !isVerbatimTrainingPhrase(c, flow));
    const weights = stems.size === 0 || OFF_NAME_WEIGHT >= 1 ? null : usable.map((c) => (wordsOf(c).some((w) => stems.has(stemWord(w))) ? 1 : OFF_NAME_WEIGHT));
    byStems.set(stems, (entry = { usable, weights }));
  }
  if (entry.usable.length === 0) return null;
  return entry.weights === null ? r.pick(entry.usable) : entry.usable[r.weightedIndex(entry.weights)];
}

/** A persona's pick among a meaning's registers. Null: none usable (all verbatim training phrases). */
function fromMeaning(persona: PersonaId, m: Meaning, flow: CompiledFlow, r: Rng, retrying: boolean, intentId: string | null): string | null {
  const stems = intentId === null ? new Set<string>() : intentNameStems(flow, intentId);
  const fresh = (candidates: readonly string[], f: CompiledFlow, rr: Rng) => pickNamed(candidates, f, stems, rr);
  // Terse forms (one to four words) rarely stray from the request: the name weighting is for sentences.
  const anyTerse = (candidates: readonly string[], f: CompiledFlow, rr: Rng) => pickNamed(candidates, f, NO_STEMS, rr);
  const roll = r.next();
  switch (persona) {
    case 'impatient': {
      const short = m.phrasings.filter((p) => wordCount(p) <= 6);
      if (retrying || roll < 0.55) return anyTerse(m.terse, flow, r) ?? fresh(short, flow, r);
      return short.length > 0 ? fresh(short, flow, r) : anyTerse(m.terse, flow, r);
    }
    case 'typo-prone':
      if (retrying && roll < 0.35) return anyTerse(m.terse, flow, r);
      return fresh(m.phrasings, flow, r);
    case 'non-native':
      if (retrying && roll < 0.25) return anyTerse(m.terse, flow, r);
      return roll < 0.5 ? fresh(m.simple, flow, r) : fresh(m.phrasings, flow, r);
    case 'elderly': {
      // Full sentences (Bost & Moore 2014): the bank's shortest forms are not how this persona asks.
      const full = m.phrasings.filter((p) => wordCount(p) >= 5);
      return fresh(full.length > 0 ? full : m.phrasings, flow, r);
    }
  }
}

/** Real messages by persona: the impatient pick short ones (or cut them), the elderly long ones. */
function fromMessages(persona: PersonaId, messages: readonly string[], r: Rng): string {
  const band = persona === 'impatient' ? messages.filter((m) => wordCount(m) <= 6) : persona === 'elderly' ? messages.filter((m) => wordCount(m) >= 6) : messages;
  const picked = r.pick(band.length > 0 ? band : messages);
  return persona === 'impatient' && wordCount(picked) > 6 ? compressPhrase(picked, 5) : picked;
}

/** The text a held-out customer starts from: the held-out phrase, else the intent's description or name. */
function heldOutSource(intent: Intent | undefined, intentId: string, language: ConversationLanguage): string {
  const k = language.heldOut.get(intentId);
  if (intent && k !== undefined && intent.phrases[k] !== undefined) return intent.phrases[k];
  if (intent?.description && intent.description.trim() !== '') return intent.description;
  if (intent?.label && intent.label.trim() !== '') return intent.label;
  return idWords(intentId);
}

/**
 * How this persona words a request for `intentId` in this conversation.
 *
 * @example
 * requestWording('elderly', flow, 'card_not_arrived', rng, ctx) // "my new card still hasn't come through the door"
 */
export function requestWording(persona: PersonaId, flow: CompiledFlow, intentId: string, r: Rng, ctx: RealizeContext): string {
  const info = understandFlow(flow).intents.get(intentId);
  const retrying = ctx.retry > 0;
  if (info?.source === 'imported' && info.messages && info.messages.length > 0) return fromMessages(persona, info.messages, r);
  if (info?.source === 'meaning') {
    const m = meaningOf(flow, intentId);
    const picked = m ? fromMeaning(persona, m, flow, r, retrying, intentId) : null;
    if (picked !== null) return picked;
  }
  const intent = flow.doc.intents.find((i) => i.id === intentId);
  const transformed = transformPhrase(heldOutSource(intent, intentId, ctx.language ?? NO_HOLD_OUT), r, trainingPhrasesOf(flow));
  // Cut to keywords: the impatient always, a typo-prone customer sometimes after a failure (§4.2 "rephrase shorter").
  if (persona === 'impatient' || (persona === 'typo-prone' && retrying && r.chance(0.4))) {
    const compressed = compressPhrase(transformed, persona === 'impatient' ? 4 : 5);
    return isVerbatimTrainingPhrase(compressed, flow) ? transformed : compressed;
  }
  return transformed;
}

/** How this persona words a request the flow does not handle (a built-in meaning, by id). */
export function outOfScopeWording(persona: PersonaId, flow: CompiledFlow, request: string, r: Rng, ctx: RealizeContext): string {
  const m = outOfScopeMeanings(flow).find((x) => x.id === request);
  return (m ? fromMeaning(persona, m, flow, r, ctx.retry > 0, null) : null) ?? m?.name.toLowerCase() ?? idWords(request);
}
