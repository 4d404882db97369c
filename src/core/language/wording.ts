/**
 * How a persona words a request for an intent, from the intent's wording source (types.ts): real messages,
 * a built-in meaning, or a held-out phrase of the flow's own. The customer never replays a training phrase
 * the router is tested with: bank and imported wording was written without the flow, and a held-out phrase
 * is left out of the router for the whole conversation.
 */
import type { Intent } from '../flow/types.ts';
import { compressPhrase, isVerbatimTrainingPhrase, trainingPhrasesOf, transformPhrase } from '../personas/banks.ts';
import type { PersonaId, RealizeContext } from '../personas/types.ts';
import type { CompiledFlow } from '../runtime/types.ts';
import type { Rng } from '../simulate/random.ts';
import type { ConversationLanguage, Meaning } from './types.ts';
import { idWords, meaningOf, outOfScopeMeanings, understandFlow } from './understand.ts';

const NO_HOLD_OUT: ConversationLanguage = { heldOut: new Map(), excluded: [] };

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
    const k = rng.int(intent.phrases.length);
    const index = flow.intents.phraseIndex(intent.id, k);
    heldOut.set(intent.id, k);
    if (index !== undefined) excluded.push(index);
  }
  return heldOut.size === 0 ? NO_HOLD_OUT : { heldOut, excluded };
}

function fresh(candidates: readonly string[], flow: CompiledFlow, r: Rng): string | null {
  for (let k = 0; k < 3 && candidates.length > 0; k++) {
    const c = r.pick(candidates);
    if (!isVerbatimTrainingPhrase(c, flow)) return c;
  }
  return null;
}

const wordCount = (s: string) => s.split(/\s+/).filter((w) => w !== '').length;

/** A persona's pick among a meaning's registers. Null: none usable (all verbatim training phrases). */
function fromMeaning(persona: PersonaId, m: Meaning, flow: CompiledFlow, r: Rng, retrying: boolean): string | null {
  const roll = r.next();
  switch (persona) {
    case 'impatient': {
      const short = m.phrasings.filter((p) => wordCount(p) <= 6);
      if (retrying || roll < 0.55) return fresh(m.terse, flow, r) ?? fresh(short, flow, r);
      return fresh(short.length > 0 ? short : m.terse, flow, r);
    }
    case 'typo-prone':
      if (retrying && roll < 0.35) return fresh(m.terse, flow, r);
      return fresh(m.phrasings, flow, r);
    case 'non-native':
      if (retrying && roll < 0.25) return fresh(m.terse, flow, r);
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
    const picked = m ? fromMeaning(persona, m, flow, r, retrying) : null;
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
  return (m ? fromMeaning(persona, m, flow, r, ctx.retry > 0) : null) ?? m?.name.toLowerCase() ?? idWords(request);
}
