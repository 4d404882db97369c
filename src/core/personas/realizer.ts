/**
 * The template realizer: turns the acts the policy chose into a persona's words, from the team-written banks.
 * It is a seam (product.md §4, persona-realism.md §8.4): an LLM realizer can replace it without touching the
 * policy or the noise channels, which run after whichever realizer wrote the text.
 *
 * Output is clean, correctly cased and punctuated text; casing, dropped punctuation, caps, typos and learner
 * grammar are the noise channels' job, so their rates stay measurable.
 */
import type { EntitySpec, FlowNode, QuestionData, RouterOption } from '../flow/types.ts';
import type { Awaiting, CompiledFlow } from '../runtime/types.ts';
import { rngFrom, type Rng } from '../simulate/random.ts';
import {
  ANSWERS,
  CASUAL_POLITE_FRAMES,
  CLARIFY_REQUESTS,
  COMPLAINTS,
  DIGRESSIONS,
  ELDERLY_APOLOGIES,
  ELDERLY_CLOSINGS,
  ELDERLY_FACTUAL_ANSWERS,
  ELDERLY_GENERIC_BACKSTORIES,
  ELDERLY_LEAD_INS,
  GIVE_UPS,
  GREETINGS,
  HANDOFF_DEMANDS,
  MILD_COMPLAINTS,
  NON_NATIVE_POLITE_ANSWER_FRAMES,
  NON_NATIVE_POLITE_FRAMES,
  OPTION_ANSWERS,
  REASSURANCE_REQUESTS,
  REPEAT_REQUESTS,
  SLOT_LOOKALIKES,
  THANKS,
  TOPIC_SWITCH_FRAMES,
  VOLUNTEER_CLAUSES,
  YES_NO_ANSWERS,
  hasPolitenessMarker,
  registerOf,
  wordsOf,
  type AnswerKind,
  type VolunteerKind,
} from './banks.ts';
import { domainOf, meaningOf } from '../language/understand.ts';
import { outOfScopeWording, requestWording } from '../language/wording.ts';
import { PAST_DATE_RE } from './entity-values.ts';
import { PERSONAS } from './parameters.ts';
import type { DigressionKind, PersonaId, RealizeContext, Realizer } from './types.ts';

type RealizeInput = Parameters<Realizer['realize']>[0];


const QUESTION_STARTS = new Set([
  'where', "where's", 'what', "what's", 'when', 'how', 'why', 'who', 'which', 'can', 'could', 'is', 'are', 'has', 'have', 'do', 'does', 'did',
  'will', 'would', 'should', 'am', 'any', 'whats', 'wheres',
]);

