import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findJsonErrorOffset, parseFlow, parseFlowText, withDefaultSettings } from '../../../src/core/flow/parse.ts';
import { DEFAULT_SETTINGS } from '../../../src/core/flow/types.ts';
import { validateFlow } from '../../../src/core/flow/validate.ts';
import { baseFlowJson as baseFlow } from '../../fixtures/flows/broken-flows.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/flows/malformed/${name}`, import.meta.url), 'utf8');
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('parseFlow', () => {
  it('reads the base fixture and fills the settings it leaves out from the defaults (deep merge)', () => {
    const res = parseFlow(baseFlow());
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.findings).toEqual([]);
    expect(res.flow.settings.matcher).toEqual(DEFAULT_SETTINGS.matcher);
    expect(res.flow.settings.fallback).toEqual(DEFAULT_SETTINGS.fallback);
    expect(res.flow.settings.globalIntents).toHaveLength(2);
    expect(res.flow.nodes).toHaveLength(17);
  });

  it('merges a partial matcher and fallback field by field', () => {
    const doc = { ...baseFlow(), settings: { matcher: { typoTolerance: false }, fallback: { giveUp: 'end' } } };
    const res = parseFlow(doc);
    expect(res.ok && res.flow.settings).toEqual({
      ...DEFAULT_SETTINGS,
      matcher: { ...DEFAULT_SETTINGS.matcher, typoTolerance: false },
      fallback: { ...DEFAULT_SETTINGS.fallback, giveUp: 'end' },
    });
    // The defaults object itself is never handed out or changed.
    if (res.ok) res.flow.settings.fallback.messages.push('x');
    expect(DEFAULT_SETTINGS.fallback.messages).toHaveLength(1);
  });

  it('drops React Flow fields and keeps what the engine reads', () => {
    const doc = baseFlow() as unknown as { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
    Object.assign(doc.nodes[0], { selected: true, dragging: false, measured: { width: 100, height: 40 }, width: 100, height: 40, zIndex: 3, style: { color: 'red' } });
    Object.assign(doc.edges[0], { animated: true, selected: true, style: { stroke: 'red' }, sourceHandle: null, type: 'smoothstep' });
    const res = parseFlow({ ...doc, viewport: { x: 0, y: 0, zoom: 1 }, $schema: 'flow.schema.json' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.flow.nodes[0]).toEqual({ id: 'start', type: 'start', position: { x: 320, y: 0 }, data: { greeting: 'Hello from the test shop.' } });
    expect(res.flow.edges[0]).toEqual({ id: 'e-start-menu', source: 'start', target: 'menu' });
    expect(Object.keys(res.flow)).toEqual(['id', 'name', 'nodes', 'edges', 'intents', 'settings']);
  });

  it('defaults a missing position and data', () => {
    const res = parseFlow({ id: 'f', name: 'f', nodes: [{ id: 'e', type: 'end' }], edges: [] });
    expect(res.ok && res.flow.nodes[0]).toEqual({ id: 'e', type: 'end', position: { x: 0, y: 0 }, data: {} });
    expect(res.ok && res.flow.intents).toEqual([]);
  });

  it('leaves semantic gaps to validation (one finding per problem, with the precise code)', () => {
    const doc = baseFlow() as unknown as { nodes: { data: Record<string, unknown> }[]; intents: Record<string, unknown>[] };
    delete doc.nodes[8].data.slot; // question without slot: FS006
    delete doc.nodes[3].data.mock; // action without mock: FS015
    doc.nodes[12].data.entity = { type: 'choice' }; // FS009
    delete doc.intents[0].phrases; // FS012
    const res = parseFlow(doc);
    expect(res.ok).toBe(true);
    if (res.ok) expect(validateFlow(res.flow).map((f) => f.code).filter((c) => c < 'FS050')).toEqual(['FS006', 'FS009', 'FS012', 'FS015']);
  });

  it('reports wrong types with the JSON path and what was found', () => {
    const res = parseFlowText(fixture('wrong-types.json'));
    expect(res.ok).toBe(false);
    const byPath = Object.fromEntries(res.findings.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual([
      'edges',
      'id',
      'intents[0].phrases',
      'nodes',
      'settings.captureVolunteerSlots',
      'settings.fallback.behaviour',
      'settings.fallback.maxConsecutive',
      'settings.matcher.threshold',
      'settings.matcher.typoTolerance',
    ].map((p) => (p === 'id' ? '$.id' : p)).sort());
    expect(byPath['$.id'].message).toBe(
      'FS101: $.id must be a non-empty string, found the number 42. The flow document has the wrong shape: fix the field named in the message.',
    );
    expect(byPath['nodes'].message).toContain('nodes must be an array of nodes, found an object');
    expect(byPath['edges'].message).toContain('edges must be an array of edges, it is missing');
    expect(byPath['settings.fallback.behaviour'].message).toContain('one of "reprompt", "message_only", "restart", found the string "shrug"');
    // An unknown setting is most likely a typo: a warning, not an error.
    expect(byPath['settings.captureVolunteerSlots']).toMatchObject({ code: 'FS101', severity: 'warning' });
    expect(res.findings.filter((f) => f.severity === 'error').every((f) => f.code === 'FS101')).toBe(true);
  });

  it('reports unknown node types as FS102, naming the node', () => {
    const res = parseFlowText(fixture('unknown-kinds.json'));
    expect(res.ok).toBe(false);
    expect(res.findings.map((f) => [f.code, f.nodeId, f.path])).toEqual([
      ['FS102', 'hello', 'nodes[0].type'],
      ['FS102', 'ask', 'nodes[1].type'],
      ['FS102', 'note', 'nodes[2].type'],
    ]);
    expect(res.findings[0].message).toContain('node "hello" has the unknown type "sendText"');
    expect(res.findings[2].message).toContain('node "note" has no type');
    expect(res.findings[0].message).toContain('pass a mapping for your node types');
  });

  it('accepts a dangling edge (a graph problem) and leaves it to validation', () => {
    const res = parseFlowText(fixture('dangling-edge.json'));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.flow.edges[0]).not.toHaveProperty('sourceHandle');
    const found = validateFlow(res.flow);
    expect(found.find((f) => f.code === 'FS003')).toMatchObject({ edgeId: 'e1', nodeId: 'start' });
  });

  it('checks node data field types and required fields per kind', () => {
    const doc = {
      id: 'f',
      name: 'f',
      nodes: [
        { id: 'm', type: 'message', data: {} },
        { id: 'q', type: 'question', data: { slot: 7, prompt: '', entity: 'email', maxAttempts: 0 } },
        { id: 'r', type: 'router', data: { prompt: 'p', mode: 'buttons', options: [{ id: 'a' }] } },
        { id: 'c', type: 'condition', data: { branches: [{ id: 'b', slot: 's', op: 'gt', value: 'lots' }, { id: 'b2', slot: 's', op: 'eq' }] } },
        { id: 'a', type: 'action', data: { tool: 'x', args: 'order', mock: 'ok' } },
        { id: 'x', type: 'end', data: { text: 'bye', colour: 'red' }, position: { x: 'left' } },
      ],
      edges: [{ id: 'e', source: 'm', target: 7, sourceHandle: 3 }, 'edge'],
    };
    const res = parseFlow(doc);
    expect(res.ok).toBe(false);
    expect(res.findings.map((f) => `${f.severity[0]} ${f.path}`)).toEqual([
      'e nodes[0].data.text',
      'e nodes[1].data.slot',
      'e nodes[1].data.prompt',
      'e nodes[1].data.entity',
      'e nodes[1].data.maxAttempts',
      'e nodes[2].data.mode',
      'e nodes[2].data.options[0].label',
      'e nodes[3].data.branches[0].value',
      'e nodes[3].data.branches[1].value',
      'e nodes[4].data.args',
      'e nodes[4].data.mock',
      'e nodes[5].position',
      'w nodes[5].data.colour',
      'e edges[0].target',
      'e edges[0].sourceHandle',
      'e edges[1]',
    ]);
    expect(res.findings.find((f) => f.path === 'nodes[5].data.colour')?.message).toContain('is not a field of a end node');
    expect(res.findings[0].nodeId).toBe('m');
    expect(res.findings.find((f) => f.path === 'edges[0].target')?.edgeId).toBe('e');
  });

  it('never throws on non-objects', () => {
    for (const v of [undefined, null, 0, 'x', [], true]) {
      const res = parseFlow(v);
      expect(res).toEqual({ ok: false, findings: [expect.objectContaining({ code: 'FS101', path: '$' })] });
    }
  });
});

describe('parseFlowText', () => {
  it('reports invalid JSON as FS100 with line and column', () => {
    const res = parseFlowText(fixture('invalid-json.txt'));
    expect(res.ok).toBe(false);
    expect(res.findings).toHaveLength(1);
    expect(res.findings[0].code).toBe('FS100');
    expect(res.findings[0].message).toMatch(/^FS100: the text is not valid JSON at line 5, column 5 \(/);
  });

  it('reports empty text, and reads text with a byte-order mark', () => {
    expect(codes(parseFlowText('  \n'))).toEqual(['FS100']);
    expect(parseFlowText('\uFEFF' + JSON.stringify(baseFlow())).ok).toBe(true);
  });

  it('locates syntax errors like JSON.parse does', () => {
    const cases: [string, number][] = [
      ['{"a": 1,}', 8],
      ['[1, 2', 5],
      ['{"a": tru}', 6 + 3],
      ['{"a": "x\ny"}', 8],
      ['{} {}', 3],
      ['{"a": 01}', 7],
      ['{"a": "\\q"}', 8],
    ];
    for (const [text, at] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect([text, findJsonErrorOffset(text)]).toEqual([text, at]);
    }
    // Valid JSON: no error before the end.
    const valid = '{"a": [1, 2.5e3, -0, "\\u00e9", true, false, null], "b": {}}';
    expect(() => JSON.parse(valid)).not.toThrow();
    expect(findJsonErrorOffset(valid)).toBe(valid.length);
  });
});

describe('withDefaultSettings', () => {
  it('fills everything that is missing', () => {
    expect(withDefaultSettings()).toEqual(DEFAULT_SETTINGS);
    expect(withDefaultSettings({ stepBudget: 9, matcher: { threshold: 0.6 } })).toEqual({
      ...DEFAULT_SETTINGS,
      stepBudget: 9,
      matcher: { ...DEFAULT_SETTINGS.matcher, threshold: 0.6 },
    });
  });
});
