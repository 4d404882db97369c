import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type FlowDocument, type FlowNode } from '../../../src/core/flow/types.ts';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import { startConversation, step } from '../../../src/core/runtime/transition.ts';
import { simulateBatch } from '../../../src/core/simulate/batch.ts';

const SLOTS = ['constructor', 'toString', '__proto__'] as const;

/** Three free-text questions whose slots are named like Object.prototype's own members, then a summary. */
function prototypeSlotFlow(): FlowDocument {
  const pos = { x: 0, y: 0 };
  const nodes: FlowNode[] = [
    { id: 'start', type: 'start', position: pos, data: { greeting: 'Hello. Before anything: [{{constructor}}][{{toString}}][{{__proto__}}][{{hasOwnProperty}}]' } },
    ...SLOTS.map((slot, i): FlowNode => ({ id: `ask_${i}`, type: 'question', position: pos, data: { slot, prompt: `Tell me your ${i === 0 ? 'name' : i === 1 ? 'city' : 'pet'}.`, entity: { type: 'text' } } })),
    { id: 'lookup', type: 'action', position: pos, data: { tool: 'crm.save', args: [...SLOTS], mock: { mode: 'success' } } },
    { id: 'check', type: 'condition', position: pos, data: { branches: [{ id: 'has', slot: '__proto__', op: 'exists' }] } },
    { id: 'say', type: 'message', position: pos, data: { text: 'Saved [{{constructor}}][{{toString}}][{{__proto__}}][{{valueOf}}]' } },
    { id: 'missing', type: 'message', position: pos, data: { text: 'No pet.' } },
    { id: 'end', type: 'end', position: pos, data: { text: 'Bye.' } },
  ];
  const e = (source: string, target: string, sourceHandle?: string) => ({ id: `${source}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
  return {
    id: 'proto', name: 'Prototype slot names', nodes,
    edges: [e('start', 'ask_0'), e('ask_0', 'ask_1', 'valid'), e('ask_1', 'ask_2', 'valid'), e('ask_2', 'lookup', 'valid'), e('lookup', 'check', 'success'), e('check', 'say', 'has'), e('check', 'missing', 'else'), e('say', 'end'), e('missing', 'end')],
    intents: [],
    settings: { ...DEFAULT_SETTINGS, captureVolunteeredSlots: true },
  };
}

describe('slots named like Object.prototype members (issue 11, point 3)', () => {
  it('templates render unknown or empty names as nothing, never a function or an object', () => {
    const flow = compileFlow(prototypeSlotFlow());
    const r = startConversation(flow, 1);
    expect(r.messages[0]!.text).toBe('Hello. Before anything: [][][][]');
  });

  it('constructor, toString and __proto__ are ordinary slots: filled, passed to tools, tested by conditions, rendered', () => {
    const flow = compileFlow(prototypeSlotFlow());
    let r = startConversation(flow, 1);
    for (const answer of ['Ada', 'Leeds', 'a cat called Tom']) r = step(flow, r.state, answer);
    expect(r.state.status).toBe('ended');
    expect(r.state.outcome).toBe('completed');
    expect(Object.keys(r.state.slots)).toEqual(['constructor', 'toString', '__proto__']);
    expect(r.state.slots.constructor).toBe('Ada');
    expect(r.state.slots.toString).toBe('Leeds');
    expect(Object.getOwnPropertyDescriptor(r.state.slots, '__proto__')?.value).toBe('a cat called Tom');
    const tool = r.events.find((e) => e.type === 'tool_called');
    expect(tool && tool.type === 'tool_called' && { ...tool.args }).toEqual({ constructor: 'Ada', toString: 'Leeds', ['__proto__']: 'a cat called Tom' });
    expect(r.events).toContainEqual({ type: 'condition_branch', nodeId: 'check', branch: 'has' });
    expect(r.messages.map((m) => m.text)).toContain('Saved [Ada][Leeds][a cat called Tom][]');
    // Nothing leaked into the shared prototype.
    expect(({} as Record<string, unknown>).crm).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('a state handed back as a plain object (a worker or JSON round trip) still works', () => {
    const flow = compileFlow(prototypeSlotFlow());
    let r = startConversation(flow, 1);
    r = step(flow, r.state, 'Ada');
    const revived = JSON.parse(JSON.stringify(r.state));
    r = step(flow, revived, 'Leeds');
    r = step(flow, r.state, 'Rex');
    expect(r.messages.map((m) => m.text)).toContain('Saved [Ada][Leeds][Rex][]');
  });

  it('simulated customers complete the flow: no conversation is a harness error', () => {
    const flow = compileFlow(prototypeSlotFlow());
    const runs = simulateBatch(flow, 'elderly', 20, 3);
    const errors = runs.filter((c) => c.outcome === 'error').map((c) => c.error?.message);
    expect(errors).toEqual([]);
    expect(runs.filter((c) => c.outcome === 'completed').length).toBeGreaterThan(0);
  });
});
