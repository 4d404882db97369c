/**
 * Graph helpers over a flow document, shared by validation, the runtime and the persona engine.
 * All of them are deterministic: results follow document order or the order the flow lists its routes,
 * never hash-map iteration order of anything but insertion.
 */
import { testCondition } from './condition.ts';
import type { ConditionBranch, FlowDocument, FlowEdge, FlowNode, NodeKind, ToolMock } from './types.ts';

/** A flow prepared for repeated lookups; build it once with {@link indexFlow} when calling helpers in a loop. */
export interface FlowIndex {
  /** Nodes by id; with duplicate ids (an FS008 error) the first one wins. */
  readonly nodes: ReadonlyMap<string, FlowNode>;
  /** Outgoing edges by source node id, in document order, only edges whose source and target both exist. */
  readonly outgoing: ReadonlyMap<string, readonly FlowEdge[]>;
  /** The first start node in document order, or null when there is none. */
  readonly startId: string | null;
}

/** Nodes where the bot waits for the customer. */
export function isListeningKind(kind: NodeKind): boolean {
  return kind === 'question' || kind === 'router';
}

/** Nodes that end the conversation and have no outgoing edges. */
export function isTerminalKind(kind: NodeKind): boolean {
  return kind === 'end' || kind === 'handoff';
}

/**
 * The source handle of an edge, with "no handle" as `null` whether the builder wrote `null` (reactflow 11),
 * left it out (@xyflow/react 12) or wrote an empty string.
 */
export function handleOf(edge: Pick<FlowEdge, 'sourceHandle'>): string | null {
  const h = edge.sourceHandle;
  return typeof h === 'string' && h !== '' ? h : null;
}

/** Builds the lookup maps used by the other helpers. */
export function indexFlow(flow: FlowDocument): FlowIndex {
  const nodes = new Map<string, FlowNode>();
  let startId: string | null = null;
  for (const node of flow.nodes) {
    if (nodes.has(node.id)) continue;
    nodes.set(node.id, node);
    if (node.type === 'start' && startId === null) startId = node.id;
  }
  const outgoing = new Map<string, FlowEdge[]>();
  for (const edge of flow.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) continue;
    let list = outgoing.get(edge.source);
    if (!list) outgoing.set(edge.source, (list = []));
    list.push(edge);
  }
  return { nodes, outgoing, startId };
}

const asIndex = (g: FlowDocument | FlowIndex): FlowIndex => ('outgoing' in g ? g : indexFlow(g));

/**
 * Outgoing edges of one node grouped by source handle (`null` = no handle), in document order.
 * Edges to missing nodes are left out.
 *
 * @example
 * const byHandle = outgoingByHandle(flow, 'ask_order');
 * const next = byHandle.get('valid') ?? byHandle.get(null);
 */
export function outgoingByHandle(graph: FlowDocument | FlowIndex, nodeId: string): Map<string | null, FlowEdge[]> {
  const out = new Map<string | null, FlowEdge[]>();
  for (const edge of asIndex(graph).outgoing.get(nodeId) ?? []) {
    const h = handleOf(edge);
    let list = out.get(h);
    if (!list) out.set(h, (list = []));
    list.push(edge);
  }
  return out;
}

/**
 * Ids of the nodes reachable from `from` (included) by following edges of any handle, in breadth-first order.
 * Unknown ids in `from` are ignored.
 */
export function reachableFrom(graph: FlowDocument | FlowIndex, from: string | readonly string[]): Set<string> {
  const index = asIndex(graph);
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const id of typeof from === 'string' ? [from] : from) {
    if (index.nodes.has(id) && !seen.has(id)) {
      seen.add(id);
      queue.push(id);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    for (const edge of index.outgoing.get(queue[q]) ?? []) {
      if (!seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return seen;
}

/**
 * Cycles made only of nodes that never wait for the customer (start, message, condition, action): once the
 * conversation enters one, it spins until the step budget ends it as `loop_detected`. Returns each cycle's
 * node ids (a strongly connected component, sorted), the cycles sorted by their first id.
 */
export function findCyclesWithoutWait(graph: FlowDocument | FlowIndex): string[][] {
  const index = asIndex(graph);
  const passive = (id: string) => {
    const n = index.nodes.get(id);
    return n !== undefined && !isListeningKind(n.type) && !isTerminalKind(n.type);
  };
  const succ = (id: string) => (index.outgoing.get(id) ?? []).map((e) => e.target).filter(passive);

  // Tarjan's strongly connected components, iterative so a long chain of messages cannot overflow the stack.
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const root of index.nodes.keys()) {
    if (!passive(root) || order.has(root)) continue;
    const work: { id: string; next: string[]; i: number }[] = [];
    const enter = (id: string) => {
      order.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, next: succ(id), i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.next.length) {
        const w = frame.next[frame.i++];
        if (!order.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id)!, order.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === order.get(frame.id)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== frame.id);
        const selfLoop = comp.length === 1 && succ(comp[0]).includes(comp[0]);
        if (comp.length > 1 || selfLoop) cycles.push(comp.sort(compareStrings));
      }
    }
  }
  return cycles.sort((a, b) => compareStrings(a[0], b[0]));
}

