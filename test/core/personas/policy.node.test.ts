import { describe, expect, it } from 'vitest';
import { GIVE_UPS, HANDOFF_DEMANDS } from '../../../src/core/personas/banks.ts';
import { createCustomer } from '../../../src/core/personas/customer.ts';
import { PERSONAS, type PersonaParameters } from '../../../src/core/personas/parameters.ts';
import { createPolicy } from '../../../src/core/personas/policy.ts';
import type { Goal, Observation, PersonaId } from '../../../src/core/personas/types.ts';
import type { Awaiting, CompiledFlow, RuntimeEvent } from '../../../src/core/runtime/types.ts';
import { createRng, createStreams } from '../../../src/core/simulate/random.ts';
import { compiledAllEntities } from './persona-harness.ts';

const flow: CompiledFlow = compiledAllEntities();

const trackGoal: Goal = {
  targetNodeId: 'done',
  routes: { menu: 'track_order' },
  facts: {
    order_number: 'KD905217', email: 'nina.walsh@gmail.com', phone: '07700 900481', items: '2', delivery_date: '14 March',
    gift: 'yes', speed: 'express', notes: 'the box was empty',
  },
  path: ['start', 'menu', 'ask_order', 'ask_email', 'ask_phone', 'ask_count', 'ask_date', 'ask_gift', 'ask_speed', 'ask_notes', 'done'],
};

function awaiting(nodeId: string): Awaiting {
  const n = flow.nodes.get(nodeId)!;
  if (n.type === 'router') return { kind: 'router', nodeId, prompt: n.data.prompt, intents: n.data.intents ?? [], options: n.data.options ?? [] };
  if (n.type === 'question') return { kind: 'question', nodeId, prompt: n.data.prompt, slot: n.data.slot, entity: n.data.entity };
  throw new Error(nodeId);
}

const fallback = (nodeId: string): RuntimeEvent => ({ type: 'fallback', nodeId, reason: 'no_intent_match', attempt: 1, consecutive: 1 });
const obs = (turn: number, nodeId: string | null, events: RuntimeEvent[] = [], text = 'How can I help?'): Observation => ({
  turn,
  messages: nodeId ? [{ nodeId, text }] : [],
  events,
  awaiting: nodeId ? awaiting(nodeId) : null,
});

/** Parameters with everything random switched off except what a test turns on. */
function quiet(persona: PersonaId, patch: Partial<PersonaParameters> = {}): PersonaParameters {
  const p = PERSONAS[persona];
  return {
    ...p,
    openingHandoff: 0,
    digression: { ...p.digression, rate: 0 },
    repair: { ...p.repair, base: 0, hard: 0 },
    reassurance: 0,
    ...patch,
  };
}

const customer = (persona: PersonaId, params: PersonaParameters, seed = 1, goal = trackGoal) =>
  createCustomer({ persona, flow, goal, streams: createStreams(seed, 0, persona), params });

