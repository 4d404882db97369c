import { describe, expect, it } from 'vitest';
import { canonicalJson, flowHash } from '../../../src/core/flow/hash.ts';
import { DEFAULT_SETTINGS, type FlowDocument } from '../../../src/core/flow/types.ts';
import { baseFlow, baseFlowJson } from '../../fixtures/flows/broken-flows.ts';

/** What a builder does to nodes and edges while the designer only moves things around. */
function canvasNoise(flow: FlowDocument): FlowDocument {
  const copy = JSON.parse(JSON.stringify(flow)) as FlowDocument;
  copy.nodes = copy.nodes.reverse().map((n, i) => ({
    ...n,
    position: { x: n.position.x + 17 * i, y: -n.position.y },
    selected: i % 2 === 0,
    dragging: i === 1,
    measured: { width: 180, height: 64 },
    width: 180,
    height: 64,
    zIndex: i,
    positionAbsolute: { x: 1, y: 2 },
    data: { ...n.data, label: `renamed ${i}` },
  })) as FlowDocument['nodes'];
  copy.edges = copy.edges.reverse().map((e, i) => ({
    ...e,
    id: `reactflow__edge-${i}`,
    sourceHandle: e.sourceHandle ?? (i % 2 === 0 ? null : undefined),
    animated: true,
    selected: true,
    style: { stroke: '#f00' },
    label: 'styled',
  })) as FlowDocument['edges'];
  copy.name = 'Another name';
  copy.id = 'another-id';
  return copy;
}

describe('flowHash', () => {
  it('is a 32-digit hex string, stable across calls', () => {
    const h = flowHash(baseFlow());
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(flowHash(baseFlow())).toBe(h);
  });

  it('ignores positions, selection, sizes, z-index, edge styling and ids, labels and array order', () => {
    expect(flowHash(canvasNoise(baseFlow()))).toBe(flowHash(baseFlow()));
  });

  it('ignores object key order and settings that merely spell out the defaults', () => {
    const a = baseFlow();
    // The fixture as written leaves most settings out; parsed, they are spelled out.
    expect(flowHash(baseFlowJson() as unknown as FlowDocument)).toBe(flowHash(a));
    const b = baseFlow();
    b.settings = { ...DEFAULT_SETTINGS, globalIntents: b.settings.globalIntents };
    const reorder = (o: unknown): unknown =>
      Array.isArray(o) ? o.map(reorder) : o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).reverse().map(([k, v]) => [k, reorder(v)])) : o;
    expect(flowHash(reorder(b) as FlowDocument)).toBe(flowHash(a));
  });

  it('changes when a training phrase changes', () => {
    const b = baseFlow();
    b.intents[0].phrases[0] = 'where is my parcel';
    expect(flowHash(b)).not.toBe(flowHash(baseFlow()));
  });

  it('changes with anything the engine reads', () => {
    const base = flowHash(baseFlow());
    const edits: ((f: FlowDocument) => void)[] = [
      (f) => ((f.nodes[5].data as { text: string }).text = 'Shipped!'),
      (f) => (f.edges.find((e) => e.source === 'check' && e.sourceHandle === 'else')!.target = 'say_shipped'),
      (f) => (f.edges.find((e) => e.source === 'check' && e.sourceHandle === 'else')!.sourceHandle = 'shipped'),
      (f) => (f.settings.matcher.typoTolerance = false),
      (f) => (f.settings.fallback.behaviour = 'restart'),
      (f) => (f.nodes[1] = { ...f.nodes[1], type: 'question' } as FlowDocument['nodes'][number]),
      (f) => f.intents.reverse(),
    ];
    for (const edit of edits) {
      const f = baseFlow();
      edit(f);
      expect(flowHash(f)).not.toBe(base);
    }
  });
});

describe('canonicalJson', () => {
  it('sorts keys, keeps array order and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: undefined, c: 'x' }], e: undefined })).toBe('{"a":[3,{"c":"x"}],"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