/** One way through the flow from the start node to an end node. */
export interface EndPath {
  /** Node ids from the start node to the end node, inclusive. */
  nodes: string[];
  /** The edges taken, `edges[i]` going from `nodes[i]` to `nodes[i + 1]`. */
  edges: FlowEdge[];
}

export interface FindEndPathsOptions {
  /** Stop after this many paths (default 64). */
  maxPaths?: number;
  /** Node expansions allowed for the whole search, a guard against densely connected flows (default 20000). */
  maxSteps?: number;
}

/**
 * The simple paths (no node twice) from the start node to `end` nodes that a cooperative customer can
 * follow, for drawing goals. Which edges count:
 * - question: the `valid` (or unlabelled) edge, never `no_match`;
 * - router: one edge per listed intent (mode `intent`) or option (mode `options`), in the order the router
 *   lists them, never `no_match` or handles it does not list;
 * - condition: branches that can be true given what is known on the path (tool results are fixed by their
 *   mock; question answers are up to the customer; a slot not yet filled is missing), in branch order, then
 *   `else` when no earlier branch is certainly true;
 * - action: `success` unless the mock always fails, `error` only when the mock can fail;
 * - start and message: their edge. Handoff nodes end a path without producing one.
 *
 * Deterministic: the same flow gives the same paths in the same order. Empty when the flow has no start
 * node or no end node is reachable.
 *
 * @example
 * const paths = findEndPaths(flow, { maxPaths: 32 });
 * const goal = paths[rng.int(paths.length)];
 * const routes = goal.edges.filter((e) => flow.nodes.find((n) => n.id === e.source)?.type === 'router');
 */
export function findEndPaths(graph: FlowDocument | FlowIndex, options: FindEndPathsOptions = {}): EndPath[] {
  const index = asIndex(graph);
  const maxPaths = options.maxPaths ?? 64;
  const maxSteps = options.maxSteps ?? 20000;
  const paths: EndPath[] = [];
  if (index.startId === null || maxPaths <= 0) return paths;

  let steps = 0;
  const nodes: string[] = [];
  const edges: FlowEdge[] = [];
  const onPath = new Set<string>();
  const slots = new Map<string, Known>();

  type Option = ReturnType<typeof followableEdges>[number];
  type Saved = (readonly [string, Known | undefined])[];
  /** One node on the current path, with the edges still to try from it (an explicit stack, not recursion:
   * a chain of thousands of nodes must not overflow the call stack). */
  interface Frame {
    id: string;
    options: Option[];
    next: number;
    /** Slots to restore when the edge being explored returns; null when no edge is being explored. */
    saved: Saved | null;
  }
  const stack: Frame[] = [];
  const spent = () => paths.length >= maxPaths || steps > maxSteps;
  const enter = (id: string): boolean => {
    if (paths.length >= maxPaths || ++steps > maxSteps) return false;
    const node = index.nodes.get(id)!;
    nodes.push(id);
    onPath.add(id);
    let options: Option[] = [];
    if (node.type === 'end') paths.push({ nodes: nodes.slice(), edges: edges.slice() });
    else options = followableEdges(index, node, slots);
    stack.push({ id, options, next: 0, saved: null });
    return true;
  };
  const undo = (saved: Saved) => {
    edges.pop();
    for (const [slot, prev] of saved) {
      if (prev === undefined) slots.delete(slot);
      else slots.set(slot, prev);
    }
  };

  enter(index.startId);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.saved) {
      // Back from the edge explored last.
      undo(frame.saved);
      frame.saved = null;
      if (spent()) frame.next = frame.options.length;
    }
    let descended = false;
    while (frame.next < frame.options.length) {
      const { edge, fills } = frame.options[frame.next++];
      if (onPath.has(edge.target)) continue;
      const saved: Saved = fills.map(([slot]) => [slot, slots.get(slot)] as const);
      for (const [slot, known] of fills) slots.set(slot, known);
      edges.push(edge);
      frame.saved = saved;
      if (enter(edge.target)) {
        descended = true;
        break;
      }
      undo(saved);
      frame.saved = null;
      if (spent()) frame.next = frame.options.length;
    }
    if (descended) continue;
    stack.pop();
    nodes.pop();
    onPath.delete(frame.id);
  }
  return paths;
}

