/**
 * Understanding a flow's intents: which built-in meaning, if any, each one asks for, and what business the
 * flow serves. An intent is read as a whole (its id, label, description and every training phrase), never
 * from one keyword: each of those texts is scored against every meaning's phrasings with the matcher's own
 * TF-IDF cosine, and a meaning wins only when its average over all the texts is high and clearly ahead of the
 * next. Where nothing fits with confidence the intent is worded by hold-out (see types.ts) and its scores
 * are marked as estimated: a wrong meaning would make customers ask for something else (a bank card that
 * did not arrive worded as a lost parcel), which is worse than an honest estimate.
 */
import type { FlowDocument, FlowNode, Intent } from '../flow/types.ts';
import { buildIntentMatcherWith } from '../runtime/matcher/intent-matcher.ts';
import type { IntentMatcher } from '../runtime/matcher/types.ts';
import type { CompiledFlow } from '../runtime/types.ts';
import { DOMAIN_PACKS } from './domains/index.ts';
import type { DomainPack, FlowLanguage, IntentLanguage, Meaning } from './types.ts';

/**
 * Acceptance of a meaning: its mean cosine over the intent's texts (weighted down for another business, see
 * OTHER_DOMAIN_WEIGHT) must reach `MIN_FIT` and lead the next meaning by `MIN_LEAD`. Chosen on the
 * calibration suite's six tuning domains only (test/fixtures/calibration; README "How realistic are the
 * customers?"): there, intents the bank has no meaning for (opening a savings account, exporting one's data)
 * came within 0.10 of their nearest wrong meaning, while right meanings led by 0.10 and more; a wrong meaning
 * costs more than an honest hold-out estimate, so the bar sits just above.
 */
export const MIN_FIT = 0.4;
export const MIN_LEAD = 0.12;
/** Domains a flow's intents are compared with (besides the general meanings). */
const CANDIDATE_DOMAINS = 3;
/** Domain inference: the top domain must collect this share of the evidence, and lead the next by this much. */
const MIN_DOMAIN_SHARE = 0.3;
/** Phrasings per meaning used to recognise it (all of them are used for wording). */
const UNDERSTAND_PHRASINGS = 12;
/** Meanings of another business than the flow's count for this share of their fit. */
const OTHER_DOMAIN_WEIGHT = 0.8;
/** The general meanings (talk to a human, complain...) fit any business. */
export const GENERAL_DOMAIN = 'general';

interface BankIndex {
  packs: readonly DomainPack[];
  /** Matcher intent id ("domain/meaning") -> its domain and meaning. */
  meanings: Map<string, { domain: DomainPack; meaning: Meaning }>;
  keywordDomains: Map<string, string[]>;
  /** Meaning matchers by candidate-domain set, built on first use. */
  matchers: Map<string, IntentMatcher>;
}

const banks = new WeakMap<readonly DomainPack[], BankIndex>();

/** The bank's lookup tables (the built-in bank unless a test passes its own), once per bank. */
function bankIndex(packs: readonly DomainPack[] = DOMAIN_PACKS): BankIndex {
  const hit = banks.get(packs);
  if (hit) return hit;
  const meanings = new Map<string, { domain: DomainPack; meaning: Meaning }>();
  const keywordDomains = new Map<string, string[]>();
  for (const d of packs) {
    for (const m of d.meanings) meanings.set(`${d.id}/${m.id}`, { domain: d, meaning: m });
    if (d.id === GENERAL_DOMAIN) continue;
    for (const k of d.keywords) {
      const w = k.toLowerCase();
      keywordDomains.set(w, [...(keywordDomains.get(w) ?? []), d.id]);
    }
  }
  const index: BankIndex = { packs, meanings, keywordDomains, matchers: new Map() };
  banks.set(packs, index);
  return index;
}

/**
 * The meaning matcher over some domains (and the general meanings), built once per set and kept: a TF-IDF
 * index over each meaning's name, description and a sample of its phrasings, enough to judge fit. Building it
 * over the whole bank costs a few hundred milliseconds in a cold worker, so a flow gets the few domains its
 * words point to.
 */
