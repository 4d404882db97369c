import { describe, expect, it } from 'vitest';
import { addEdge as addEdgeV12, type Edge as EdgeV12, type Node as NodeV12 } from '@xyflow/react';
import { addEdge as addEdgeV11, type Edge as EdgeV11, type Node as NodeV11 } from 'reactflow';
import { fromReactFlow, type FlowMapping } from '../../src/adapters/react-flow.ts';
import { flowHash } from '../../src/core/flow/hash.ts';
import { DEFAULT_SETTINGS, type Intent } from '../../src/core/flow/types.ts';
import { validateFlow } from '../../src/core/flow/validate.ts';

const intents: Intent[] = [{ id: 'refund', phrases: ['refund please', 'money back', 'I want a refund'] }];

/** The same small flow as a host keeps it in reactflow 11 state: selection, sizes, absolute positions. */
function v11Graph(): { nodes: NodeV11[]; edges: EdgeV11[] } {
  const nodes: NodeV11[] = [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: { label: 'Hello', greeting: 'Hi!' }, width: 150, height: 40, selected: true, positionAbsolute: { x: 0, y: 0 } },
    { id: 'menu', type: 'router', position: { x: 0, y: 100 }, data: { prompt: 'How can I help?', intents: ['refund'] }, dragging: false, style: { border: '1px solid' }, className: 'n' },
    { id: 'bye', type: 'end', position: { x: 0, y: 200 }, data: { text: 'Bye', onChange: () => undefined }, zIndex: 2 },
    { id: 'human', type: 'handoff', position: { x: 200, y: 200 }, data: {} },
  ];
  let edges: EdgeV11[] = [];
  // addEdge is what a v11 host calls in onConnect; it writes `sourceHandle: null` for a node's default handle.
  edges = addEdgeV11({ source: 'start', target: 'menu', sourceHandle: null, targetHandle: null }, edges);
  edges = addEdgeV11({ source: 'menu', target: 'bye', sourceHandle: 'refund', targetHandle: null }, edges);
  edges = addEdgeV11({ source: 'menu', target: 'human', sourceHandle: 'no_match', targetHandle: null }, edges);
  edges[0] = { ...edges[0], animated: true, selected: true, label: 'go', style: { stroke: 'red' } };
  return { nodes, edges };
}

/** The same flow in @xyflow/react 12 state: `measured` sizes, no `sourceHandle` on default handles. */
function v12Graph(): { nodes: NodeV12[]; edges: EdgeV12[] } {
  const nodes: NodeV12[] = [
    { id: 'start', type: 'start', position: { x: 5, y: 7 }, data: { label: 'Hello', greeting: 'Hi!' }, measured: { width: 150, height: 40 }, selected: false },
    { id: 'menu', type: 'router', position: { x: 0, y: 100 }, data: { prompt: 'How can I help?', intents: ['refund'] }, dragging: true },
    { id: 'bye', type: 'end', position: { x: 0, y: 200 }, data: { text: 'Bye' }, width: 120, height: 30 },
    { id: 'human', type: 'handoff', position: { x: 200, y: 200 }, data: {} },
  ];
  let edges: EdgeV12[] = [{ id: 'e1', source: 'start', target: 'menu' }];
  edges = addEdgeV12({ source: 'menu', target: 'bye', sourceHandle: 'refund', targetHandle: null }, edges);
  edges = addEdgeV12({ source: 'menu', target: 'human', sourceHandle: 'no_match', targetHandle: null }, edges);
  return { nodes, edges };
}