describe('patience', () => {
  it('impatient: two failures, then demands a human, then leaves', () => {
    for (let seed = 0; seed < 20; seed++) {
      const c = customer('impatient', quiet('impatient', { onPatienceOut: { demandHuman: 1, leave: 'leave' } }), seed);
      const t0 = c.respond(obs(0, 'menu'));
      expect(t0.truth.intent).toBe('track_order');
      const t1 = c.respond(obs(1, 'menu', [fallback('menu')]));
      expect(t1.truth.acts.some((a) => a.act === 'intent')).toBe(true);
      expect(t1.leaves).toBe(false);
      const t2 = c.respond(obs(2, 'menu', [fallback('menu')]));
      expect(t2.truth.acts.map((a) => a.act)).toContain('handoff_request');
      expect(t2.leaves).toBe(false);
      const t3 = c.respond(obs(3, 'menu', [fallback('menu')]));
      expect(t3.truth.acts.map((a) => a.act)).toEqual(['give_up']);
      expect(t3.leaves).toBe(true);
      expect(GIVE_UPS.impatient).toContain(t3.truth.clean.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()));
    }
  });

  it('impatient retries are short and, after a failure, frustrated (caps or "??" show up)', () => {
    let shouted = 0;
    for (let seed = 0; seed < 200; seed++) {
      const c = customer('impatient', quiet('impatient'), seed);
      c.respond(obs(0, 'menu'));
      const retry = c.respond(obs(1, 'menu', [fallback('menu')]));
      expect(retry.truth.clean.split(/\s+/).length).toBeLessThanOrEqual(8);
      if (retry.truth.perturbations.some((p) => p.kind === 'caps') || retry.text.includes('??')) shouted++;
    }
    expect(shouted).toBeGreaterThan(100);
  });

  it('elderly: four failures, then gives up for another channel', () => {
    for (let seed = 0; seed < 20; seed++) {
      const c = customer('elderly', quiet('elderly', { onPatienceOut: { demandHuman: 0, leave: 'other_channel' } }), seed);
      c.respond(obs(0, 'menu'));
      for (let t = 1; t < 4; t++) expect(c.respond(obs(t, 'menu', [fallback('menu')])).leaves).toBe(false);
      const last = c.respond(obs(4, 'menu', [fallback('menu')]));
      expect(last.leaves).toBe(true);
      expect(GIVE_UPS.elderly.some((g) => last.truth.clean.includes(g))).toBe(true);
    }
  });

  it('fallbacks after wandering off do not cost patience', () => {
    const params = quiet('impatient', { digression: { rate: 1, max: 5, kinds: { ...PERSONAS.impatient.digression.kinds } } });
    const c = customer('impatient', params, 3);
    // At each node: wander off, the bot falls back, answer; the bot moves on. Never leaves or asks for a human.
    const nodes = ['menu', 'ask_order', 'ask_email', 'ask_phone'];
    nodes.forEach((node, k) => {
      const off = c.respond(obs(2 * k, node));
      expect(off.truth.digression).toBeDefined();
      const back = c.respond(obs(2 * k + 1, node, [fallback(node)]));
      expect(back.truth.digression).toBeUndefined();
      expect(back.leaves).toBe(false);
      expect(back.truth.acts.map((a) => a.act)).not.toContain('handoff_request');
    });
  });
});

describe('digressions', () => {
  it('happen only while a node waits, never twice in a row, then the customer returns to the task', () => {
    const params = quiet('typo-prone', { digression: { rate: 1, max: 10, kinds: PERSONAS['typo-prone'].digression.kinds } });
    for (let seed = 0; seed < 30; seed++) {
      const c = customer('typo-prone', params, seed);
      const first = c.respond(obs(0, 'menu'));
      expect(first.truth.digression).toBeDefined();
      const second = c.respond(obs(1, 'menu'));
      expect(second.truth.digression).toBeUndefined();
      expect(second.truth.intent).toBe('track_order');
      const third = c.respond(obs(2, 'ask_order', [{ type: 'intent_matched', nodeId: 'menu', intent: 'track_order', score: 1 }], 'What is your order number?'));
      expect(third.truth.digression).toBeDefined();
      const fourth = c.respond(obs(3, 'ask_order'));
      expect(fourth.truth.slots.order_number).toBe('KD905217');
    }
  });

  it('slot look-alikes and topic switches only at questions; topic switches name another of the flow\'s requests', () => {
    const kinds = { unrelated_question: 0, small_talk: 0, backstory: 0, meta_request: 0, slot_lookalike: 1, topic_switch: 1 };
    const params = quiet('non-native', { digression: { rate: 1, max: 10, kinds } });
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const c = customer('non-native', params, seed);
      expect(c.respond(obs(0, 'menu')).truth.digression).toBeUndefined();
      const t = c.respond(obs(1, 'ask_date', [], 'When was it supposed to arrive?'));
      expect(['slot_lookalike', 'topic_switch']).toContain(t.truth.digression);
      seen.add(t.truth.digression!);
      if (t.truth.digression === 'topic_switch') {
        expect(['book_appointment', 'loyalty_points', 'more']).toContain(t.truth.intent);
        expect(t.truth.slots).toEqual({});
      }
    }
    expect(seen.size).toBe(2);
  });

  it('no turn is taken once the bot stops waiting (the customer leaves)', () => {
    const c = customer('elderly', quiet('elderly'));
    const t = c.respond(obs(0, null));
    expect(t.leaves).toBe(true);
    expect(t.truth.digression).toBeUndefined();
  });
});