/** Capitalises and closes a fragment as a sentence ("where is my order" -> "Where is my order?"). */
export function toSentence(fragment: string): string {
  const t = fragment.trim();
  if (t === '') return t;
  const cased = t.charAt(0).toUpperCase() + t.slice(1);
  if (/[.!?…:]$/.test(cased)) return cased;
  const first = t.split(/\s+/)[0].toLowerCase().replace(/[^a-z']/g, '');
  return `${cased}${QUESTION_STARTS.has(first) ? '?' : '.'}`;
}

/** Lower-cases a sentence's first letter when it starts an ordinary word (not "I", a code or a name in caps). */
function lowerFirst(s: string): string {
  const first = s.split(/\s+/)[0];
  if (first === 'I' || first.startsWith("I'") || !/^[A-Z][a-z']*[,.?!]?$/.test(first)) return s;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function stripEnd(s: string): string {
  return s.trim().replace(/[.!?]+$/, '');
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

// ---------------------------------------------------------------------------------------------------------
// Slots in words.

const questionCache = new WeakMap<CompiledFlow, Map<string, QuestionData>>();

/** The first question node asking for `slot` in the flow, if any (for its entity and wording). */
export function questionFor(flow: CompiledFlow, slot: string): QuestionData | undefined {
  let m = questionCache.get(flow);
  if (!m) {
    m = new Map();
    for (const n of flow.doc.nodes as FlowNode[]) if (n.type === 'question' && !m.has(n.data.slot)) m.set(n.data.slot, n.data);
    questionCache.set(flow, m);
  }
  return m.get(slot);
}

/** A slot's name in words: "order_number" -> "order number", an email slot -> "email address". */
export function slotLabel(slot: string, entity: EntitySpec | undefined): string {
  const words = wordsOf(slot).filter((w) => !/^\d+$/.test(w));
  let label = words.join(' ');
  const cryptic = label.length <= 2 || /\d/.test(slot);
  switch (entity?.type) {
    case 'email':
      return /mail/.test(label) && !cryptic ? (label === 'email' ? 'email address' : label) : 'email address';
    case 'phone':
      return /(phone|mobile|number)/.test(label) && !cryptic ? (label === 'phone' || label === 'mobile' ? `${label} number` : label) : 'phone number';
    case 'pattern':
      if (cryptic) return 'reference number';
      if (words.length === 1 && !/(number|id|code|reference|ref|no)$/.test(label)) label += ' number';
      return label;
    case 'date':
      return cryptic ? 'date' : label;
    case 'number':
      return cryptic ? 'number' : label;
    default:
      return cryptic ? 'answer' : label;
  }
}

/** The first word of a label, as an impatient customer abbreviates it ("order number" -> "order"). */
function shortLabel(label: string): string {
  const first = label.split(' ')[0];
  return first === 'reference' ? 'ref' : first;
}

function volunteerKind(entity: EntitySpec | undefined): VolunteerKind {
  switch (entity?.type) {
    case 'date':
      return 'date';
    case 'number':
      return 'count';
    case 'choice':
      return 'choice';
    default:
      return 'default';
  }
}


function answerKind(entity: EntitySpec | undefined, slot: string, prompt: string): AnswerKind {
  switch (entity?.type) {
    case 'date':
      return PAST_DATE_RE.test(prompt) ? 'date_past' : 'date';
    case 'number':
    case 'email':
    case 'phone':
    case 'choice':
      return entity.type;
    case 'text':
      return /name/.test(slot.toLowerCase()) ? 'name' : 'text';
    default:
      return 'default';
  }
}

/**
 * What the customer types for a choice: the option value, sometimes one of its synonyms (abbreviations like
 * "am" only from the impatient).
 */
function choiceWords(persona: PersonaId, entity: EntitySpec | undefined, value: string, r: Rng): string {
  if (entity?.type !== 'choice') return value;
  const option = entity.options.find((o) => o.value.toLowerCase() === value.toLowerCase());
  const synonyms = (option?.synonyms ?? []).map((x) => x.trim()).filter((x) => x !== '' && (persona === 'impatient' || x.length >= 4));
  return synonyms.length > 0 && r.chance(0.3) ? r.pick(synonyms) : value;
}

// ---------------------------------------------------------------------------------------------------------
// Requests (intents and options).

function optionText(persona: PersonaId, option: RouterOption | undefined, label: string, r: Rng): string {
  const synonyms = option?.synonyms ?? [];
  const said = synonyms.length > 0 && r.chance(0.3) ? r.pick(synonyms) : label;
  return fill(r.pick(OPTION_ANSWERS[persona]), { label: said.toLowerCase() });
}

// ---------------------------------------------------------------------------------------------------------
// Digressions.

function digressionText(persona: PersonaId, kind: DigressionKind, awaiting: Awaiting | null, flow: CompiledFlow, r: Rng): string {
  const reg = registerOf(persona);
  if (kind === 'slot_lookalike' && awaiting?.kind === 'question') {
    const e = awaiting.entity;
    const bank = SLOT_LOOKALIKES[e.type][reg];
    const vars: Record<string, string> = {};
    if (e.type === 'choice') {
      const values = e.options.map((o) => o.value);
      const [a, b] = r.shuffle(values);
      vars.a = a ?? 'the first one';
      vars.b = b ?? a ?? 'the other one';
    }
    if (e.type === 'pattern') {
      vars.prefix = e.example.slice(0, Math.min(3, Math.max(1, e.example.length - 3)));
      const digits = e.example.replace(/\D/g, '');
      vars.short = digits.length > 2 ? digits.slice(0, Math.max(2, digits.length - 2)) : '12';
    }
    return fill(r.pick(bank), vars);
  }
  const domain = domainOf(flow);
  if (kind === 'slot_lookalike' || kind === 'topic_switch' || kind === 'unrelated_question') {
    // Without a question (or another request) to play on, an unrelated question: half of them from the
    // flow's own business world when it is known, the rest about anything.
    if (domain && domain.asides.length > 0 && reg !== 'impatient' && r.chance(0.5)) return r.pick(domain.asides);
    return r.pick(DIGRESSIONS.unrelated_question[reg]);
  }
  if (kind === 'backstory' && persona === 'elderly' && r.chance(0.5)) return elderlyBackstory(flow, r);
  return r.pick(DIGRESSIONS[kind][reg]);
}

/** Personal context that fits the flow's business when it is known (no parcels in a bank), else generic. */
function elderlyBackstory(flow: CompiledFlow, r: Rng): string {
  const domain = domainOf(flow);
  return domain && domain.backstories.length > 0 && r.chance(0.7) ? r.pick(domain.backstories) : r.pick(ELDERLY_GENERIC_BACKSTORIES);
}

// ---------------------------------------------------------------------------------------------------------
// Politeness.

function addPoliteness(persona: PersonaId, text: string, ctx: RealizeContext, r: Rng, offTask: boolean, request: boolean, leaving: boolean): string {
  switch (persona) {
    case 'impatient':
      return `${stripEnd(text)} pls`;
    case 'typo-prone': {
      const frame = r.pick(CASUAL_POLITE_FRAMES);
      return fill(frame, { x: frame.startsWith('{x}') ? stripEnd(text) : lowerFirst(stripEnd(text)) });
    }
    case 'non-native': {
      const frame = r.pick(request ? NON_NATIVE_POLITE_FRAMES : NON_NATIVE_POLITE_ANSWER_FRAMES);
      const inner = stripEnd(text);
      // A frame that starts the sentence takes the request in lower case ("Please, where is my order?").
      const x = frame.startsWith('{x}') ? inner : lowerFirst(inner);
      const out = fill(frame, { x });
      return /\?$/.test(text.trim()) && out.endsWith('.') && !out.includes('. ') ? `${out.slice(0, -1)}?` : toSentence(out);
    }
    case 'elderly':
      if (leaving) return `${text} Thank you anyway.`;
      if (ctx.turn === 0 && r.chance(0.5)) return `${r.pick(GREETINGS.elderly)} ${text}`;
      // Thanking for help fits a request or an answer; wandering off or asking again takes an apology.
      if (offTask) return `${r.pick(['Sorry,', 'Excuse me,', 'Sorry to be a bother,'])} ${lowerFirst(text)}`;
      return `${text} ${r.pick(ELDERLY_CLOSINGS)}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The realizer.

/** Realizes one turn. Exposed for tests and for an LLM realizer's fallback (persona-realism.md §8.4). */
export function realizeTurn(input: RealizeInput): string {
  const { persona, acts, awaiting, flow } = input;
  const r = rngFrom(input.rand);
  const ctx: RealizeContext = input.context ?? { turn: 0, retry: 0, failures: 0 };
  const params = PERSONAS[persona];
  const social = persona === 'elderly' && ctx.register !== 'factual';
  const sentences: string[] = [];
  const tail: string[] = [];
  const volunteered: string[] = [];
  let mainDone = false;
  let topicSwitch = false;

  const addSentence = (s: string) => {
    if (s.trim() !== '') sentences.push(toSentence(s));
  };

  for (const act of acts) {
    switch (act.act) {
      case 'greet':
        sentences.push(r.pick(GREETINGS[persona]));
        break;
      case 'thank':
        sentences.push(toSentence(r.pick(THANKS[persona])));
        break;
      case 'complain':
        if (persona === 'impatient') sentences.push(toSentence(r.pick(COMPLAINTS)));
        else sentences.push(toSentence(r.pick(MILD_COMPLAINTS)));
        break;
      case 'reassure_request':
        tail.push(toSentence(r.pick(REASSURANCE_REQUESTS[persona])));
        break;
      case 'repeat_request':
        addSentence(r.pick(REPEAT_REQUESTS[persona]));
        break;
      case 'clarify_request':
        addSentence(act.term ? fill(r.pick(CLARIFY_REQUESTS[persona]), { term: act.term }) : r.pick(REPEAT_REQUESTS[persona]));
        break;
      case 'handoff_request':
        addSentence(r.pick(HANDOFF_DEMANDS[persona]));
        break;
      case 'give_up':
        addSentence(r.pick(GIVE_UPS[persona]));
        break;
      case 'out_of_scope':
        addSentence(outOfScopeWording(persona, flow, act.request, r, ctx));
        mainDone = true;
        break;
      case 'digress':
        if (act.kind === 'topic_switch' && acts.some((a) => a.act === 'intent')) topicSwitch = true;
        else addSentence(digressionText(persona, act.kind, awaiting, flow, r));
        break;
      case 'intent': {
        let text = requestWording(persona, flow, act.intent, r, ctx);
        if (topicSwitch) text = stripEnd(fill(r.pick(TOPIC_SWITCH_FRAMES[registerOf(persona)]), { x: text }));
        if (persona === 'elderly' && !topicSwitch && ctx.retry === 0) {
          const meaning = meaningOf(flow, act.intent);
          if (social && r.chance(params.social.backstory)) {
            sentences.push(toSentence(meaning && meaning.backstories.length > 0 && r.chance(0.7) ? r.pick(meaning.backstories) : elderlyBackstory(flow, r)));
          }
          if (r.chance(0.25)) text = `${r.pick(ELDERLY_LEAD_INS)} ${lowerFirst(text)}`;
        }
        if (persona === 'elderly' && ctx.retry > 0 && r.chance(params.social.apologise)) sentences.push(r.pick(ELDERLY_APOLOGIES));
        addSentence(text);
        mainDone = true;
        break;
      }
      case 'option': {
        const option = awaiting?.kind === 'router' ? awaiting.options.find((o) => o.id === act.option) : undefined;
        addSentence(optionText(persona, option, act.label, r));
        mainDone = true;
        break;
      }
      case 'inform': {
        const q = awaiting?.kind === 'question' && awaiting.slot === act.slot ? { entity: awaiting.entity } : questionFor(flow, act.slot);
        const entity = q?.entity;
        const label = slotLabel(act.slot, entity);
        const asked = awaiting?.kind === 'question' && awaiting.slot === act.slot && !mainDone;
        if (!asked) {
          const kind = volunteerKind(entity);
          const count = /s$/.test(label) ? `${act.value} ${label}` : `${label} ${act.value}`;
          volunteered.push(fill(r.pick(VOLUNTEER_CLAUSES[persona][kind]), { value: choiceWords(persona, entity, act.value, r), label, short: shortLabel(label), count }));
          break;
        }
        mainDone = true;
        if (persona === 'elderly' && ctx.retry > 0 && r.chance(params.social.apologise)) sentences.push(r.pick(ELDERLY_APOLOGIES));
        if (entity?.type === 'yes_no') {
          const bank = YES_NO_ANSWERS[persona];
          addSentence(r.pick(act.value === 'no' ? bank.no : bank.yes));
          break;
        }
        const value = choiceWords(persona, entity, act.value, r);
        let template: string;
        const kind = answerKind(entity, act.slot, awaiting?.kind === 'question' ? awaiting.prompt : '');
        if (persona === 'elderly' && !(social && r.chance(params.social.embed))) {
          template = r.pick(ELDERLY_FACTUAL_ANSWERS[kind] ?? ELDERLY_FACTUAL_ANSWERS.default ?? ['{value}.']);
        } else {
          const bank = ANSWERS[persona];
          template = r.pick(bank[kind] ?? (kind === 'date_past' ? bank.date : undefined) ?? bank.default ?? ['{value}']);
        }
        addSentence(fill(template, { value, label, short: shortLabel(label) }));
        break;
      }
    }
  }

  if (volunteered.length > 0) {
    if (persona === 'impatient' && sentences.length > 0) {
      const last = stripEnd(sentences.pop()!);
      sentences.push(toSentence(`${last}, ${volunteered.join(', ')}`));
    } else {
      const joined = volunteered.length === 1 ? volunteered[0] : `${volunteered.slice(0, -1).join(', ')} and ${volunteered[volunteered.length - 1]}`;
      if (sentences.length > 0 && persona !== 'elderly' && persona !== 'non-native' && r.chance(0.5)) {
        const last = stripEnd(sentences.pop()!);
        sentences.push(toSentence(`${last}, ${joined}`));
      } else addSentence(joined);
    }
  }

  let text = [...sentences, ...tail].join(' ');
  if (persona === 'elderly' && social && mainDone && acts.some((a) => a.act === 'intent') && r.chance(0.35)) text = `${text} ${r.pick(ELDERLY_CLOSINGS)}`;
  if (!hasPolitenessMarker(text) && r.chance(params.politeness)) text = addPoliteness(persona, text, ctx, r, !mainDone, acts.some((a) => a.act === 'intent' || a.act === 'option'), acts.some((a) => a.act === 'give_up'));
  return text;
}

/** The default realizer (templates from `banks.ts`). */
export const templateRealizer: Realizer = {
  realize: realizeTurn,
};