describe('fromReactFlow', () => {
  it('converts reactflow 11 nodes and edges, dropping canvas state', () => {
    const res = fromReactFlow({ ...v11Graph(), id: 'support', name: 'Support', intents });
    expect(res.findings).toEqual([]);
    if (!res.ok) return;
    expect(res.flow.nodes[0]).toEqual({ id: 'start', type: 'start', position: { x: 0, y: 0 }, data: { label: 'Hello', greeting: 'Hi!' } });
    expect(res.flow.nodes[2].data).toEqual({ text: 'Bye' });
    expect(res.flow.edges[0]).toEqual({ id: res.flow.edges[0].id, source: 'start', target: 'menu', label: 'go' });
    expect(res.flow.edges[1].sourceHandle).toBe('refund');
    expect(validateFlow(res.flow)).toEqual([]);
  });

  it('converts @xyflow/react 12 nodes and edges to the same flow (same hash)', () => {
    const a = fromReactFlow({ ...v11Graph(), intents });
    const b = fromReactFlow({ ...v12Graph(), intents });
    expect(b.ok && a.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.flow.nodes.map((n) => Object.keys(n))).toEqual(b.flow.nodes.map(() => ['id', 'type', 'position', 'data']));
    expect(flowHash(b.flow)).toBe(flowHash(a.flow));
    expect(b.flow).toMatchObject({ id: 'flow', name: 'Untitled flow' });
  });

  it('fills settings from the defaults and applies partial settings', () => {
    const res = fromReactFlow({ ...v12Graph(), intents, settings: { matcher: { typoTolerance: false } } });
    expect(res.ok && res.flow.settings.matcher).toEqual({ ...DEFAULT_SETTINGS.matcher, typoTolerance: false });
    expect(res.ok && res.flow.settings.fallback.behaviour).toBe('reprompt');
  });

  it('maps a host\'s own node types, data fields and handle names', () => {
    const host: NodeV12[] = [
      { id: 'n1', type: 'entry', position: { x: 0, y: 0 }, data: { say: 'Welcome' } },
      { id: 'n2', type: 'askQuestion', position: { x: 0, y: 0 }, data: { content: 'Your email?', variable: 'email', inputType: 'email' } },
      { id: 'n3', type: 'apiCall', position: { x: 0, y: 0 }, data: { endpoint: 'crm.lookup', params: ['email'] } },
      { id: 'n4', type: 'sendText', position: { x: 0, y: 0 }, data: { content: 'Found you.' } },
      { id: 'n5', type: 'finish', position: { x: 0, y: 0 }, data: {} },
      { id: 'note', type: 'stickyNote', position: { x: 0, y: 0 }, data: { text: 'remember to add a handoff' } },
    ];
    const edges: EdgeV12[] = [
      { id: 'a', source: 'n1', target: 'n2' },
      { id: 'b', source: 'n2', target: 'n3' },
      { id: 'c', source: 'n3', target: 'n4', sourceHandle: 'ok' },
      { id: 'd', source: 'n3', target: 'n5', sourceHandle: 'fail' },
      { id: 'e', source: 'n4', target: 'n5' },
      { id: 'f', source: 'note', target: 'n2' },
    ];
    const mapping: FlowMapping = {
      types: { entry: 'start', askQuestion: 'question', apiCall: 'action', sendText: 'message', finish: 'end' },
      data: {
        start: (d) => ({ greeting: d.say }),
        question: (d) => ({ slot: d.variable, prompt: d.content, entity: { type: d.inputType } }),
        action: (d) => ({ tool: d.endpoint, args: d.params, mock: { mode: 'success' } }),
        message: (d) => ({ text: d.content }),
      },
      handles: { action: { ok: 'success', fail: 'error' } },
      ignoreTypes: ['stickyNote'],
    };
    const res = fromReactFlow({ nodes: host, edges }, mapping);
    expect(res.findings).toEqual([]);
    if (!res.ok) return;
    expect(res.flow.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['n1:start', 'n2:question', 'n3:action', 'n4:message', 'n5:end']);
    expect(res.flow.nodes[1].data).toEqual({ slot: 'email', prompt: 'Your email?', entity: { type: 'email' } });
    expect(res.flow.edges.map((e) => `${e.id}:${e.sourceHandle ?? '-'}`)).toEqual(['a:-', 'b:-', 'c:success', 'd:error', 'e:-']);
    // Only the missing no-match path is left to say.
    expect(validateFlow(res.flow).map((f) => f.code)).toEqual(['FS054']);
  });

  it('reports unmapped host types as FS102 at the host\'s array positions, never skipping them', () => {
    const nodes = [
      { id: 'note', type: 'stickyNote', position: { x: 0, y: 0 }, data: {} },
      { id: 'n1', type: 'sendText', position: { x: 0, y: 0 }, data: { content: 'Hi' } },
      { id: 'n2', position: { x: 0, y: 0 }, data: {} },
    ];
    const res = fromReactFlow({ nodes, edges: [] }, { ignoreTypes: ['stickyNote'] });
    expect(res.ok).toBe(false);
    expect(res.findings.map((f) => [f.code, f.nodeId, f.path])).toEqual([
      ['FS102', 'n1', 'nodes[1].type'],
      ['FS102', 'n2', 'nodes[2].type'],
    ]);
    expect(res.findings[0].message).toContain('node "n1" has the unknown type "sendText"');
    // A typeless node is React Flow's "default" node, which a mapping can name.
    const mapped = fromReactFlow({ nodes: [{ id: 'x', position: { x: 0, y: 0 }, data: {} }], edges: [] }, { types: { default: 'end' } });
    expect(mapped.ok && mapped.flow.nodes[0].type).toBe('end');
  });

  it('turns a throwing mapping into a finding', () => {
    const res = fromReactFlow(
      { nodes: [{ id: 'm', type: 'sendText', position: { x: 0, y: 0 }, data: null }], edges: [] },
      { types: { sendText: 'message' }, data: { message: (d) => ({ text: d.content }) } },
    );
    expect(res.ok).toBe(false);
    expect(res.findings[0]).toMatchObject({ code: 'FS101', nodeId: 'm', path: 'nodes[0].data' });
    expect(res.findings[0].message).toContain('the mapping of node "m" (sendText -> message) threw');
  });

  it('never throws on junk input', () => {
    for (const junk of [undefined, null, {}, { nodes: 'x', edges: 3 }, { nodes: [null, 1, 'a'], edges: [null, { source: 1 }] }]) {
      const res = fromReactFlow(junk as never);
      expect(res.ok).toBe(false);
      for (const f of res.findings) expect(f.code).toMatch(/^FS1\d\d$/);
    }
  });
});

