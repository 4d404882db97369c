import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/errors.ts';
import { findEndPaths } from '../../../src/core/flow/graph.ts';
import { flowHash } from '../../../src/core/flow/hash.ts';
import { parseFlow, parseFlowText } from '../../../src/core/flow/parse.ts';
import { NODE_KINDS, type FlowDocument } from '../../../src/core/flow/types.ts';
import { compareFindings, validateFlow } from '../../../src/core/flow/validate.ts';
import { baseFlow } from '../../fixtures/flows/broken-flows.ts';

const wellFormed = (f: Finding) =>
  /^FS\d{3}$/.test(f.code) && (f.severity === 'error' || f.severity === 'warning') && f.message.startsWith(`${f.code}: `);

/**
 * Flow-shaped values: plausible structure where each field is occasionally junk, so that a good share
 * parses and the later checks (validation, hash, path search) see odd but well-typed flows.
 */
const loose = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }));
const mostly = <T,>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 40 }, { arbitrary: loose, weight: 1 });
const ids = fc.constantFrom('a', 'b', 'c', 'd', 'start', 'end');
const slots = fc.constantFrom('s1', 's2', 'r1');
const handles = fc.constantFrom(undefined, null, '', 'valid', 'no_match', 'success', 'error', 'else', 'x', 'i1', 'i2', 'o1');
const entityArb = fc.oneof(
  fc.record({ type: fc.constantFrom('text', 'email', 'phone', 'date', 'yes_no', 'nope') }),
  fc.record({ type: fc.constant('number'), min: fc.integer({ min: -5, max: 5 }), max: fc.integer({ min: -5, max: 5 }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('choice'), options: fc.array(fc.record({ value: fc.string(), synonyms: mostly(fc.array(fc.string())) }, { requiredKeys: ['value'] }), { maxLength: 3 }) }),
  fc.record({ type: fc.constant('pattern'), pattern: fc.constantFrom('[A-Z]{2}\\d{3}', '(', '\\d+', ''), example: fc.constantFrom('AB123', 'ab 123', '12', ''), ignoreSeparators: fc.boolean() }),
);
const branchArb = fc.record({
  id: ids,
  slot: slots,
  op: fc.constantFrom('eq', 'neq', 'gt', 'lt', 'exists', 'missing', 'contains'),
  value: fc.oneof(fc.constantFrom('x', 'yes', '3'), fc.integer({ min: -3, max: 3 })),
});
const mockArb = fc.oneof(
  fc.record({ mode: fc.constantFrom('success', 'error'), result: fc.dictionary(slots, fc.constantFrom('x', 'yes', '3'), { maxKeys: 2 }) }, { requiredKeys: ['mode'] }),
  fc.record({ mode: fc.constant('error_rate'), rate: fc.double({ min: -0.5, max: 1.5, noNaN: true }) }),
  fc.record({ mode: fc.constant('sometimes') }),
);
const nodeArb = fc.record(
  {
    id: mostly(ids),
    type: mostly(fc.constantFrom(...NODE_KINDS)),
    position: mostly(fc.record({ x: fc.integer(), y: fc.integer() })),
    data: mostly(
      fc.record(
        {
          label: mostly(fc.string()),
          greeting: mostly(fc.string()),
          text: mostly(fc.string()),
          slot: mostly(slots),
          prompt: mostly(fc.string({ minLength: 1 })),
          entity: mostly(entityArb),
          mode: mostly(fc.constantFrom('intent', 'options')),
          intents: mostly(fc.array(fc.constantFrom('i1', 'i2', 'no_match'), { maxLength: 3 })),
          options: mostly(fc.array(fc.record({ id: fc.constantFrom('o1', 'o2'), label: fc.constantFrom('One', 'Two') }), { maxLength: 2 })),
          maxAttempts: mostly(fc.integer({ min: 1, max: 4 })),
          branches: mostly(fc.array(branchArb, { maxLength: 3 })),
          tool: mostly(fc.constantFrom('t', 'lookup')),
          args: mostly(fc.array(slots, { maxLength: 2 })),
          mock: mostly(mockArb),
        },
        { requiredKeys: ['text', 'prompt', 'branches', 'tool'] },
      ),
    ),
  },
  { requiredKeys: ['id', 'type'] },
);
const edgeArb = fc.record(
  { id: mostly(fc.string({ minLength: 1, maxLength: 3 })), source: mostly(ids), target: mostly(ids), sourceHandle: handles },
  { requiredKeys: ['id', 'source', 'target'] },
);
const intentArb = fc.record({ id: mostly(fc.constantFrom('i1', 'i2', 'i3')), phrases: mostly(fc.array(fc.string(), { maxLength: 4 })) }, { requiredKeys: ['id'] });
const flowArb = fc.record(
  {
    id: mostly(fc.string({ minLength: 1 })),
    name: mostly(fc.string()),
    nodes: mostly(fc.array(nodeArb, { maxLength: 8 })),
    edges: mostly(fc.array(edgeArb, { maxLength: 12 })),
    intents: mostly(fc.array(intentArb, { maxLength: 3 })),
    settings: mostly(
      fc.record(
        {
          globalIntents: mostly(fc.array(fc.record({ intent: fc.constantFrom('i1', 'i9'), action: fc.constantFrom('handoff', 'goto', 'help'), target: ids }, { requiredKeys: ['intent', 'action'] }), { maxLength: 2 })),
          matcher: mostly(fc.record({ typoTolerance: fc.boolean() })),
          captureVolunteeredSlots: mostly(fc.boolean()),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: ['id', 'name', 'nodes', 'edges'] },
);

describe('reading and validating never throw', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const res = parseFlow(value);
        expect(res.findings.every(wellFormed)).toBe(true);
        expect(validateFlow(value as unknown as FlowDocument).every(wellFormed)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const res = parseFlowText(text);
        expect(res.findings.every(wellFormed)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on flow-shaped values: parse, then validate, hash and search paths; findings sorted', () => {
    fc.assert(
      fc.property(flowArb, (value) => {
        const res = parseFlow(value);
        expect(res.findings.every(wellFormed)).toBe(true);
        expect(res.ok).toBe(!res.findings.some((f) => f.severity === 'error'));
        const direct = validateFlow(value as unknown as FlowDocument);
        expect(direct.every(wellFormed)).toBe(true);
        if (!res.ok) return;
        const findings = validateFlow(res.flow);
        expect(findings.every(wellFormed)).toBe(true);
        expect(findings).toEqual([...findings].sort(compareFindings));
        expect(flowHash(res.flow)).toMatch(/^[0-9a-f]{32}$/);
        for (const p of findEndPaths(res.flow, { maxPaths: 8 })) expect(p.edges).toHaveLength(p.nodes.length - 1);
      }),
      { numRuns: 400 },
    );
  });
});

describe('hash invariants', () => {
  it('flowHash ignores node and edge order and positions', () => {
    const flow = baseFlow();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: flow.nodes.length, maxLength: flow.nodes.length }), fc.integer(), (xs, seed) => {
        const shuffle = <T,>(list: T[]) => list.map((v, i) => [(i * 7919 + seed) % 101, v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);
        const moved: FlowDocument = {
          ...flow,
          nodes: shuffle(flow.nodes.map((n, i) => ({ ...n, position: { x: xs[i], y: xs[xs.length - 1 - i] } }))),
          edges: shuffle(flow.edges),
        };
        expect(flowHash(moved)).toBe(flowHash(flow));
      }),
      { numRuns: 100 },
    );
  });
});
