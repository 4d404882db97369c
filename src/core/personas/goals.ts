/**
 * Goals come from the flow (product.md §4): each conversation draws one way from the start node to an end
 * node, the route the customer wants at each router, and facts that satisfy every question on that way and
 * steer its conditions down the same branches (persona-realism.md §5.1: goal G = constraints the customer
 * will inform). The agenda policy then works the goal off turn by turn.
 */
import { testCondition } from '../flow/condition.ts';
import { findEndPaths, handleOf, type EndPath } from '../flow/graph.ts';
import type { ConditionBranch, EntitySpec, FlowNode } from '../flow/types.ts';
import type { CompiledFlow } from '../runtime/types.ts';
import { createRng, type Rng } from '../simulate/random.ts';
import { fitsEntity, generateEntityValue } from './entity-values.ts';
import type { Goal } from './types.ts';

/** Paths searched per flow. Flows in a builder rarely have more distinct ways through; the search is cached. */
export const MAX_GOAL_PATHS = 64;

/** One condition a slot's value must meet (or fail) for the path's branch to be taken. */
export interface SlotConstraint {
  op: ConditionBranch['op'];
  value?: string | number;
  /** true: the branch must hold; false: it must not (an earlier branch the path does not take). */
  want: boolean;
}

interface PlannedPath {
  path: EndPath;
  /** Relative chance of drawing this path; 0 = infeasible. */
  weight: number;
  /** The route at the first router, used to spread goals evenly over what customers ask for. */
  firstRoute: string;
  routes: Record<string, string>;
  /** Questions on the path, in order, with the constraints later conditions put on their slot. */
  questions: { nodeId: string; slot: string; entity: EntitySpec; prompt: string; constraints: SlotConstraint[] }[];
}

const plans = new WeakMap<CompiledFlow, PlannedPath[]>();

/**
 * Draws what this customer wants: a path from start to an end node (spread evenly over the routes offered at
 * the first router, then by the chance the path's mocked tools allow it), the route at every router, and
 * facts for every question on the path, consistent with the path's condition branches. Returns null when no
 * end node can be reached by a cooperative customer.
 *
 * @example
 * const goal = pickGoal(flow, streams.get('goal'));
 * goal?.routes // { menu: 'track' }
 * goal?.facts  // { order: 'KD905217' }
 */
export function pickGoal(flow: CompiledFlow, rng: Rng): Goal | null {
  const planned = planPaths(flow).filter((p) => p.weight > 0);
  if (planned.length === 0) return null;
  // Group by first route so that an intent with many downstream branches is not over-represented.
  const groups = new Map<string, PlannedPath[]>();
  for (const p of planned) {
    const g = groups.get(p.firstRoute);
    if (g) g.push(p);
    else groups.set(p.firstRoute, [p]);
  }
  const keys = [...groups.keys()];
  const group = groups.get(keys[rng.int(keys.length)])!;
  const chosen = group[rng.weightedIndex(group.map((p) => p.weight))];
  const facts: Record<string, string> = {};
  for (const q of chosen.questions) {
    if (facts[q.slot] !== undefined) continue;
    facts[q.slot] = solveSlot(q.entity, q.slot, q.prompt, q.constraints, rng) ?? generateEntityValue(q.entity, q.slot, q.prompt, rng);
  }
  return {
    targetNodeId: chosen.path.nodes[chosen.path.nodes.length - 1],
    routes: { ...chosen.routes },
    facts,
    path: chosen.path.nodes.slice(),
  };
}

/** Paths of a flow with their weights and constraints; computed once per compiled flow. */
function planPaths(flow: CompiledFlow): PlannedPath[] {
  const cached = plans.get(flow);
  if (cached) return cached;
  const feasibilityRng = createRng('flowstress', 'goal-feasibility');
  const out: PlannedPath[] = [];
  for (const path of findEndPaths(flow.doc, { maxPaths: MAX_GOAL_PATHS })) {
    out.push(planPath(flow, path, feasibilityRng));
  }
  plans.set(flow, out);
  return out;
}

