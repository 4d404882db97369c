import type { Edge, Node } from '@xyflow/react';
import { DEFAULT_SETTINGS, type FlowDocument, type FlowSettings, type Intent, type NodeKind } from 'flowstress';

/**
 * A canvas node. React Flow wants `data` to be a plain record, which the package's per-kind data
 * interfaces are not (interfaces carry no index signature), so the canvas holds records and the
 * inspector casts to the kind's data type after checking `type`.
 */
export type BuilderNode = Node<Record<string, unknown>, NodeKind>;
export type BuilderEdge = Edge;

/** The unsaved draft the designer edits: exactly the flow document, with React Flow's UI fields on nodes. */
export interface Draft {
  id: string;
  name: string;
  nodes: BuilderNode[];
  edges: BuilderEdge[];
  intents: Intent[];
  settings: FlowSettings;
}

/** Strips canvas-only fields (selection, measurements) so an export is a clean flow document. */
export function toFlowDocument(draft: Draft): FlowDocument {
  return {
    id: draft.id,
    name: draft.name,
    nodes: draft.nodes.map((n) => ({ id: n.id, type: n.type, position: n.position, data: n.data })) as FlowDocument['nodes'],
    edges: draft.edges.map((e) => {
      const edge: FlowDocument['edges'][number] = { id: e.id, source: e.source, target: e.target };
      if (e.sourceHandle) edge.sourceHandle = e.sourceHandle;
      if (e.targetHandle) edge.targetHandle = e.targetHandle;
      if (typeof e.label === 'string') edge.label = e.label;
      if (e.data) edge.data = e.data;
      return edge;
    }),
    intents: draft.intents,
    settings: draft.settings,
  };
}

export function fromFlowDocument(doc: FlowDocument): Draft {
  // Deep copy: edits to the draft must never reach the example module's object.
  const copy = structuredClone(doc);
  return {
    id: copy.id,
    name: copy.name,
    nodes: copy.nodes.map((n) => ({ ...n, data: n.data as unknown as Record<string, unknown> })),
    edges: copy.edges.map((e) => ({ ...e, sourceHandle: e.sourceHandle ?? null })),
    intents: copy.intents ?? [],
    settings: withDefaults(copy.settings),
  };
}

/** Files may leave settings out; the inspector edits every field, so fill them from the package defaults. */
function withDefaults(settings: Partial<FlowSettings> | undefined): FlowSettings {
  const base = structuredClone(DEFAULT_SETTINGS);
  return {
    ...base,
    ...settings,
    fallback: { ...base.fallback, ...settings?.fallback },
    matcher: { ...base.matcher, ...settings?.matcher },
    globalIntents: settings?.globalIntents ?? base.globalIntents,
  };
}
