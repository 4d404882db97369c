/**
 * From a host builder's React Flow graph to a flow document.
 *
 * Accepts the node and edge objects of both `reactflow` 11 and `@xyflow/react` 12 as they sit in the host's
 * state: only `id`, `type`, `position`, `data` (nodes) and `id`, `source`, `target`, `sourceHandle`,
 * `targetHandle`, a string `label` and `data` (edges) are read; everything React Flow adds (`selected`,
 * `dragging`, `measured`, `width`/`height`, `positionAbsolute`, `style`, `className`, internals) is dropped.
 * v11 writes `sourceHandle: null` where v12 leaves it out; both mean "no handle".
 *
 * Runs on the host's thread before anything is posted to a worker, so mapping functions never need to be
 * serialisable. Never throws: a mapping that throws becomes a finding.
 */
import { formatMessage, type Finding } from '../core/errors.ts';
import { parseFlow, type ParseResult, type PartialFlowSettings } from '../core/flow/parse.ts';
import { NODE_KINDS, type Intent, type NodeKind } from '../core/flow/types.ts';

/** The host's node as the mapping functions see it (the fields every React Flow version has). */
export interface HostNode {
  id: string;
  type?: string;
  data: unknown;
}

/**
 * How a host's own node types and data fields map onto the built-in kinds.
 *
 * @example
 * const mapping: FlowMapping = {
 *   types: { sendText: 'message', askQuestion: 'question' },
 *   data: {
 *     message: (d) => ({ text: d.content }),
 *     question: (d) => ({ slot: d.variable, prompt: d.content, entity: { type: d.inputType ?? 'text' } }),
 *   },
 *   ignoreTypes: ['stickyNote'],
 * };
 */
export interface FlowMapping {
  /** Host node type -> built-in kind. Types that are already built-in kinds need no entry. */
  types?: Record<string, NodeKind>;
  /** Per kind, turns the host's `data` into the kind's data (see `flow/types.ts`); the node is passed too. */
  // `any`: the host's data shape is the host's business; the result is checked by parseFlow.
  data?: Partial<Record<NodeKind, (data: any, node: HostNode) => unknown>>;
  /**
   * Host node types that are not part of the conversation (sticky notes, groups, comments). They and the
   * edges touching them are left out. Anything else with an unknown type is an FS102 error, never skipped.
   */
  ignoreTypes?: string[];
  /**
   * Per kind, renames the host's handle ids to the built-in ones, e.g. `{ action: { ok: 'success', fail: 'error' } }`.
   */
  handles?: Partial<Record<NodeKind, Record<string, string>>>;
}

export interface ReactFlowInput {
  /** `Node[]` from `reactflow` 11 or `@xyflow/react` 12 (or the same shape from anywhere). */
  nodes: readonly unknown[];
  /** `Edge[]` from `reactflow` 11 or `@xyflow/react` 12. */
  edges: readonly unknown[];
  /** Flow id for the history (default `"flow"`). */
  id?: string;
  /** Flow name (default `"Untitled flow"`). */
  name?: string;
  intents?: Intent[];
  /** Missing fields default to `DEFAULT_SETTINGS` (deep merge). */
  settings?: PartialFlowSettings;
}

export const DEFAULT_FLOW_ID = 'flow';
export const DEFAULT_FLOW_NAME = 'Untitled flow';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Converts a host's React Flow nodes and edges (+ flow-level intents and settings) into a flow document,
 * checking its shape with `parseFlow`. Finding paths (`nodes[3].data.slot`) index the arrays passed in.
 * Run `validateFlow` on the result before a stress test.
 *
 * @example
 * import { useReactFlow } from '@xyflow/react';
 * const { getNodes, getEdges } = useReactFlow();
 * const res = fromReactFlow({ nodes: getNodes(), edges: getEdges(), id: 'support-bot', intents }, mapping);
 * if (!res.ok) showFindings(res.findings);
 */