/** What the path search knows about a slot: filled by a customer answer (value open) or by a tool result. */
type Known = { by: 'answer' } | { by: 'tool'; value: string };

const byId = (a: FlowEdge, b: FlowEdge) => compareStrings(a.id, b.id);

function followableEdges(index: FlowIndex, node: FlowNode, slots: ReadonlyMap<string, Known>): { edge: FlowEdge; fills: [string, Known][] }[] {
  const all = index.outgoing.get(node.id) ?? [];
  const withHandle = (h: string | null) => all.filter((e) => handleOf(e) === h).sort(byId);
  const plain = (list: FlowEdge[]) => list.map((edge) => ({ edge, fills: [] as [string, Known][] }));
  switch (node.type) {
    case 'start':
    case 'message':
      return plain(all.slice().sort(byId));
    case 'question': {
      const slot = typeof node.data.slot === 'string' && node.data.slot !== '' ? node.data.slot : null;
      const fills: [string, Known][] = slot ? [[slot, { by: 'answer' }]] : [];
      return [...withHandle('valid'), ...withHandle(null)].map((edge) => ({ edge, fills }));
    }
    case 'router': {
      const routes = routerRoutes(node.data);
      return plain(routes.flatMap((r) => withHandle(r)));
    }
    case 'condition': {
      const branches = Array.isArray(node.data.branches) ? node.data.branches : [];
      const out: FlowEdge[] = [];
      let certain = false;
      for (const b of branches) {
        if (!b || typeof b.id !== 'string') continue;
        const v = evalBranch(b, slots);
        if (v !== false) out.push(...withHandle(b.id));
        if (v === true) {
          certain = true;
          break;
        }
      }
      if (!certain) out.push(...withHandle('else'));
      return plain(out);
    }
    case 'action': {
      const { canSucceed, canFail, result } = mockOutcomes(node.data.mock);
      const fills: [string, Known][] = Object.entries(result).map(([k, v]) => [k, { by: 'tool', value: v }]);
      return [
        ...(canSucceed ? withHandle('success').map((edge) => ({ edge, fills })) : []),
        ...(canFail ? plain(withHandle('error')) : []),
      ];
    }
    default:
      return [];
  }
}

/** The route handles a router offers, in the order it lists them (its intents, or its option ids). */
export function routerRoutes(data: { mode?: string; intents?: unknown; options?: unknown }): string[] {
  const list = data.mode === 'options' ? (Array.isArray(data.options) ? data.options.map((o) => (o as { id?: unknown })?.id) : []) : Array.isArray(data.intents) ? data.intents : [];
  return list.filter((x): x is string => typeof x === 'string' && x !== '');
}

function mockOutcomes(mock: ToolMock | undefined): { canSucceed: boolean; canFail: boolean; result: Record<string, string> } {
  const resultOf = (m: { result?: unknown }) => {
    const out: Record<string, string> = {};
    if (m.result && typeof m.result === 'object' && !Array.isArray(m.result)) {
      for (const [k, v] of Object.entries(m.result)) if (typeof v === 'string') out[k] = v;
    }
    return out;
  };
  if (mock && typeof mock === 'object') {
    if (mock.mode === 'success') return { canSucceed: true, canFail: false, result: resultOf(mock) };
    if (mock.mode === 'error') return { canSucceed: false, canFail: true, result: {} };
    if (mock.mode === 'error_rate' && typeof mock.rate === 'number') {
      return { canSucceed: mock.rate < 1, canFail: mock.rate > 0, result: resultOf(mock) };
    }
  }
  // An invalid mock is a validation error; the search stays useful by assuming either outcome.
  return { canSucceed: true, canFail: true, result: {} };
}

/**
 * true / false when the branch's outcome is certain from what the path knows, null when it depends on the
 * customer's answer. Mirrors the runtime's comparison (case-insensitive text, numbers for gt/lt, an empty
 * value counts as missing).
 */
function evalBranch(b: ConditionBranch, slots: ReadonlyMap<string, Known>): boolean | null {
  const known = slots.get(b.slot);
  if (known?.by === 'answer') {
    // A customer's answer is never empty, but its value is up to the customer.
    if (b.op === 'exists') return true;
    if (b.op === 'missing') return false;
    return null;
  }
  return testCondition(b, known?.value);
}

/** Code-unit string order: the same in every engine and locale, unlike `localeCompare`. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