describe('hostile host graphs (issue 11)', () => {
  it('a host node type "constructor" or "__proto__" is an unknown type (FS102), never a built-in of Object', () => {
    const res = fromReactFlow({
      nodes: [
        { id: 'a', type: 'constructor', position: { x: 0, y: 0 }, data: {} },
        { id: 'b', type: '__proto__', position: { x: 0, y: 0 }, data: {} },
        { id: 'c', type: 'toString', position: { x: 0, y: 0 }, data: {} },
      ],
      edges: [],
    }, { types: { sendText: 'message' } });
    expect(res.ok).toBe(false);
    expect(res.findings.filter((f) => f.code === 'FS102').map((f) => f.nodeId)).toEqual(['a', 'b', 'c']);
  });

  it('node ids that objects reserve reach validation, which refuses them (FS020)', async () => {
    const { validateFlow } = await import('../../src/core/flow/validate.ts');
    const res = fromReactFlow({
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
        { id: '__proto__', type: 'end', position: { x: 0, y: 0 }, data: {} },
      ],
      edges: [{ id: 'e', source: 'start', target: '__proto__' }],
    });
    expect(res.ok).toBe(true);
    if (res.ok) expect(validateFlow(res.flow).some((f) => f.code === 'FS020' && /a node is named "__proto__"/.test(f.message))).toBe(true);
    expect(({} as Record<string, unknown>).visits).toBeUndefined();
  });
});