export function fromReactFlow(input: ReactFlowInput, mapping: FlowMapping = {}): ParseResult {
  const extra: Finding[] = [];
  const ignore = new Set(mapping.ignoreTypes ?? []);
  const ignoredIds = new Set<string>();
  const kindById = new Map<string, NodeKind>();

  const rawNodes = Array.isArray(input?.nodes) ? input.nodes : input?.nodes;
  const rawEdges = Array.isArray(input?.edges) ? input.edges : input?.edges;

  // Keep array positions stable (ignored nodes become holes filtered below) so finding paths match the input.
  const nodes: unknown[] | unknown = Array.isArray(rawNodes)
    ? rawNodes.map((raw, i) => {
        if (!isObj(raw)) return raw;
        const type = typeof raw.type === 'string' ? raw.type : undefined;
        if (type !== undefined && ignore.has(type)) {
          if (typeof raw.id === 'string') ignoredIds.add(raw.id);
          return IGNORED;
        }
        // A node without a type is React Flow's "default" node; a mapping can name it like any other type.
        // Own entries only: a host type named "constructor" or "__proto__" must not find Object's built-ins.
        const kind = type === undefined ? mappedKind(mapping, 'default') : (mappedKind(mapping, type) ?? (isKind(type) ? type : undefined));
        const out: Obj = { id: raw.id, type: kind ?? type, data: raw.data };
        if (raw.position !== undefined) out.position = raw.position;
        if (kind !== undefined && typeof raw.id === 'string') kindById.set(raw.id, kind);
        const mapData = kind !== undefined && mapping.data && Object.hasOwn(mapping.data, kind) ? mapping.data[kind] : undefined;
        if (mapData) {
          try {
            out.data = mapData(raw.data, { id: String(raw.id), type, data: raw.data });
          } catch (e) {
            extra.push({
              code: 'FS101',
              severity: 'error',
              message: formatMessage('FS101', `the mapping of node "${String(raw.id)}" (${type} -> ${kind}) threw: ${e instanceof Error ? e.message : String(e)}`),
              path: `nodes[${i}].data`,
              ...(typeof raw.id === 'string' ? { nodeId: raw.id } : {}),
            });
            out.data = {};
          }
        }
        return out;
      })
    : rawNodes;

  const edges: unknown[] | unknown = Array.isArray(rawEdges)
    ? rawEdges.map((raw) => {
        if (!isObj(raw)) return raw;
        if (ignoredIds.has(raw.source as string) || ignoredIds.has(raw.target as string)) return IGNORED;
        const out: Obj = { id: raw.id, source: raw.source, target: raw.target };
        let handle = raw.sourceHandle;
        const kind = kindById.get(raw.source as string);
        const renames = kind !== undefined && mapping.handles && Object.hasOwn(mapping.handles, kind) ? mapping.handles[kind] : undefined;
        if (typeof handle === 'string' && renames && Object.hasOwn(renames, handle)) handle = renames[handle];
        if (handle !== undefined && handle !== null) out.sourceHandle = handle;
        if (raw.targetHandle !== undefined && raw.targetHandle !== null) out.targetHandle = raw.targetHandle;
        // React Flow labels may be React elements; only text is part of the document.
        if (typeof raw.label === 'string') out.label = raw.label;
        if (isObj(raw.data)) out.data = raw.data;
        return out;
      })
    : rawEdges;

  const doc = {
    id: input?.id ?? DEFAULT_FLOW_ID,
    name: input?.name ?? DEFAULT_FLOW_NAME,
    nodes,
    edges,
    intents: input?.intents ?? [],
    settings: input?.settings ?? {},
  };
  const res = parseWithHoles(doc);
  const findings = [...extra, ...res.findings];
  if (!res.ok || extra.length > 0) return { ok: false, findings };
  return { ok: true, flow: res.flow, findings };
}

/** Marks an entry left out through `ignoreTypes`, keeping the array positions of the others. */
const IGNORED = Symbol('ignored');

/** The kind a host type maps to, from the mapping's own entries only. */
function mappedKind(mapping: FlowMapping, type: string): NodeKind | undefined {
  const types = mapping.types;
  return types && Object.hasOwn(types, type) ? types[type] : undefined;
}

function isKind(type: string): type is NodeKind {
  return (NODE_KINDS as readonly string[]).includes(type);
}

/**
 * parseFlow over arrays where ignored entries are marked: they are removed before parsing and the finding
 * paths are shifted back to the host's indices.
 */
function parseWithHoles(doc: { nodes: unknown; edges: unknown } & Obj): ParseResult {
  const keep = (list: unknown) => {
    if (!Array.isArray(list)) return { list, index: (i: number) => i };
    const positions: number[] = [];
    const kept = list.filter((x, i) => (x === IGNORED ? false : (positions.push(i), true)));
    return { list: kept, index: (i: number) => positions[i] ?? i };
  };
  const n = keep(doc.nodes);
  const e = keep(doc.edges);
  const res = parseFlow({ ...doc, nodes: n.list, edges: e.list }, { warnUnknownDataFields: false });
  const remap = (f: Finding): Finding => {
    if (!f.path) return f;
    const path = f.path.replace(/^(nodes|edges)\[(\d+)\]/, (_m, arr: string, i: string) => `${arr}[${(arr === 'nodes' ? n : e).index(Number(i))}]`);
    if (path === f.path) return f;
    return { ...f, path, message: f.message.split(f.path).join(path) };
  };
  return res.ok ? { ...res, findings: res.findings.map(remap) } : { ok: false, findings: res.findings.map(remap) };
}
