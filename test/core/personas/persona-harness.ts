/**
 * Test helpers for the persona engine: a flow with a question of every entity type, and a synthetic driver
 * that feeds a customer hand-built observations (router and questions along its goal, seeded fallbacks in
 * between) without the runtime, so the generator's own statistics are measured apart from the matcher.
 */
import { DEFAULT_SETTINGS, type FlowDocument, type FlowEdge, type FlowNode } from '../../../src/core/flow/types.ts';
import { createCustomer } from '../../../src/core/personas/customer.ts';
import { pickGoal } from '../../../src/core/personas/goals.ts';
import type { CustomerTurn, Goal, Observation, PersonaId } from '../../../src/core/personas/types.ts';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import type { Awaiting, CompiledFlow, RuntimeEvent } from '../../../src/core/runtime/types.ts';
import { createRng, createStreams } from '../../../src/core/simulate/random.ts';

const at = { x: 0, y: 0 };

/**
 * A shop flow whose "track" path asks one question of each entity type, a "book" path with a date and a
 * choice, an intent without a bank concept ("loyalty_points"), and a router in options mode.
 */
export function allEntitiesFlow(): FlowDocument {
  const q = (id: string, slot: string, prompt: string, entity: FlowNode['data'] & object): FlowNode =>
    ({ id, type: 'question', position: at, data: { slot, prompt, entity } }) as FlowNode;
  const nodes: FlowNode[] = [
    { id: 'start', type: 'start', position: at, data: { greeting: 'Hello! I am the Corner Shop assistant.' } },
    { id: 'menu', type: 'router', position: at, data: { prompt: 'What can I do for you today?', intents: ['track_order', 'book_appointment', 'loyalty_points', 'more'] } },
    q('ask_order', 'order_number', 'What is your order number? It looks like AB123456.', { type: 'pattern', pattern: '^[A-Z]{2}\\d{6}$', example: 'AB123456' } as never),
    q('ask_email', 'email', 'Which email address did you use?', { type: 'email' } as never),
    q('ask_phone', 'phone', 'And a phone number we can reach you on?', { type: 'phone' } as never),
    q('ask_count', 'items', 'How many items were in the parcel?', { type: 'number', min: 1, max: 9, integer: true } as never),
    q('ask_date', 'delivery_date', 'When was it supposed to arrive?', { type: 'date' } as never),
    q('ask_gift', 'gift', 'Was it a gift?', { type: 'yes_no' } as never),
    q('ask_speed', 'speed', 'Standard or express delivery?', { type: 'choice', options: [{ value: 'standard', synonyms: ['normal'] }, { value: 'express', synonyms: ['fast', 'next day'] }] } as never),
    q('ask_notes', 'notes', 'Anything else we should know about the delivery?', { type: 'text' } as never),
    q('ask_day', 'visit_date', 'Which day would you like to come in?', { type: 'date' } as never),
    q('ask_slot', 'time_of_day', 'Morning or afternoon?', { type: 'choice', options: [{ value: 'morning' }, { value: 'afternoon' }] } as never),
    q('ask_member', 'member_id', 'What is your membership number?', { type: 'pattern', pattern: 'M-\\d{5}', example: 'M-12345' } as never),
    {
      id: 'topics', type: 'router', position: at,
      data: { prompt: 'Pick a topic: Gift cards or Store events.', mode: 'options', options: [{ id: 'gift_cards', label: 'Gift cards', synonyms: ['voucher'] }, { id: 'events', label: 'Store events' }] },
    },
    { id: 'done', type: 'end', position: at, data: { text: 'All sorted. Goodbye!' } },
    { id: 'human', type: 'handoff', position: at, data: { text: 'Passing you to a colleague.' } },
  ];
  const e = (source: string, target: string, sourceHandle?: string): FlowEdge => ({ id: `${source}-${sourceHandle ?? 'out'}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
  const edges: FlowEdge[] = [
    e('start', 'menu'),
    e('menu', 'ask_order', 'track_order'),
    e('menu', 'ask_day', 'book_appointment'),
    e('menu', 'ask_member', 'loyalty_points'),
    e('menu', 'topics', 'more'),
    e('menu', 'human', 'no_match'),
    e('ask_order', 'ask_email', 'valid'),
    e('ask_email', 'ask_phone', 'valid'),
    e('ask_phone', 'ask_count', 'valid'),
    e('ask_count', 'ask_date', 'valid'),
    e('ask_date', 'ask_gift', 'valid'),
    e('ask_gift', 'ask_speed', 'valid'),
    e('ask_speed', 'ask_notes', 'valid'),
    e('ask_notes', 'done', 'valid'),
    e('ask_day', 'ask_slot', 'valid'),
    e('ask_slot', 'done', 'valid'),
    e('ask_member', 'done', 'valid'),
    e('topics', 'done', 'gift_cards'),
    e('topics', 'done', 'events'),
  ];
  return {
    id: 'all-entities',
    name: 'All entities',
    nodes,
    edges,
    intents: [
      { id: 'track_order', phrases: ['where is my order', 'track my order', 'order status', 'has my parcel shipped'] },
      { id: 'book_appointment', phrases: ['book an appointment', 'i want to make a booking', 'can i come in'] },
      { id: 'loyalty_points', phrases: ['how many loyalty points do i have', 'check my points balance', 'points on my card'] },
      { id: 'more', phrases: ['something else', 'other topics', 'show me more options'] },
      { id: 'agent', phrases: ['talk to a human', 'speak to an agent'] },
    ],
    settings: { ...DEFAULT_SETTINGS, globalIntents: [{ intent: 'agent', action: 'handoff' }] },
  };
}

function awaitingOf(flow: CompiledFlow, nodeId: string): Awaiting {
  const n = flow.nodes.get(nodeId)!;
  if (n.type === 'router') return { kind: 'router', nodeId, prompt: n.data.prompt, intents: n.data.intents ?? [], options: n.data.options ?? [] };
  if (n.type === 'question') return { kind: 'question', nodeId, prompt: n.data.prompt, slot: n.data.slot, entity: n.data.entity };
  throw new Error(`not a listening node: ${nodeId}`);
}

export interface DrivenTurn {
  turn: CustomerTurn;
  observation: Observation;
  /** True for the first customer turn of the conversation. */
  opening: boolean;
  goal: Goal;
}

export interface DriveOptions {
  /** Probability that the bot "did not understand" a task turn (a fallback event, same node again). */
  failRate?: number;
  /** Probability that the bot did not understand a digression or repair turn. */
  offTaskFailRate?: number;
  /** Customer turns per conversation at most. */
  maxTurns?: number;
}

/**
 * Plays `conversations` customers against synthetic observations along their goal path: after a task turn
 * the bot either moves on (intent matched / slot filled) or falls back at `failRate`; after an off-task turn
 * it repeats the same node. Returns every customer turn with the observation it answered.
 */
export function driveSynthetic(flow: CompiledFlow, persona: PersonaId, seed: number, conversations: number, opts: DriveOptions = {}): DrivenTurn[] {
  const failRate = opts.failRate ?? 0.15;
  const offTaskFailRate = opts.offTaskFailRate ?? 0.5;
  const maxTurns = opts.maxTurns ?? 30;
  const out: DrivenTurn[] = [];
  for (let i = 0; i < conversations; i++) {
    const streams = createStreams(seed, i, persona);
    const goal = pickGoal(flow, streams.get('goal'));
    if (!goal) throw new Error('no goal');
    const bot = createRng(seed, i, 'synthetic-bot');
    const customer = createCustomer({ persona, flow, goal, streams });
    const waits = goal.path.filter((id) => {
      const k = flow.nodes.get(id)!.type;
      return k === 'router' || k === 'question';
    });
    let k = 0;
    let events: RuntimeEvent[] = [];
    let messages = [{ nodeId: 'start', text: 'Hello! I am the Corner Shop assistant.' }];
    for (let t = 0; t < maxTurns && k < waits.length; t++) {
      const awaiting = awaitingOf(flow, waits[k]);
      messages = [...messages, { nodeId: awaiting.nodeId, text: awaiting.prompt }];
      const observation: Observation = { turn: t, messages, events, awaiting };
      const turn = customer.respond(observation);
      out.push({ turn, observation, opening: t === 0, goal });
      if (turn.leaves) break;
      const offTask = turn.truth.digression !== undefined || turn.truth.acts.some((a) => a.act === 'repeat_request' || a.act === 'clarify_request' || a.act === 'handoff_request');
      const fails = bot.chance(offTask ? offTaskFailRate : failRate);
      messages = [];
      if (fails) {
        events = [{ type: 'fallback', nodeId: awaiting.nodeId, reason: awaiting.kind === 'router' ? 'no_intent_match' : 'invalid_slot_value', attempt: 1, consecutive: 1 }];
        messages.push({ nodeId: awaiting.nodeId, text: "Sorry, I didn't understand that." });
      } else if (offTask) {
        events = [];
      } else {
        events =
          awaiting.kind === 'router'
            ? [{ type: 'intent_matched', nodeId: awaiting.nodeId, intent: turn.truth.intent ?? '', score: 0.8 }]
            : [{ type: 'slot_filled', nodeId: awaiting.nodeId, slot: awaiting.slot, value: turn.truth.slots[awaiting.slot] ?? '', source: 'answer' }];
        k++;
      }
    }
  }
  return out;
}

export const compiledAllEntities = (): CompiledFlow => compileFlow(allEntitiesFlow());

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const wordCount = (text: string): number => text.split(/\s+/).filter((w) => w !== '').length;

/** Perturbation kinds that are typing errors (style habits, grammar and slot-value noise excluded). */
export const TYPO_KINDS = new Set(['sub', 'del', 'ins', 'transp', 'space_del', 'space_ins', 'misspell', 'homophone']);

/**
 * Share of words carrying a typo, over the words the typo channel may touch (slot values, which have their
 * own lower error rate, are left out of the denominator).
 */
export function typoWordShare(turns: readonly CustomerTurn[]): number {
  let typos = 0;
  let words = 0;
  for (const t of turns) {
    const valueWords = Object.values(t.truth.slots)
      .filter((v) => t.truth.clean.includes(v))
      .reduce((n, v) => n + wordCount(v), 0);
    words += wordCount(t.truth.clean) - valueWords;
    typos += t.truth.perturbations.filter((p) => TYPO_KINDS.has(p.kind)).length;
  }
  return typos / words;
}
