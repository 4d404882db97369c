import { describe, expect, it } from 'vitest';
import { findCyclesWithoutWait, findEndPaths, handleOf, indexFlow, outgoingByHandle, reachableFrom } from '../../../src/core/flow/graph.ts';
import type { FlowDocument } from '../../../src/core/flow/types.ts';
import { baseFlow } from '../../fixtures/flows/broken-flows.ts';

describe('graph helpers', () => {
  it('handleOf treats null, undefined and empty as no handle', () => {
    expect([handleOf({ sourceHandle: null }), handleOf({}), handleOf({ sourceHandle: '' }), handleOf({ sourceHandle: 'valid' })]).toEqual([null, null, null, 'valid']);
  });

  it('outgoingByHandle groups edges by handle and skips dangling ones', () => {
    const flow = baseFlow();
    flow.edges.push({ id: 'dangling', source: 'menu', target: 'gone', sourceHandle: 'refund' });
    const m = outgoingByHandle(flow, 'menu');
    expect([...m.keys()]).toEqual(['order_status', 'refund', 'no_match']);
    expect(m.get('refund')!.map((e) => e.target)).toEqual(['pick']);
    expect(outgoingByHandle(indexFlow(flow), 'ask_email').get(null)!.map((e) => e.target)).toEqual(['done']);
  });

  it('reachableFrom walks every handle, breadth first', () => {
    const flow = baseFlow();
    const r = [...reachableFrom(flow, 'start')];
    expect(r.slice(0, 2)).toEqual(['start', 'menu']);
    expect(r).toHaveLength(flow.nodes.length);
    expect([...reachableFrom(flow, ['say_shipped', 'nope'])]).toEqual(['say_shipped', 'done']);
  });

  it('findCyclesWithoutWait finds loops of passive nodes only', () => {
    const flow = baseFlow();
    expect(findCyclesWithoutWait(flow)).toEqual([]);
    flow.edges.find((e) => e.source === 'say_pending')!.target = 'lookup';
    expect(findCyclesWithoutWait(flow)).toEqual([['check', 'lookup', 'say_pending']]);
  });

  it('findEndPaths lists the ways a cooperative customer reaches an end, deterministically', () => {
    const flow = baseFlow();
    const paths = findEndPaths(flow);
    expect(paths.map((p) => p.nodes.join('>'))).toEqual([
      // The lookup's mock returns status "shipped", so the condition's else branch is never a goal.
      'start>menu>ask_order>lookup>check>say_shipped>done',
      'start>menu>pick>ask_email>done',
      'start>menu>pick>ask_amount>ask_when>ask_ok>ask_size>ask_phone>ask_note>done',
    ]);
    for (const p of paths) {
      expect(p.edges).toHaveLength(p.nodes.length - 1);
      p.edges.forEach((e, i) => expect([e.source, e.target]).toEqual([p.nodes[i], p.nodes[i + 1]]));
      expect(p.edges.some((e) => e.sourceHandle === 'no_match' || e.sourceHandle === 'error')).toBe(false);
    }
    expect(findEndPaths(flow)).toEqual(paths);
    // Order of edges in the document does not matter.
    expect(findEndPaths({ ...flow, edges: [...flow.edges].reverse() })).toEqual(paths);
  });

  it('findEndPaths follows the mock: error edges only when the tool can fail, success only when it can succeed', () => {
    const flow = baseFlow();
    const lookup = flow.nodes.find((n) => n.id === 'lookup')! as Extract<FlowDocument['nodes'][number], { type: 'action' }>;
    flow.edges.find((e) => e.id === 'e-lookup-error-human')!.target = 'done';
    lookup.data.mock = { mode: 'error' };
    expect(findEndPaths(flow)[0].nodes).toEqual(['start', 'menu', 'ask_order', 'lookup', 'done']);
    lookup.data.mock = { mode: 'success' };
    // Without a result the status is missing, so only the else branch is possible.
    expect(findEndPaths(flow).map((p) => p.nodes.join('>'))[0]).toBe('start>menu>ask_order>lookup>check>say_pending>done');
  });

  it('findEndPaths keeps open branches that depend on the customer', () => {
    const flow = baseFlow();
    const check = flow.nodes.find((n) => n.id === 'check')! as Extract<FlowDocument['nodes'][number], { type: 'condition' }>;
    check.data.branches = [{ id: 'shipped', slot: 'order_number', op: 'contains', value: 'AB' }];
    const ends = findEndPaths(flow).filter((p) => p.nodes.includes('check')).map((p) => p.nodes[5]);
    expect(ends).toEqual(['say_shipped', 'say_pending']);
  });

  it('findEndPaths is bounded', () => {
    // A ladder of routers with two routes each: 2^12 paths.
    const nodes: FlowDocument['nodes'] = [{ id: 's', type: 'start', position: { x: 0, y: 0 }, data: {} }];
    const edges: FlowDocument['edges'] = [{ id: 'e-s', source: 's', target: 'r0' }];
    for (let i = 0; i < 12; i++) {
      nodes.push({ id: `r${i}`, type: 'router', position: { x: 0, y: 0 }, data: { prompt: '?', intents: ['a', 'b'] } });
      for (const h of ['a', 'b']) edges.push({ id: `e${i}${h}`, source: `r${i}`, target: i === 11 ? 'end' : `r${i + 1}`, sourceHandle: h });
    }
    nodes.push({ id: 'end', type: 'end', position: { x: 0, y: 0 }, data: {} });
    const flow = { id: 'x', name: 'x', nodes, edges, intents: [], settings: baseFlow().settings } as FlowDocument;
    expect(findEndPaths(flow)).toHaveLength(64);
    expect(findEndPaths(flow, { maxPaths: 5 })).toHaveLength(5);
    expect(findEndPaths(flow, { maxPaths: 10_000, maxSteps: 100 }).length).toBeLessThan(100);
    expect(findEndPaths({ ...flow, nodes: nodes.slice(1) })).toEqual([]);
  });
});