function meaningMatcher(index: BankIndex, domains: readonly string[]): IntentMatcher {
  const key = [...new Set([...domains, GENERAL_DOMAIN])].sort().join('|');
  const hit = index.matchers.get(key);
  if (hit) return hit;
  const intents: Intent[] = [];
  for (const [id, { domain, meaning: m }] of index.meanings) {
    if (!key.split('|').includes(domain.id)) continue;
    intents.push({ id, phrases: [m.name, m.description, ...m.phrasings.slice(0, UNDERSTAND_PHRASINGS), ...m.terse.slice(0, 3)] });
  }
  const matcher = buildIntentMatcherWith(intents, { threshold: 0, margin: 0, typoTolerance: false, globalThreshold: 1 });
  index.matchers.set(key, matcher);
  return matcher;
}

/** Keyword evidence per domain in the flow's words. */
function keywordEvidence(doc: FlowDocument, index: BankIndex): Map<string, number> {
  const evidence = new Map<string, number>();
  for (const w of flowWords(doc)) {
    const ds = index.keywordDomains.get(w);
    if (ds) for (const d of ds) evidence.set(d, (evidence.get(d) ?? 0) + 1 / ds.length);
  }
  return evidence;
}

/** The domains a flow's meanings are looked for in: the stated one, else the three its words point to most. */
function candidateDomains(doc: FlowDocument, index: BankIndex, evidence: Map<string, number>): string[] {
  const stated = doc.domain ? resolveStated(doc.domain, index.packs) : null;
  const ranked = [...evidence.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([d]) => d);
  const top = ranked.slice(0, CANDIDATE_DOMAINS);
  if (stated) return [stated, ...top.filter((d) => d !== stated).slice(0, CANDIDATE_DOMAINS - 1)];
  // No domain word at all: look everywhere.
  return top.length > 0 ? top : index.packs.map((p) => p.id);
}