describe('the agenda', () => {
  it('answers the asked slot with the goal fact and never changes it', () => {
    for (const persona of ['impatient', 'typo-prone', 'non-native', 'elderly'] as const) {
      const c = customer(persona, quiet(persona), 5);
      c.respond(obs(0, 'menu'));
      for (const [node, slot] of [['ask_order', 'order_number'], ['ask_email', 'email'], ['ask_phone', 'phone'], ['ask_speed', 'speed']] as const) {
        const t = c.respond(obs(1, node, [], 'Question?'));
        expect(t.truth.slots[slot]).toBe(trackGoal.facts[slot]);
        expect(t.truth.acts.find((a) => a.act === 'inform' && a.slot === slot)).toBeDefined();
      }
    }
  });

  it('the impatient front-loads slots into the opening request', () => {
    let multi = 0;
    for (let seed = 0; seed < 400; seed++) {
      const t = customer('impatient', quiet('impatient'), seed).respond(obs(0, 'menu'));
      if (Object.keys(t.truth.slots).length >= 2) multi++;
      for (const [slot, value] of Object.entries(t.truth.slots)) expect(t.truth.clean).toContain(value.split(' ')[0]);
    }
    expect(multi / 400).toBeGreaterThanOrEqual(0.35);
  });

  it('invents and keeps a value for a question the goal did not plan for', () => {
    const goal: Goal = { ...trackGoal, facts: {} };
    const c = customer('typo-prone', quiet('typo-prone'), 8, goal);
    const a = c.respond(obs(0, 'ask_member', [], 'What is your membership number?'));
    const b = c.respond(obs(1, 'ask_member', [fallback('ask_member')], 'What is your membership number?'));
    expect(a.truth.slots.member_id).toMatch(/^M-\d{5}$/);
    expect(b.truth.slots.member_id).toBe(a.truth.slots.member_id);
  });

  it('picks options by id at an options router', () => {
    const goal: Goal = { targetNodeId: 'done', routes: { menu: 'more', topics: 'events' }, facts: {}, path: ['start', 'menu', 'topics', 'done'] };
    const t = customer('elderly', quiet('elderly'), 2, goal).respond(obs(1, 'topics', [], 'Pick a topic.'));
    expect(t.truth.intent).toBe('events');
    expect(t.truth.acts[0]).toMatchObject({ act: 'option', option: 'events', label: 'Store events' });
  });

  it('the opening request for a human is rare and only from the impatient', () => {
    let asked = 0;
    for (let seed = 0; seed < 2000; seed++) {
      const t = createCustomer({ persona: 'impatient', flow, goal: trackGoal, streams: createStreams(seed, 0, 'impatient') }).respond(obs(0, 'menu'));
      if (t.truth.acts.some((a) => a.act === 'handoff_request')) {
        asked++;
        expect(HANDOFF_DEMANDS.impatient.map((h) => h.toLowerCase())).toContain(t.truth.clean.replace(/[.?]$/, '').toLowerCase());
      }
    }
    expect(asked / 2000).toBeGreaterThan(0.02);
    expect(asked / 2000).toBeLessThan(0.07);
  });
});

describe('repair and reassurance', () => {
  it('the non-native speaker asks what an unusual word means, at most twice per conversation', () => {
    const params = quiet('non-native', { repair: { ...PERSONAS['non-native'].repair, base: 0, hard: 1 } });
    let clarified = 0;
    for (let seed = 0; seed < 50; seed++) {
      const c = customer('non-native', params, seed);
      let repairs = 0;
      for (let t = 0; t < 12; t++) {
        const turn = c.respond(obs(t, 'ask_order', [], 'Please verify the alphanumeric consignment reference.'));
        const repair = turn.truth.acts.find((a) => a.act === 'clarify_request' || a.act === 'repeat_request');
        if (repair) repairs++;
        if (repair?.act === 'clarify_request') {
          clarified++;
          expect(turn.truth.clean).toContain(repair.term);
        }
      }
      expect(repairs).toBeLessThanOrEqual(2);
    }
    expect(clarified).toBeGreaterThan(20);
  });

  it('the elderly ask whether personal data went through, right after giving it', () => {
    const params = quiet('elderly', { reassurance: 1 });
    const c = customer('elderly', params, 4);
    c.respond(obs(0, 'ask_email', [], 'Which email address did you use?'));
    const next = c.respond(obs(1, 'ask_phone', [{ type: 'slot_filled', nodeId: 'ask_email', slot: 'email', value: 'x', source: 'answer' }], 'Phone?'));
    expect(next.truth.acts.map((a) => a.act)).toContain('reassure_request');
  });
});

describe('createPolicy', () => {
  it('is independent of the realizer: decisions depend only on the policy and digression streams', () => {
    const run = () => {
      const p = createPolicy({ persona: 'elderly', flow, goal: trackGoal, rng: createRng(1, 'p'), digressionRng: createRng(1, 'd') });
      return ['menu', 'ask_order', 'ask_email', 'ask_phone'].map((n, t) => p.decide(obs(t, n, t % 2 ? [fallback(n)] : [])));
    };
    expect(run()).toEqual(run());
  });
});
