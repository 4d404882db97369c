import { describe, expect, it } from 'vitest';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import { speakSlot, startConversation, step } from '../../../src/core/runtime/transition.ts';
import type { RuntimeEvent, StepResult } from '../../../src/core/runtime/types.ts';
import type { FlowDocument } from '../../../src/core/flow/types.ts';
import { MINI_GLOBALS, miniFlow } from '../../fixtures/mini-flow.ts';

/** Plays `inputs` against the flow and returns every step with all events flattened. */
function play(doc: FlowDocument, inputs: string[], seed = 1) {
  const flow = compileFlow(doc);
  const steps: StepResult[] = [startConversation(flow, seed)];
  for (const text of inputs) {
    const last = steps.at(-1)!;
    if (last.state.status === 'ended') break;
    steps.push(step(flow, last.state, text));
  }
  const events = steps.flatMap((s) => s.events);
  const said = steps.flatMap((s) => s.messages.map((m) => m.text));
  return { steps, events, said, final: steps.at(-1)!.state };
}
const types = (events: RuntimeEvent[]) => events.map((e) => e.type);

describe('runtime transcripts through every node kind', () => {
  const cases: { name: string; doc: FlowDocument; inputs: string[]; outcome: string | null; waitingAt?: string; expectEvents: string[]; says?: string[] }[] = [
    {
      name: 'track: router -> question -> action -> condition -> message -> end',
      doc: miniFlow(),
      inputs: ['where is my order', 'AB123456'],
      outcome: 'completed',
      expectEvents: ['intent_matched', 'slot_filled', 'tool_called', 'condition_branch', 'end'],
      says: ['Order AB123456 has shipped.', 'Anything else? Bye!'],
    },
    {
      name: 'cancel: yes/no question -> failing mocked tool -> error edge -> handoff',
      doc: miniFlow(),
      inputs: ['cancel my order', 'yes please'],
      outcome: 'handoff',
      expectEvents: ['intent_matched', 'slot_filled', 'tool_called', 'handoff', 'end'],
      says: ['Passing you to a colleague.'],
    },
    {
      name: 'invalid value: fallback then reprompt, still waiting',
      doc: miniFlow(),
      inputs: ['track my order', 'no idea sorry'],
      outcome: null,
      waitingAt: 'ask_order',
      expectEvents: ['fallback', 'reprompt'],
      says: ["Sorry, I didn't understand that.", 'Order numbers look like AB123456.'],
    },
    {
      name: 'three invalid values: the no_match edge is taken',
      doc: miniFlow({ fallback: { maxConsecutive: 5 } as never }),
      inputs: ['track my order', 'x', 'y', 'z'],
      outcome: 'handoff',
      expectEvents: ['fallback', 'no_match_exit', 'handoff'],
    },
    {
      name: 'give-up by ending as stuck when no no_match edge and consecutive limit is hit',
      doc: (() => {
        const d = miniFlow({ fallback: { messages: ['Pardon?'], behaviour: 'reprompt', maxConsecutive: 2, giveUp: 'end' } });
        d.edges = d.edges.filter((e) => !(e.source === 'ask_order' && e.sourceHandle === 'no_match'));
        return d;
      })(),
      inputs: ['track my order', 'x', 'y'],
      outcome: 'stuck',
      expectEvents: ['fallback', 'fallback', 'end'],
    },
    {
      name: 'fallback behaviour message_only does not repeat the question',
      doc: miniFlow({ fallback: { messages: ['Hmm?'], behaviour: 'message_only', maxConsecutive: 3, giveUp: 'handoff' } }),
      inputs: ['track my order', 'blah'],
      outcome: null,
      waitingAt: 'ask_order',
      expectEvents: ['fallback'],
      says: ['Hmm?'],
    },
    {
      name: 'fallback behaviour restart loses the pending question and slots',
      doc: miniFlow({ fallback: { messages: ['Sorry, I didn\'t get that.'], behaviour: 'restart', maxConsecutive: 3, giveUp: 'end' } }),
      inputs: ['track my order', 'blah'],
      outcome: null,
      waitingAt: 'menu',
      expectEvents: ['fallback', 'restart'],
    },
    {
      name: 'global "talk to a human" at a question hands off',
      doc: miniFlow({ globalIntents: MINI_GLOBALS }),
      inputs: ['track my order', 'let me talk to a human'],
      outcome: 'handoff',
      expectEvents: ['global_intent', 'handoff', 'end'],
    },
    {
      name: 'global repeat says the last prompt again and keeps waiting',
      doc: miniFlow({ globalIntents: MINI_GLOBALS }),
      inputs: ['track my order', 'can you repeat that'],
      outcome: null,
      waitingAt: 'ask_order',
      expectEvents: ['global_intent'],
      says: ['What is your order number?', 'What is your order number?'],
    },
    {
      name: 'volunteered order number skips its question when capture is on',
      doc: miniFlow({ captureVolunteeredSlots: true }),
      inputs: ['where is my order AB123456'],
      outcome: 'completed',
      expectEvents: ['intent_matched', 'slot_filled', 'tool_called'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { events, said, final } = play(c.doc, c.inputs);
      expect(final.outcome).toBe(c.outcome);
      if (c.waitingAt) expect(final.waitingAt).toBe(c.waitingAt);
      const seen = types(events);
      let from = 0;
      for (const t of c.expectEvents) {
        const at = seen.indexOf(t as RuntimeEvent['type'], from);
        expect(at, `event ${t} in order within ${seen.join(',')}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
      for (const s of c.says ?? []) expect(said).toContain(s);
    });
  }

  it('volunteered values are ignored when capture is off (the question is asked)', () => {
    const { final } = play(miniFlow({ captureVolunteeredSlots: false }), ['where is my order AB123456']);
    expect(final.waitingAt).toBe('ask_order');
  });

  it('options router routes by label, index and synonym', () => {
    const doc = miniFlow();
    const menu = doc.nodes.find((n) => n.id === 'menu')!;
    menu.data = { prompt: 'Pick one: 1. Track 2. Cancel', mode: 'options', options: [{ id: 'track', label: 'Track an order', synonyms: ['where is it'] }, { id: 'cancel', label: 'Cancel an order' }] };
    expect(play(doc, ['2']).final.waitingAt).toBe('ask_confirm');
    expect(play(doc, ['track an order']).final.waitingAt).toBe('ask_order');
  });

  it('a cycle that never waits ends as loop_detected within the step budget', () => {
    const doc = miniFlow({ stepBudget: 25 });
    doc.nodes.push({ id: 'm1', type: 'message', position: { x: 0, y: 0 }, data: { text: 'one' } }, { id: 'm2', type: 'message', position: { x: 0, y: 0 }, data: { text: 'two' } });
    doc.edges = doc.edges.filter((e) => e.source !== 'say_shipped');
    doc.edges.push({ id: 'x1', source: 'say_shipped', target: 'm1' }, { id: 'x2', source: 'm1', target: 'm2' }, { id: 'x3', source: 'm2', target: 'm1' });
    const { steps, final } = play(doc, ['where is my order', 'AB123456']);
    expect(final.outcome).toBe('loop_detected');
    expect(steps.at(-1)!.events.filter((e) => e.type === 'node_entered').length).toBeLessThanOrEqual(25);
  });

  it('a node with nowhere to go ends the conversation as stuck (dead end)', () => {
    const doc = miniFlow();
    doc.edges = doc.edges.filter((e) => e.source !== 'say_pending' && e.source !== 'say_shipped');
    const { final, events } = play(doc, ['where is my order', 'AB123456']);
    expect(final.outcome).toBe('stuck');
    expect(events.at(-1)).toMatchObject({ type: 'end', reason: 'dead_end' });
  });

  it('mocked error rates are seeded: the same seed fails the same calls, different seeds differ', () => {
    const doc = miniFlow();
    const lookup = doc.nodes.find((n) => n.id === 'lookup')!;
    lookup.data = { tool: 'lookupOrder', args: ['order'], mock: { mode: 'error_rate', rate: 0.5, result: { status: 'shipped' } } };
    const outcomes = (seed: number) => play(doc, ['where is my order', 'AB123456'], seed).final.outcome;
    const a = Array.from({ length: 40 }, (_, i) => outcomes(i));
    const b = Array.from({ length: 40 }, (_, i) => outcomes(i));
    expect(a).toEqual(b);
    expect(a.filter((o) => o === 'handoff').length).toBeGreaterThan(5);
    expect(a.filter((o) => o === 'completed').length).toBeGreaterThan(5);
  });

  it('is pure: stepping does not mutate the previous state', () => {
    const flow = compileFlow(miniFlow());
    const s0 = startConversation(flow, 1);
    const snapshot = JSON.stringify(s0.state);
    step(flow, s0.state, 'where is my order');
    expect(JSON.stringify(s0.state)).toBe(snapshot);
  });

  it('stepping an ended conversation is a programmer error (FS151)', () => {
    const { final } = play(miniFlow(), ['where is my order', 'AB123456']);
    expect(() => step(compileFlow(miniFlow()), final, 'hello')).toThrow(/FS151/);
  });
});

describe('speaking slot values', () => {
  it.each([
    ['2025-12-27', 'date', '27 December 2025'],
    ['--03-09', 'date', '9 March'],
    ['tomorrow', 'date', 'tomorrow'],
    ['2025-13-01', 'date', '2025-13-01'],
    ['AB123456', 'pattern', 'AB123456'],
  ] as const)('says %s (%s) as "%s"', (value, type, spoken) => {
    expect(speakSlot(value, type)).toBe(spoken);
  });

  it('interpolates a date slot readably in a bot message while storing it canonically', () => {
    const doc = miniFlow();
    const ask = doc.nodes.find((n) => n.id === 'ask_order')!;
    ask.data = { slot: 'order', prompt: 'When did you order?', entity: { type: 'date' } };
    const shipped = doc.nodes.find((n) => n.id === 'say_shipped')!;
    shipped.data = { text: 'Your order of {{order}} has shipped.' };
    const { said, final } = play(doc, ['where is my order', '27/12/2025']);
    expect(final.slots.order).toBe('2025-12-27');
    expect(said).toContain('Your order of 27 December 2025 has shipped.');
  });
});