/** Words of an identifier: "card_not_arrived" -> "card not arrived". */
export function idWords(id: string): string {
  return id
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[^A-Za-z0-9']+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The texts an intent is understood from. */
function intentTexts(intent: Intent): string[] {
  const texts = intent.phrases.filter((p) => p.trim() !== '');
  const name = intent.label && intent.label.trim() !== '' ? intent.label : idWords(intent.id);
  if (name !== '') texts.push(name);
  if (intent.description && intent.description.trim() !== '') texts.push(intent.description);
  return texts;
}

/** Mean cosine of every meaning over the intent's texts, by matcher id. */
function meaningFits(intent: Intent, matcher: IntentMatcher): Map<string, number> {
  const texts = intentTexts(intent);
  const sums = new Map<string, number>();
  for (const t of texts) {
    for (const r of matcher.match(t).ranked) sums.set(r.intent, (sums.get(r.intent) ?? 0) + r.score);
  }
  for (const [k, v] of sums) sums.set(k, v / Math.max(1, texts.length));
  return sums;
}

/** Every word the bot or the designer wrote: intents and the texts of the nodes. */
function flowWords(doc: FlowDocument): string[] {
  const parts: string[] = [];
  for (const i of doc.intents) parts.push(idWords(i.id), i.label ?? '', i.description ?? '', ...i.phrases);
  for (const n of doc.nodes as FlowNode[]) {
    const d = n.data as unknown as Record<string, unknown>;
    for (const k of ['greeting', 'text', 'prompt', 'reprompt', 'label']) if (typeof d[k] === 'string') parts.push(d[k] as string);
  }
  return parts.join(' ').toLowerCase().split(/[^a-z']+/).filter((w) => w.length > 2);
}

/** A stated domain in words, resolved to a pack id ("Banking and cards" -> "banking_cards"), or null. */
function resolveStated(stated: string, packs: readonly DomainPack[]): string | null {
  const s = stated.trim().toLowerCase();
  const exact = packs.find((d) => d.id === s || d.name.toLowerCase() === s);
  if (exact) return exact.id;
  const words = new Set(s.split(/[^a-z]+/).filter((w) => w.length > 2));
  let best: { id: string; hits: number } | null = null;
  for (const d of packs) {
    const hits = [...new Set([...idWords(d.id).split(' '), ...d.name.toLowerCase().split(/[^a-z]+/), ...d.keywords])].filter((w) => words.has(w)).length;
    if (hits > 0 && (!best || hits > best.hits)) best = { id: d.id, hits };
  }
  return best?.id ?? null;
}

/**
 * The flow's domain: stated, else inferred from the flow's words (domain keywords) and from which domain's
 * meanings its intents fit best. Null when no domain clearly leads.
 */
function inferDomain(doc: FlowDocument, fits: readonly Map<string, number>[], index: BankIndex, keywords: Map<string, number>): { domain: string | null; source: FlowLanguage['domainSource'] } {
  if (doc.domain) {
    const stated = resolveStated(doc.domain, index.packs);
    if (stated) return { domain: stated, source: 'stated' };
  }
  const evidence = new Map(keywords);
  const add = (d: string, v: number) => evidence.set(d, (evidence.get(d) ?? 0) + v);
  // Each intent votes for the domain of its best-fitting meaning, weighted like a few keywords.
  for (const f of fits) {
    let top: [string, number] | null = null;
    for (const [k, v] of f) if (!top || v > top[1]) top = [k, v];
    if (!top) continue;
    const d = index.meanings.get(top[0])!.domain.id;
    if (d !== GENERAL_DOMAIN) add(d, 3 * top[1]);
  }
  const ranked = [...evidence.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = ranked.reduce((s, [, v]) => s + v, 0);
  if (ranked.length === 0 || total === 0) return { domain: null, source: 'none' };
  const [top, second] = ranked;
  if (top[1] / total < MIN_DOMAIN_SHARE || (second && top[1] < 1.25 * second[1])) return { domain: null, source: 'none' };
  return { domain: top[0], source: 'inferred' };
}

const cache = new WeakMap<CompiledFlow, FlowLanguage>();
/** Per understood document: the matcher and fits it was understood with (for out-of-scope requests). */
const workings = new WeakMap<FlowDocument, { index: BankIndex; matcher: IntentMatcher; fits: Map<string, number>[] }>();

/**
 * What the simulator understands of a flow's language: its domain and, per intent, the wording source.
 * Cached per compiled flow; pure and deterministic.
 *
 * @example
 * const lang = understandFlow(flow);
 * lang.intents.get('card_not_arrived') // { source: 'meaning', meaning: { domain: 'banking_cards', id: 'card_not_received', ... }, ... }
 */
export function understandFlow(flow: CompiledFlow): FlowLanguage {
  const hit = cache.get(flow);
  if (hit) return hit;
  const language = understandDocument(flow.doc);
  cache.set(flow, language);
  return language;
}

/** {@link understandFlow} on a flow document (no compiled flow needed); `packs` replaces the built-in bank (tests). */
export function understandDocument(doc: FlowDocument, packs: readonly DomainPack[] = DOMAIN_PACKS): FlowLanguage {
  const index = bankIndex(packs);
  const keywords = keywordEvidence(doc, index);
  const matcher = meaningMatcher(index, candidateDomains(doc, index, keywords));
  const fits = doc.intents.map((i) => meaningFits(i, matcher));
  workings.set(doc, { index, matcher, fits });
  const { domain, source } = inferDomain(doc, fits, index, keywords);
  // Meanings of the flow's own business (and the general ones) are preferred; another business's meaning
  // still wins when it fits clearly better (a utility meter question in a flow that is mostly about cards).
  const weight = (d: string) => (domain === null || d === domain || d === GENERAL_DOMAIN ? 1 : OTHER_DOMAIN_WEIGHT);

  const imported = new Map<string, string[]>();
  for (const m of doc.customerMessages ?? []) {
    if (m.text.trim() === '') continue;
    imported.set(m.intent, [...(imported.get(m.intent) ?? []), m.text]);
  }

  // Candidates per intent, best first; then a greedy assignment so that no two intents share a meaning
  // (two intents worded alike would make the router look confused for the simulator's own reasons).
  const pairs: { ii: number; id: string; fit: number; lead: number }[] = [];
  const best = new Map<number, { id: string; fit: number }>();
  doc.intents.forEach((_, ii) => {
    const ranked = [...fits[ii].entries()]
      .map(([k, v]): [string, number] => [k, v * weight(index.meanings.get(k)!.domain.id)])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (ranked.length === 0) return;
    best.set(ii, { id: ranked[0][0], fit: ranked[0][1] });
    for (let r = 0; r < Math.min(3, ranked.length); r++) {
      const next = ranked[r + 1]?.[1] ?? 0;
      pairs.push({ ii, id: ranked[r][0], fit: ranked[r][1], lead: ranked[r][1] - next });
    }
  });
  pairs.sort((a, b) => b.fit - a.fit || a.ii - b.ii);
  const chosen = new Map<number, string>();
  const used = new Set<string>();
  for (const p of pairs) {
    if (chosen.has(p.ii) || used.has(p.id)) continue;
    if (p.fit < MIN_FIT || p.lead < MIN_LEAD) continue;
    // Only an intent's own best meaning, or its next when another intent fits the best one better.
    if (best.get(p.ii)!.id !== p.id && !used.has(best.get(p.ii)!.id)) continue;
    chosen.set(p.ii, p.id);
    used.add(p.id);
  }

  const intents = new Map<string, IntentLanguage>();
  doc.intents.forEach((intent, ii) => {
    if (intents.has(intent.id)) return;
    const confidence = round(best.get(ii)?.fit ?? 0);
    const messages = imported.get(intent.id);
    if (messages && messages.length > 0) {
      intents.set(intent.id, { intent: intent.id, source: 'imported', confidence, messages, estimated: false });
      return;
    }
    const id = chosen.get(ii);
    if (id !== undefined) {
      const { domain: d, meaning } = index.meanings.get(id)!;
      intents.set(intent.id, { intent: intent.id, source: 'meaning', meaning: { domain: d.id, id: meaning.id, name: meaning.name }, confidence: round(fits[ii].get(id) ?? 0), estimated: false });
      return;
    }
    intents.set(intent.id, { intent: intent.id, source: 'held_out', confidence, estimated: true });
  });
  return { domain, domainSource: source, intents };
}

/** The built-in meaning behind an intent's wording, or null. */
export function meaningOf(flow: CompiledFlow, intentId: string): Meaning | null {
  const m = understandFlow(flow).intents.get(intentId)?.meaning;
  if (!m) return null;
  return workings.get(flow.doc)!.index.meanings.get(`${m.domain}/${m.id}`)?.meaning ?? null;
}

/** The domain pack of a flow (its stated or inferred domain), or null. */
export function domainOf(flow: CompiledFlow): DomainPack | null {
  const d = understandFlow(flow).domain;
  return d === null ? null : (workings.get(flow.doc)!.index.packs.find((p) => p.id === d) ?? null);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Requests of the flow's business that none of its intents handles: the built-in meanings of its domain
 * (and the general ones) that fit no intent of the flow even loosely. Out-of-scope customers ask for these.
 * A meaning that is any intent's best candidate, or fits one above `LOOSE_FIT`, is left out, so an intent
 * that was merely not mapped with confidence is never tested with its own request as "out of scope".
 */
export function outOfScopeMeanings(flow: CompiledFlow): readonly Meaning[] {
  const hit = oosCache.get(flow);
  if (hit) return hit;
  const domain = understandFlow(flow).domain;
  const { index, fits } = workings.get(flow.doc)!;
  const out: Meaning[] = [];
  for (const [key, { domain: d, meaning }] of index.meanings) {
    if (!(d.id === domain || d.id === GENERAL_DOMAIN)) continue;
    // Only meanings the flow was compared with (its candidate domains) can be known to fit none of its intents.
    if (!fits.every((f) => f.has(key)) && fits.length > 0) continue;
    // A human, a complaint, what the bot can do: global intents and fair game for any bot; not out of scope.
    if (d.id === GENERAL_DOMAIN && GENERAL_IN_SCOPE.test(meaning.id)) continue;
    const near = fits.some((f) => {
      let top: [string, number] | null = null;
      for (const e of f) if (!top || e[1] > top[1]) top = e;
      return top?.[0] === key || (f.get(key) ?? 0) >= LOOSE_FIT;
    });
    if (!near) out.push(meaning);
  }
  oosCache.set(flow, out);
  return out;
}

/** General meanings every bot may answer (handoff, help, complaints): never used as out-of-scope requests. */
const GENERAL_IN_SCOPE = /(human|agent|person|complain|what_can|bot_can|capabilit|help)/;
/** Below this mean cosine a meaning is unrelated to an intent. */
const LOOSE_FIT = 0.2;
const oosCache = new WeakMap<CompiledFlow, readonly Meaning[]>();
