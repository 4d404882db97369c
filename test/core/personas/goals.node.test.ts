import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntitySpec, FlowDocument, FlowNode } from '../../../src/core/flow/types.ts';
import { generateEntityValue } from '../../../src/core/personas/entity-values.ts';
import { pickGoal, solveSlot } from '../../../src/core/personas/goals.ts';
import { compileFlow } from '../../../src/core/runtime/compile.ts';
import { extractSlot } from '../../../src/core/runtime/matcher/index.ts';
import type { CompiledFlow } from '../../../src/core/runtime/types.ts';
import { createRng } from '../../../src/core/simulate/random.ts';
import { miniFlow } from '../../fixtures/mini-flow.ts';
import { allEntitiesFlow } from './persona-harness.ts';

const FLOWS_DIR = resolve(import.meta.dirname, '../../../demo/flows');
const demoFlows = (): [string, CompiledFlow][] =>
  readdirSync(FLOWS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, compileFlow(JSON.parse(readFileSync(resolve(FLOWS_DIR, f), 'utf8')) as FlowDocument)]);

const flows = (): [string, CompiledFlow][] => [['all-entities', compileFlow(allEntitiesFlow())], ['mini', compileFlow(miniFlow())], ...demoFlows()];

function question(flow: CompiledFlow, id: string) {
  const n = flow.nodes.get(id) as FlowNode;
  return n.type === 'question' ? n.data : null;
}

describe('pickGoal', () => {
  it.each(flows())('%s: every fact validates against its question entity (the matcher extractSlot)', (_name, flow) => {
    const rng = createRng('facts', flow.doc.id);
    for (let i = 0; i < 300; i++) {
      const goal = pickGoal(flow, rng)!;
      expect(goal).not.toBeNull();
      for (const id of goal.path) {
        const q = question(flow, id);
        if (!q) continue;
        const fact = goal.facts[q.slot];
        expect(fact, `${id} has a fact`).toBeDefined();
        const x = extractSlot(q.entity, fact, flow.doc.settings.matcher);
        expect(x.ok, `${JSON.stringify(q.entity)} accepts ${fact}`).toBe(true);
      }
    }
  });

  it.each(flows())('%s: the path runs from start to an end node and routes follow its edges', (_name, flow) => {
    const rng = createRng('routes', flow.doc.id);
    for (let i = 0; i < 100; i++) {
      const goal = pickGoal(flow, rng)!;
      expect(goal.path[0]).toBe(flow.startId);
      expect(flow.nodes.get(goal.targetNodeId)?.type).toBe('end');
      expect(goal.path.at(-1)).toBe(goal.targetNodeId);
      for (const [router, route] of Object.entries(goal.routes)) {
        const at = goal.path.indexOf(router);
        expect(at).toBeGreaterThanOrEqual(0);
        const edge = flow.outgoing.get(router)!.find((e) => e.sourceHandle === route)!;
        expect(edge.target).toBe(goal.path[at + 1]);
      }
    }
  });

  it('spreads goals over the routes of the first router', () => {
    const flow = compileFlow(allEntitiesFlow());
    const rng = createRng('spread');
    const counts: Record<string, number> = {};
    for (let i = 0; i < 2000; i++) {
      const r = pickGoal(flow, rng)!.routes.menu;
      counts[r] = (counts[r] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['book_appointment', 'loyalty_points', 'more', 'track_order']);
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(400);
  });

  it('picks condition-consistent facts: returns-refunds reasons follow the branch the path takes', () => {
    const flow = compileFlow(JSON.parse(readFileSync(resolve(FLOWS_DIR, 'returns-refunds.json'), 'utf8')));
    const rng = createRng('branches');
    const reasons = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const goal = pickGoal(flow, rng)!;
      const at = goal.path.indexOf('check_reason');
      if (at < 0) continue;
      // "damaged" and "wrong item" both lead to the free return; anything else pays the fee.
      const reason = goal.facts.return_reason;
      reasons.add(reason);
      if (goal.path[at + 1] === 'msg_free_return') expect(['damaged', 'wrong item']).toContain(reason);
      else expect(['damaged', 'wrong item']).not.toContain(reason);
    }
    expect(reasons.size).toBeGreaterThanOrEqual(4);
  });

  it('meets yes/no conditions on customer slots (appointment booking: returning patient)', () => {
    const flow = compileFlow(JSON.parse(readFileSync(resolve(FLOWS_DIR, 'appointment-booking.json'), 'utf8')));
    const rng = createRng('yes-no');
    let checked = 0;
    for (let i = 0; i < 300; i++) {
      const goal = pickGoal(flow, rng)!;
      const at = goal.path.indexOf('check_new_patient');
      if (at < 0) continue;
      const edge = flow.outgoing.get('check_new_patient')!.find((e) => e.target === goal.path[at + 1])!;
      expect(goal.facts.returning_patient).toBe(edge.sourceHandle === 'returning' ? 'yes' : 'no');
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('never aims for a path through a tool that always fails (mini flow: cancel errors out)', () => {
    const flow = compileFlow(miniFlow());
    const rng = createRng('mock');
    for (let i = 0; i < 100; i++) expect(pickGoal(flow, rng)!.path).not.toContain('cancel_call');
  });

  it('is deterministic: the same stream gives the same goal', () => {
    for (const [, flow] of flows()) {
      expect(pickGoal(flow, createRng(9, 3, 'goal'))).toEqual(pickGoal(flow, createRng(9, 3, 'goal')));
    }
  });

  it('returns null when no end node is reachable', () => {
    const doc = miniFlow();
    doc.edges = doc.edges.filter((e) => e.target !== 'bye');
    expect(pickGoal(compileFlow(doc), createRng(1))).toBeNull();
  });
});

describe('entity values', () => {
  const specs: EntitySpec[] = [
    { type: 'email' },
    { type: 'phone' },
    { type: 'date' },
    { type: 'number', min: 1, max: 6, integer: true },
    { type: 'number' },
    { type: 'yes_no' },
    { type: 'choice', options: [{ value: 'standard' }, { value: 'express', synonyms: ['fast'] }] },
    { type: 'text', minWords: 3 },
    { type: 'pattern', pattern: '^[A-Z]{2}\\d{6}$', example: 'AB123456' },
    { type: 'pattern', pattern: '(?=\\d)\\d{6}', example: '123456' },
  ];
  it.each(specs)('1,000 generated values for %j are accepted by extractSlot', (entity) => {
    const rng = createRng('values', JSON.stringify(entity));
    const settings = { threshold: 0.45, margin: 0.05, typoTolerance: true, globalThreshold: 0.45 };
    for (let i = 0; i < 1000; i++) {
      const v = generateEntityValue(entity, 'slot', '', rng);
      expect(extractSlot(entity, v, settings).ok, v).toBe(true);
    }
  });

  it('solves numeric constraints and reports impossible ones', () => {
    const rng = createRng('solve');
    const entity: EntitySpec = { type: 'number', min: 1, max: 10, integer: true };
    const v = solveSlot(entity, 'n', '', [{ op: 'gt', value: 7, want: true }], rng)!;
    expect(Number(v)).toBeGreaterThan(7);
    expect(solveSlot({ type: 'yes_no' }, 'x', '', [{ op: 'eq', value: 'maybe', want: true }], rng)).toBeNull();
  });
});
