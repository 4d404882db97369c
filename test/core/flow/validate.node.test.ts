import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/core/errors.ts';
import { parseFlow } from '../../../src/core/flow/parse.ts';
import { compareFindings, describeNode, hasErrors, severityOf, validateFlow } from '../../../src/core/flow/validate.ts';
import { BROKEN_FLOWS, baseFlow } from '../../fixtures/flows/broken-flows.ts';

describe('validateFlow', () => {
  it('finds nothing at all in the clean base fixture', () => {
    expect(validateFlow(baseFlow())).toEqual([]);
  });

  it('has a broken fixture for every validation code in the registry', () => {
    const registry = Object.keys(ERROR_CODES).filter((c) => /^FS0\d\d$/.test(c));
    const covered = new Set(BROKEN_FLOWS.map((b) => b.code));
    expect(registry.filter((c) => !covered.has(c))).toEqual([]);
  });

  describe.each(BROKEN_FLOWS)('$code: $defect', ({ code, flow, nodeId, edgeId }) => {
    it('is reported, located and worded with its code', () => {
      const findings = validateFlow(flow);
      const hits = findings.filter((f) => f.code === code);
      expect(hits.length, JSON.stringify(findings, null, 1)).toBeGreaterThan(0);
      for (const f of hits) {
        expect(f.severity).toBe(severityOf(code));
        expect(f.message.startsWith(`${code}: `)).toBe(true);
        // The registry's fix is part of every message.
        expect(f.message).toContain(ERROR_CODES[code as keyof typeof ERROR_CODES]);
      }
      if (nodeId) expect(hits.some((f) => f.nodeId === nodeId), JSON.stringify(hits)).toBe(true);
      if (edgeId) expect(hits.some((f) => f.edgeId === edgeId), JSON.stringify(hits)).toBe(true);
      expect(hasErrors(findings)).toBe(severityOf(code) === 'error' || findings.some((f) => f.severity === 'error'));
    });

    it('is a semantic defect: the document still parses, and validates the same after parsing', () => {
      const parsed = parseFlow(JSON.parse(JSON.stringify(flow)));
      expect(parsed.ok, JSON.stringify(parsed.findings)).toBe(true);
      if (parsed.ok) expect(validateFlow(parsed.flow)).toEqual(validateFlow(flow));
    });
  });

  it('sorts findings deterministically: errors first, then by code and location', () => {
    const flow = baseFlow();
    flow.nodes = flow.nodes.filter((n) => n.id !== 'start');
    flow.edges.push({ id: 'e-ghost', source: 'menu', target: 'ghost', sourceHandle: 'no_match' });
    flow.intents[0].phrases = ['one'];
    const findings = validateFlow(flow);
    expect(findings).toEqual([...findings].sort(compareFindings));
    const firstWarning = findings.findIndex((f) => f.severity === 'warning');
    expect(findings.slice(firstWarning).every((f) => f.severity === 'warning')).toBe(true);
    // Same input in another order: same output.
    const shuffled = { ...flow, nodes: [...flow.nodes].reverse(), edges: [...flow.edges].reverse() };
    expect(validateFlow(shuffled).map((f) => f.code)).toEqual(findings.map((f) => f.code));
  });

  it('names nodes by label and id, so the designer can find them', () => {
    const flow = baseFlow();
    flow.edges = flow.edges.filter((e) => !(e.source === 'ask_order' && e.sourceHandle === 'no_match'));
    const f = validateFlow(flow).find((x) => x.code === 'FS054');
    expect(f?.message).toContain('Question "Order number" (ask_order)');
    expect(f?.path).toBe(undefined);
    expect(describeNode({ id: 'n1', type: 'message', data: {} })).toBe('Message "n1"');
  });

  it('points findings at document paths', () => {
    const flow = baseFlow();
    delete (flow.nodes[8].data as { slot?: string }).slot;
    const f = validateFlow(flow).find((x) => x.code === 'FS006');
    expect(f).toMatchObject({ nodeId: 'ask_email', path: 'nodes[8].data.slot' });
  });

  it('reports a dangling edge once, not also as a missing edge on its source', () => {
    const flow = baseFlow();
    flow.edges.find((e) => e.source === 'ask_order' && e.sourceHandle === 'valid')!.target = 'gone';
    const codes = validateFlow(flow).filter((f) => f.nodeId === 'ask_order').map((f) => f.code);
    expect(codes).toContain('FS003');
    expect(codes).not.toContain('FS004');
  });

  it('counts global-intent targets as reachable', () => {
    const flow = baseFlow();
    flow.edges = flow.edges.filter((e) => e.target !== 'human');
    for (const n of flow.nodes) {
      if (n.type === 'question' || n.type === 'router' || n.type === 'action') flow.edges.push({ id: `x-${n.id}`, source: n.id, target: 'done', sourceHandle: n.type === 'action' ? 'error' : 'no_match' });
    }
    expect(validateFlow(flow).filter((f) => f.code === 'FS050')).toEqual([]);
    flow.settings.globalIntents = [];
    expect(validateFlow(flow).filter((f) => f.code === 'FS050').map((f) => f.nodeId)).toEqual(['human']);
  });

  it('lets a loop through a question pass: it waits for the customer', () => {
    const flow = baseFlow();
    flow.edges.find((e) => e.source === 'say_pending')!.target = 'ask_order';
    expect(validateFlow(flow).filter((f) => f.code === 'FS007')).toEqual([]);
  });

  it('treats an unlabelled question edge as valid, but not together with a valid one', () => {
    const flow = baseFlow();
    expect(flow.edges.find((e) => e.source === 'ask_email' && e.target === 'done')?.sourceHandle).toBeUndefined();
    expect(validateFlow(flow)).toEqual([]);
  });

  it('never throws on garbage and says what is wrong', () => {
    for (const junk of [null, 1, 'flow', [], {}, { nodes: 'x', edges: {} }, { nodes: [null, 1, { id: 3 }], edges: [{}], intents: [null] }]) {
      const findings = validateFlow(junk as never);
      for (const f of findings) expect(f.code).toMatch(/^FS\d{3}$/);
    }
    expect(validateFlow(null as never).map((f) => f.code)).toEqual(['FS101']);
    expect(validateFlow({} as never).map((f) => f.code)).toEqual(['FS001']);
  });
});