function planPath(flow: CompiledFlow, path: EndPath, feasibilityRng: Rng): PlannedPath {
  const routes: Record<string, string> = {};
  const questions: PlannedPath['questions'] = [];
  const bySlot = new Map<string, PlannedPath['questions'][number]>();
  const toolValues = new Map<string, string>();
  let weight = 1;
  let firstRoute = '';
  path.nodes.forEach((id, i) => {
    const node = flow.nodes.get(id) as FlowNode;
    const edge = path.edges[i];
    if (!edge) return;
    const handle = handleOf(edge);
    switch (node.type) {
      case 'router':
        if (handle !== null) {
          routes[id] = handle;
          if (firstRoute === '') firstRoute = handle;
        }
        break;
      case 'question': {
        const q = { nodeId: id, slot: node.data.slot, entity: node.data.entity, prompt: node.data.prompt, constraints: [] as SlotConstraint[] };
        questions.push(q);
        if (!bySlot.has(q.slot)) bySlot.set(q.slot, q);
        toolValues.delete(q.slot);
        break;
      }
      case 'action': {
        const mock = node.data.mock;
        if (handle === 'error') weight *= mock.mode === 'error' ? 1 : mock.mode === 'error_rate' ? mock.rate : 0;
        else {
          weight *= mock.mode === 'error_rate' ? 1 - mock.rate : mock.mode === 'error' ? 0 : 1;
          const result = mock.mode === 'error' ? undefined : mock.result;
          for (const [k, v] of Object.entries(result ?? {})) toolValues.set(k, v);
        }
        break;
      }
      case 'condition': {
        const branches = node.data.branches;
        const taken = branches.findIndex((b) => b.id === handle);
        const upTo = taken < 0 ? branches.length : taken;
        for (let k = 0; k <= upTo && k < branches.length; k++) {
          const b = branches[k];
          const want = k === taken;
          const q = bySlot.get(b.slot);
          if (q && !toolValues.has(b.slot)) q.constraints.push({ op: b.op, value: b.value, want });
          else if (testCondition(b, toolValues.get(b.slot)) !== want) weight = 0;
        }
        break;
      }
      default:
        break;
    }
  });
  for (const q of bySlot.values()) {
    if (q.constraints.length > 0 && solveSlot(q.entity, q.slot, q.prompt, q.constraints, feasibilityRng) === null) weight = 0;
  }
  return { path, weight, firstRoute, routes, questions };
}


/** Stored yes/no values compare against the designer's words for them ("true", "y"...). */
const YES_WORDS = new Set(['yes', 'y', 'true', '1']);
const NO_WORDS = new Set(['no', 'n', 'false', '0']);

function satisfies(constraints: readonly SlotConstraint[], value: string, entity: EntitySpec): boolean {
  return constraints.every((c) => {
    let v = value;
    // A designer may test a yes/no slot against "true"; compare in the designer's vocabulary.
    if (entity.type === 'yes_no' && c.value !== undefined) {
      const want = String(c.value).toLowerCase();
      if (YES_WORDS.has(want) && value === 'yes') v = want;
      if (NO_WORDS.has(want) && value === 'no') v = want;
    }
    return testCondition(c, v) === c.want;
  });
}

/**
 * A value for one slot that meets every constraint, or null when none is found. Closed entities (choice,
 * yes/no) are searched exhaustively; numbers around the constraint bounds; open entities try the values
 * named in `eq`/`contains` constraints, then random values.
 */
export function solveSlot(entity: EntitySpec, slot: string, prompt: string, constraints: readonly SlotConstraint[], rng: Rng): string | null {
  const ok = (v: string) => satisfies(constraints, v, entity);
  if (entity.type === 'choice') {
    return rng.shuffle(entity.options.map((o) => o.value)).find(ok) ?? null;
  }
  if (entity.type === 'yes_no') {
    return rng.shuffle(['yes', 'no']).find(ok) ?? null;
  }
  const candidates: string[] = [];
  for (const c of constraints) {
    if (c.value === undefined || !c.want) continue;
    if (c.op === 'eq') candidates.push(String(c.value));
    if (entity.type === 'number' && (c.op === 'gt' || c.op === 'lt')) {
      const n = Number(c.value);
      const step = entity.integer === false ? 0.5 : 1;
      for (let k = 1; k <= 5; k++) candidates.push(String(c.op === 'gt' ? n + k * step : n - k * step));
    }
    if (c.op === 'contains' && entity.type === 'text') {
      candidates.push(`${generateEntityValue(entity, slot, prompt, rng)} ${c.value}`);
    }
  }
  for (const v of candidates) if (fitsEntity(entity, v) && ok(v)) return v;
  for (let attempt = 0; attempt < 40; attempt++) {
    const v = generateEntityValue(entity, slot, prompt, rng);
    if (ok(v)) return v;
  }
  return null;
}
