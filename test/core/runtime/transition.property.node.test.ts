import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type FlowDocument, type FlowEdge, type FlowNode, type NodeKind } from '../../../src/core/flow/types.ts';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import { startConversation, step } from '../../../src/core/runtime/transition.ts';

const KINDS: NodeKind[] = ['message', 'question', 'router', 'condition', 'action', 'handoff', 'end'];
const HANDLES: Record<NodeKind, (string | undefined)[]> = {
  start: [undefined], message: [undefined], question: ['valid', 'no_match', undefined], router: ['i0', 'i1', 'no_match'],
  condition: ['b0', 'else'], action: ['success', 'error'], handoff: [], end: [],
};

function nodeOf(id: string, kind: NodeKind, k: number): FlowNode {
  const position = { x: 0, y: 0 };
  switch (kind) {
    case 'message': return { id, type: kind, position, data: { text: `message ${k} {{s0}}` } };
    case 'question': {
      const entities = [{ type: 'text' as const }, { type: 'yes_no' as const }, { type: 'email' as const }, { type: 'pattern' as const, pattern: '^\\d{4}$', example: '1234' }, { type: 'number' as const, min: 1, max: 9 }];
      return { id, type: kind, position, data: { slot: `s${k % 3}`, prompt: `question ${k}?`, entity: entities[k % entities.length] } };
    }
    case 'router': return { id, type: kind, position, data: { prompt: `router ${k}`, intents: ['i0', 'i1'] } };
    case 'condition': return { id, type: kind, position, data: { branches: [{ id: 'b0', slot: `s${k % 3}`, op: 'exists' }] } };
    case 'action': return { id, type: kind, position, data: { tool: `t${k}`, mock: { mode: 'error_rate', rate: 0.3, result: { s1: 'yes' } } } };
    case 'handoff': return { id, type: kind, position, data: {} };
    default: return { id, type: 'end', position, data: {} };
  }
}

/** Arbitrary flows: 1-200 nodes of any kind, random edges (cycles included), random settings. */
const arbFlow = fc
  .record({
    kinds: fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 200 }),
    edgeSeeds: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 400 }),
    behaviour: fc.constantFrom('reprompt', 'message_only', 'restart') as fc.Arbitrary<'reprompt' | 'message_only' | 'restart'>,
    maxConsecutive: fc.integer({ min: 1, max: 6 }),
    giveUp: fc.constantFrom('handoff', 'end') as fc.Arbitrary<'handoff' | 'end'>,
    capture: fc.boolean(),
    typo: fc.boolean(),
    globals: fc.boolean(),
  })
  .map(({ kinds, edgeSeeds, behaviour, maxConsecutive, giveUp, capture, typo, globals }): FlowDocument => {
    const nodes: FlowNode[] = [{ id: 'n0', type: 'start', position: { x: 0, y: 0 }, data: { greeting: 'hi' } }, ...kinds.map((k, i) => nodeOf(`n${i + 1}`, k, i))];
    const edges: FlowEdge[] = edgeSeeds.map(([a, b, h], i) => {
      const src = nodes[a % nodes.length];
      const handles = HANDLES[src.type];
      const handle = handles.length ? handles[h % handles.length] : undefined;
      return { id: `e${i}`, source: src.id, target: nodes[b % nodes.length].id, ...(handle ? { sourceHandle: handle } : {}) };
    });
    return {
      id: 'arb', name: 'arb', nodes, edges,
      intents: [
        { id: 'i0', phrases: ['track my order', 'where is my parcel'] },
        { id: 'i1', phrases: ['cancel my order', 'i want a refund'] },
        { id: 'g', phrases: ['talk to a human', 'start over'] },
      ],
      settings: {
        ...DEFAULT_SETTINGS,
        fallback: { messages: ['sorry?'], behaviour, maxConsecutive, giveUp },
        captureVolunteeredSlots: capture,
        matcher: { ...DEFAULT_SETTINGS.matcher, typoTolerance: typo },
        globalIntents: globals ? [{ intent: 'g', action: 'restart' }] : [],
        stepBudget: 40,
      },
    };
  });

const arbInputs = fc.array(
  fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('track my order', 'cancel', 'yes', 'no', '1234', 'a@b.co', '5', 'talk to a human', 'start over', '', '   ', '🙂🙂', 'ŝtàrt ővér')),
  { maxLength: 25 },
);

describe('runtime invariants (property)', () => {
  it('never throws on arbitrary flows and input, and every step stays within the step budget', () => {
    fc.assert(
      fc.property(arbFlow, arbInputs, fc.nat(), (doc, inputs, seed) => {
        const flow = compileFlow(doc);
        let r = startConversation(flow, seed);
        const budget = doc.settings.stepBudget;
        expect(r.events.filter((e) => e.type === 'node_entered').length).toBeLessThanOrEqual(budget);
        for (const text of inputs) {
          if (r.state.status === 'ended') {
            expect(r.state.outcome).not.toBeNull();
            expect(r.awaiting).toBeNull();
            break;
          }
          expect(r.awaiting?.nodeId).toBe(r.state.waitingAt);
          r = step(flow, r.state, text);
          expect(r.events.filter((e) => e.type === 'node_entered').length).toBeLessThanOrEqual(budget);
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});
